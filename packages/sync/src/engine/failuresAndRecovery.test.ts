import type { Sandbox } from '@portsync/port-sandbox';
import {
  createEngine,
  portContents,
  useEngineSuite,
} from '../__testUtils__/engineHarness';
import { storeFactories } from '../__testUtils__/storeFactories';
import { TestCatalog, component, group } from '../__testUtils__/TestCatalog';
import type { StateStore } from '../state/StateStore';
import type { SyncLogger } from './types';

jest.setTimeout(120_000);

/** A logger that keeps its warn lines. */
function warnLines(): { logger: SyncLogger; lines: string[] } {
  const lines: string[] = [];
  const quiet = () => {};
  return {
    lines,
    logger: {
      debug: quiet,
      info: quiet,
      warn: message => lines.push(message),
      error: message => lines.push(message),
    },
  };
}

describe.each(storeFactories(['sqlite', 'memory']))(
  'failures, deletions and crash recovery with the $name store',
  factory => {
    const suite = useEngineSuite(factory);
    let sandbox: Sandbox;
    let store: StateStore;
    beforeEach(() => ({ sandbox, store } = suite));

    it('lands 99 of 100 entities and reports the malformed one once, with Port’s message', async () => {
      const { engine, catalog } = createEngine(sandbox, store);
      catalog.put(group('platform'));
      for (let i = 0; i < 98; i++) {
        catalog.put(component(`svc-${i}`, { owner: 'platform', tier: i }));
      }
      catalog.put(component('broken', { owner: 'platform', tier: 'x' }));

      const report = await engine.resync();

      expect(report.status).toBe('partial');
      expect(report.counts).toMatchObject({ upserted: 99, failed: 1 });
      expect(report.failures).toEqual([
        expect.objectContaining({
          ref: 'component:default/broken',
          identifier: 'component:default/broken',
          status: 422,
          message: expect.stringMatching(/tier/),
        }),
      ]);
      const contents = await portContents(sandbox);
      expect(Object.keys(contents)).toHaveLength(99);
      expect(contents['service/component:default/broken']).toBeUndefined();
    });

    it('parks a permanent rejection after one retry, with one log line', async () => {
      const { logger, lines } = warnLines();
      const { engine, catalog } = createEngine(sandbox, store, {
        engine: { logger },
      });
      catalog.put(group('platform'));
      const ref = catalog.put(
        component('bad', { owner: 'platform', tier: 'x' }),
      );

      await engine.applyChanges([ref]);
      expect(
        (await store.queue.listQueue({ limit: 5 })).find(i => i.ref === ref),
      ).toMatchObject({ attempts: 1, parked: false });
      expect(lines).toEqual([]);

      const second = await engine.drainQueue();

      expect(second.status).toBe('failed');
      expect(await store.queue.listQueue({ parked: true, limit: 5 })).toEqual([
        expect.objectContaining({ ref, attempts: 2, parked: true }),
      ]);
      expect(lines).toEqual([
        expect.stringMatching(
          /^parked component:default\/bad after 2 failed attempts: service\/component:default\/bad: 422 /,
        ),
      ]);
    });

    it('keeps retrying a transient failure past the second attempt', async () => {
      const { engine, catalog } = createEngine(sandbox, store, {
        maxRetries: 0,
      });
      const ref = catalog.put(group('platform'));
      sandbox.setFaults({
        rules: [{ path: '/blueprints/team/entities/bulk', status: 503 }],
      });
      await engine.applyChanges([ref]);
      await engine.drainQueue();
      await engine.drainQueue();

      expect(await store.queue.listQueue({ limit: 5 })).toEqual([
        expect.objectContaining({ ref, attempts: 3, parked: false }),
      ]);
    });

    it.each([true, false])(
      'deletes a stale team and the stale service related to it (deleteDependentEntities: %s)',
      async deleteDependentEntities => {
        const { engine, catalog } = createEngine(sandbox, store, {
          mapping: { deleteDependentEntities, entityDeletionThreshold: 0.9 },
        });
        catalog.put(group('platform'));
        catalog.put(component('kept', { owner: 'platform' }));
        catalog.put(group('old-team'));
        catalog.put(component('old-app', { owner: 'old-team' }));
        await engine.resync();
        catalog.remove('group:default/old-team');
        catalog.remove('component:default/old-app');

        const report = await engine.resync();

        expect(report.status).toBe('completed');
        expect(report.counts).toMatchObject({ deleted: 2, failed: 0 });
        expect(Object.keys(await portContents(sandbox)).sort()).toEqual([
          'service/component:default/kept',
          'team/group:default/platform',
        ]);
      },
    );

    it('drains what a killed worker claimed once its lease lapses, and closes its run', async () => {
      const T0 = Date.parse('2026-01-01T00:00:00Z');
      let now = T0;
      const catalog = new TestCatalog();
      const options = {
        catalog,
        engine: { now: () => new Date(now), claimLeaseMs: 15_000 },
      };
      const refs = [
        catalog.put(group('platform')),
        catalog.put(component('a', { owner: 'platform' })),
      ];
      const before = createEngine(sandbox, store, options).engine;
      await before.enqueue(refs.map(ref => ({ ref, op: 'upsert' as const })));
      // The killed process: it claimed the items and left a resync running, then stopped.
      await store.queue.claim({ limit: 10, now, leaseMs: 15_000 });
      await store.runs.saveRun({
        id: 'killed-resync',
        type: 'resync',
        status: 'running',
        startedAt: new Date(now).toISOString(),
        finishedAt: null,
        heartbeatAt: new Date(now).toISOString(),
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
      });

      const { engine: restarted } = createEngine(sandbox, store, options);
      now = T0 + 5_000;
      expect((await restarted.drainQueue()).counts.upserted).toBe(0);

      now = T0 + 15_001;
      const drained = await restarted.drainQueue();
      expect(drained.counts.upserted).toBe(2);
      expect((await store.queue.queueStats(now)).depth).toBe(0);

      now = T0 + 61_000;
      expect(await restarted.recover()).toEqual(['killed-resync']);
      const [killed] = (await store.runs.listRuns(10)).filter(
        r => r.id === 'killed-resync',
      );
      expect(killed).toMatchObject({
        status: 'failed',
        finishedAt: new Date(now).toISOString(),
      });
    });
  },
);
