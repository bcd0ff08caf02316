import { Knex } from 'knex';
import { KnexRefStateStore } from './knex/KnexRefStateStore';
import { KnexRunLog } from './knex/KnexRunLog';
import { KnexWorkQueue } from './knex/KnexWorkQueue';
import { tablesFor } from './knex/tables';
import { PrefixedMigrationSource } from './migrationSource';
import type { StateStore } from './StateStore';

/** @public */
export interface KnexStateStoreOptions {
  knex: Knex;
  /** Skip running the migrations (when the caller runs them itself). */
  skipMigrations?: boolean;
  /** Prepended to every table name, including the migrations' own tables. Default none. */
  tablePrefix?: string;
}

/**
 * The state on a knex database: SQLite (better-sqlite3) for a single process, PostgreSQL for
 * any number. One set of tables, three stores over them (ref state, work queue, run log).
 *
 * @public
 */
export class KnexStateStore implements StateStore {
  readonly refs: KnexRefStateStore;
  readonly queue: KnexWorkQueue;
  readonly runs: KnexRunLog;

  /** Runs the migrations (unless told not to) and opens the stores. */
  static async create(options: KnexStateStoreOptions): Promise<KnexStateStore> {
    const prefix = options.tablePrefix ?? '';
    if (!options.skipMigrations) {
      await options.knex.migrate.latest(migrationConfig(prefix));
    }
    return new KnexStateStore(options.knex, prefix);
  }

  /** Reverts every migration; for tests and uninstalling. */
  static async rollback(options: KnexStateStoreOptions): Promise<void> {
    await options.knex.migrate.rollback(
      migrationConfig(options.tablePrefix ?? ''),
      true,
    );
  }

  private constructor(
    knex: Knex,
    /** The prefix of this store's table names. */
    readonly tablePrefix: string,
  ) {
    const tables = tablesFor(tablePrefix);
    this.refs = new KnexRefStateStore(knex, tables);
    this.queue = new KnexWorkQueue(knex, tables);
    this.runs = new KnexRunLog(knex, tables);
  }
}

function migrationConfig(prefix: string) {
  return {
    migrationSource: new PrefixedMigrationSource(prefix),
    tableName: `${prefix}sync_knex_migrations`,
  };
}
