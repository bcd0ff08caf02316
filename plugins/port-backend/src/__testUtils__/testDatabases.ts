import { TestDatabases } from '@backstage/backend-test-utils';
import knexFactory, { Knex } from 'knex';

/**
 * The databases the plugin's stores are tested on: SQLite, and PostgreSQL when
 * BACKSTAGE_TEST_DATABASE_POSTGRES16_CONNECTION_STRING points at one (the harness starts it); never through Docker.
 * Call it at the top level of a test file: it registers the hooks that close them.
 */
export function portTestDatabases(): TestDatabases {
  return TestDatabases.create({
    ids: ['SQLITE_3', 'POSTGRES_16'],
    disableDocker: true,
  });
}

/** A fresh in-memory SQLite database, for tests of one replica's logic. */
export function memoryDatabase(): Knex {
  return knexFactory({
    client: 'better-sqlite3',
    connection: ':memory:',
    useNullAsDefault: true,
  });
}
