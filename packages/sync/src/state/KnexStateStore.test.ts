import { storeFactories } from '../__testUtils__/storeFactories';
import { KnexStateStore } from './KnexStateStore';
import { PrefixedMigrationSource } from './migrationSource';

jest.setTimeout(60_000);

const T0 = 1_700_000_000_000;

describe.each(storeFactories(['sqlite', 'postgres']))(
  'KnexStateStore migrations on $name',
  factory => {
    beforeAll(() => factory.start());
    afterAll(() => factory.stop());

    it('takes the heartbeat migration down and up again with a run in place', async () => {
      const store = (await factory.create()) as KnexStateStore;
      const knex = factory.lastKnex()!;
      const run = {
        id: 'r1',
        type: 'resync' as const,
        status: 'running' as const,
        startedAt: new Date(T0).toISOString(),
        finishedAt: null,
        heartbeatAt: new Date(T0 + 5000).toISOString(),
        counts: {
          mapped: 0,
          upserted: 0,
          unchanged: 0,
          deleted: 0,
          failed: 0,
          skipped: 0,
          fieldErrors: 0,
        },
        errors: [],
        deletion: null,
        timings: {},
      };
      await store.runs.saveRun(run);
      const migrations = {
        migrationSource: new PrefixedMigrationSource(store.tablePrefix),
        tableName: `${store.tablePrefix}sync_knex_migrations`,
      };
      await knex.migrate.down(migrations);
      const { heartbeatAt: _gone, ...withoutHeartbeat } = run;
      const [row] = await knex(`${store.tablePrefix}sync_runs`).select('id');
      expect(row.id).toBe('r1');
      await knex.migrate.latest(migrations);
      expect(await store.runs.listRuns(5)).toEqual([withoutHeartbeat]);
    });

    it('migrates all the way down and up again with rows in place', async () => {
      const store = (await factory.create()) as KnexStateStore;
      await store.queue.enqueue([{ ref: 'a', op: 'upsert' }], T0);
      const options = {
        knex: factory.lastKnex()!,
        tablePrefix: store.tablePrefix,
      };
      await KnexStateStore.rollback(options);
      const again = await KnexStateStore.create(options);
      expect(await again.queue.queueStats(T0)).toEqual({
        depth: 0,
        due: 0,
        parked: 0,
        claimed: 0,
      });
      await again.queue.enqueue([{ ref: 'b', op: 'delete' }], T0);
      expect(
        (await again.queue.listQueue({ limit: 5 })).map(item => item.ref),
      ).toEqual(['b']);
    });
  },
);
