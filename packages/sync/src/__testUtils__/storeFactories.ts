import knexFactory, { Knex } from 'knex';
import { KnexStateStore } from '../state/KnexStateStore';
import { MemoryStateStore } from '../state/MemoryStateStore';
import { StateStore } from '../state/StateStore';
import {
  TestPostgres,
  findPostgresBinDir,
  startPostgres,
} from '@portsync/test-postgres';

/**
 * One kind of state store for a test file: `start` in beforeAll, `create` a fresh, empty store
 * per test, `stop` in afterAll. PostgreSQL runs one server per file; each store gets its own
 * table prefix.
 */
export interface StoreFactory {
  name: string;
  start(): Promise<void>;
  create(): Promise<StateStore>;
  /** A second store over the same tables as the last `create`, as another process would open it. */
  openAgain(): Promise<StateStore>;
  /** The knex of the last `create`, for migration tests. */
  lastKnex(): Knex | undefined;
  stop(): Promise<void>;
}

let counter = 0;

function sqliteFactory(): StoreFactory {
  const instances: Knex[] = [];
  let last: Knex | undefined;
  return {
    name: 'sqlite',
    async start() {},
    async create() {
      last = knexFactory({
        client: 'better-sqlite3',
        connection: { filename: ':memory:' },
        useNullAsDefault: true,
      });
      instances.push(last);
      return KnexStateStore.create({ knex: last });
    },
    async openAgain() {
      if (!last) throw new Error('create a store first');
      return KnexStateStore.create({ knex: last });
    },
    lastKnex: () => last,
    async stop() {
      await Promise.all(instances.map(instance => instance.destroy()));
    },
  };
}

function postgresFactory(): StoreFactory {
  let server: TestPostgres | undefined;
  const instances: Knex[] = [];
  let last: { knex: Knex; prefix: string } | undefined;
  const connect = () => {
    if (!server) throw new Error('PostgreSQL did not start');
    const instance = knexFactory({
      client: 'pg',
      connection: server.connection,
      pool: { min: 0, max: 5 },
    });
    instances.push(instance);
    return instance;
  };
  return {
    name: 'postgres',
    async start() {
      server = await startPostgres();
    },
    async create() {
      counter += 1;
      last = { knex: connect(), prefix: `t${process.pid}_${counter}_` };
      return KnexStateStore.create({
        knex: last.knex,
        tablePrefix: last.prefix,
      });
    },
    async openAgain() {
      if (!last) throw new Error('create a store first');
      return KnexStateStore.create({
        knex: connect(),
        tablePrefix: last.prefix,
      });
    },
    lastKnex: () => last?.knex,
    async stop() {
      await Promise.all(instances.map(instance => instance.destroy()));
      await server?.stop();
    },
  };
}

function memoryFactory(): StoreFactory {
  let last: MemoryStateStore | undefined;
  return {
    name: 'memory',
    async start() {},
    async create() {
      last = new MemoryStateStore();
      return last;
    },
    async openAgain() {
      if (!last) throw new Error('create a store first');
      return MemoryStateStore.fromJSON(JSON.parse(JSON.stringify(last)));
    },
    lastKnex: () => undefined,
    async stop() {},
  };
}

/** True when the PostgreSQL cases can run; when not, `startPostgres` explains why on the console. */
export const postgresAvailable = findPostgresBinDir() !== undefined;

/** The stores a test file runs against: memory and/or the databases (SQLite always, PostgreSQL when installed). */
export function storeFactories(
  kinds: Array<'memory' | 'sqlite' | 'postgres'>,
): StoreFactory[] {
  return kinds.flatMap(kind => {
    if (kind === 'memory') return [memoryFactory()];
    if (kind === 'sqlite') return [sqliteFactory()];
    if (!postgresAvailable) {
      // eslint-disable-next-line no-console
      console.warn(
        'PostgreSQL is not installed (no /usr/lib/postgresql/*/bin/initdb): the PostgreSQL cases are skipped.',
      );
      return [];
    }
    return [postgresFactory()];
  });
}
