import { storeFactories } from '../__testUtils__/storeFactories';
import { run } from '../__testUtils__/runRecord';
import type { RunLog } from './RunLog';

jest.setTimeout(60_000);

const T0 = 1_700_000_000_000;

/** The contract every RunLog keeps, on every store. */
describe.each(storeFactories(['memory', 'sqlite', 'postgres']))(
  'RunLog on $name',
  factory => {
    let runs: RunLog;

    beforeAll(() => factory.start());
    afterAll(() => factory.stop());
    beforeEach(async () => {
      runs = (await factory.create()).runs;
    });

    it('saves, replaces, lists newest first and prunes', async () => {
      await runs.saveRun(run('r1', T0, 'running'));
      await runs.saveRun(run('r1', T0));
      await runs.saveRun(run('r2', T0 + 10));
      await runs.saveRun(run('r3', T0 + 20, 'failed'));
      const listed = await runs.listRuns(10);
      expect(listed.map(r => [r.id, r.status])).toEqual([
        ['r3', 'failed'],
        ['r2', 'completed'],
        ['r1', 'completed'],
      ]);
      expect(listed[2]).toEqual(run('r1', T0));
      await runs.pruneRuns(2);
      expect((await runs.listRuns(10)).map(r => r.id)).toEqual(['r3', 'r2']);
    });

    it('closes running runs whose heartbeat stopped, and only those', async () => {
      const silent = { ...run('silent', T0, 'running'), finishedAt: null };
      const alive = {
        ...run('alive', T0, 'running'),
        finishedAt: null,
        heartbeatAt: new Date(T0 + 50_000).toISOString(),
      };
      const beat = {
        ...run('beat-long-ago', T0, 'running'),
        finishedAt: null,
        heartbeatAt: new Date(T0 + 5_000).toISOString(),
      };
      await runs.saveRun(silent);
      await runs.saveRun(alive);
      await runs.saveRun(beat);
      await runs.saveRun(run('done', T0));

      const closed = await runs.closeInterrupted(T0 + 30_000, T0 + 60_000);

      expect(closed.sort()).toEqual(['beat-long-ago', 'silent']);
      const byId = new Map((await runs.listRuns(10)).map(r => [r.id, r]));
      expect(byId.get('silent')).toMatchObject({
        status: 'failed',
        finishedAt: new Date(T0 + 60_000).toISOString(),
      });
      expect(byId.get('beat-long-ago')?.status).toBe('failed');
      expect(byId.get('alive')?.status).toBe('running');
      expect(byId.get('done')?.status).toBe('completed');
      expect(await runs.closeInterrupted(T0 + 30_000, T0 + 61_000)).toEqual([]);
    });
  },
);
