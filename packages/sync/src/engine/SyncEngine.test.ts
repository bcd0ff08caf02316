import type { Sandbox } from '@portsync/port-sandbox';
import {
  createEngine,
  portContents,
  useEngineSuite,
  writesIn,
} from '../__testUtils__/engineHarness';
import { storeFactories } from '../__testUtils__/storeFactories';
import { TestCatalog, component, group } from '../__testUtils__/TestCatalog';
import type { StateStore } from '../state/StateStore';

jest.setTimeout(120_000);

/** A small catalog: 2 teams, 10 services owned by them. */
function seedCatalog(catalog: TestCatalog, services = 10): void {
  catalog.put(group('platform'));
  catalog.put(group('payments'));
  for (let i = 0; i < services; i++) {
    catalog.put(
      component(`svc-${i}`, {
        owner: i % 2 ? 'platform' : 'payments',
        tier: i,
      }),
    );
  }
}

describe.each(storeFactories(['sqlite', 'postgres', 'memory']))(
  'SyncEngine with the $name store against the sandbox',
  factory => {
    const suite = useEngineSuite(factory);
    let sandbox: Sandbox;
    let store: StateStore;
    beforeEach(() => ({ sandbox, store } = suite));

    it('creates every entity on the first resync and records the run', async () => {
      const { engine, catalog } = createEngine(sandbox, store);
      seedCatalog(catalog);

      const report = await engine.resync();

      expect(report.status).toBe('completed');
      expect(report.counts).toEqual({
        mapped: 12,
        upserted: 12,
        unchanged: 0,
        deleted: 0,
        failed: 0,
        skipped: 0,
        fieldErrors: 0,
      });
      const contents = await portContents(sandbox);
      expect(Object.keys(contents)).toHaveLength(12);
      expect(contents['service/component:default/svc-3']).toEqual({
        title: 'The svc-3',
        properties: { lifecycle: 'production', tier: 3 },
        relations: { owner: 'group:default/platform', dependsOn: [] },
      });
      const status = await engine.status();
      expect(status.runs[0]).toEqual(
        expect.objectContaining({
          id: report.runId,
          type: 'resync',
          status: 'completed',
        }),
      );
      expect(status.blueprints).toEqual({ service: 10, team: 2 });
    });

    it('makes zero write requests on a resync of an unchanged catalog', async () => {
      const { engine, catalog } = createEngine(sandbox, store, {
        engine: { sendRawDataExamples: true },
      });
      seedCatalog(catalog);
      await engine.resync();
      expect(
        writesIn(sandbox.requests()).filter(r => r.path.includes('/examples')),
      ).toHaveLength(2);
      sandbox.clearRequests();

      const report = await engine.resync();

      expect(writesIn(sandbox.requests())).toEqual([]);
      expect(report.counts).toEqual(
        expect.objectContaining({
          mapped: 12,
          upserted: 0,
          unchanged: 12,
          deleted: 0,
        }),
      );
      expect(report.deletion).toEqual(
        expect.objectContaining({
          stale: 0,
          owned: 12,
          skipped: false,
          source: 'datasource',
        }),
      );
    });

    it('pushes only the changed entity on the live path', async () => {
      const { engine, catalog } = createEngine(sandbox, store);
      seedCatalog(catalog);
      await engine.resync();
      sandbox.clearRequests();

      const ref = catalog.put(
        component('svc-4', {
          owner: 'payments',
          tier: 4,
          lifecycle: 'deprecated',
        }),
      );
      const report = await engine.applyChanges([
        ref,
        'component:default/svc-5',
      ]);

      expect(report.counts).toEqual(
        expect.objectContaining({
          mapped: 2,
          upserted: 1,
          unchanged: 1,
          failed: 0,
        }),
      );
      const writes = writesIn(sandbox.requests());
      expect(writes.map(w => `${w.method} ${w.path}`)).toEqual([
        'POST /v1/blueprints/service/entities/bulk',
      ]);
      expect(
        (await portContents(sandbox))['service/component:default/svc-4']
          .properties,
      ).toEqual({ lifecycle: 'deprecated', tier: 4 });
      expect(await store.queue.queueStats(Date.now())).toEqual(
        expect.objectContaining({ depth: 0 }),
      );
    });

    it('deletes the Port entity of a ref that left the catalog, found by the change scan', async () => {
      const { engine, catalog } = createEngine(sandbox, store);
      seedCatalog(catalog);
      await engine.resync();
      catalog.remove('component:default/svc-7');

      const scan = await engine.scan();
      expect(scan).toEqual(
        expect.objectContaining({
          listed: 11,
          known: 12,
          upserts: 0,
          deletes: 1,
        }),
      );
      const report = await engine.drainQueue();

      expect(report.counts.deleted).toBe(1);
      const contents = await portContents(sandbox);
      expect(contents['service/component:default/svc-7']).toBeUndefined();
      expect(Object.keys(contents)).toHaveLength(11);
      expect((await store.refs.listRefs()).map(r => r.ref)).not.toContain(
        'component:default/svc-7',
      );
      expect(
        (await engine.scan()).upserts + (await engine.scan()).deletes,
      ).toBe(0);
    });

    it('deletes the old Port entity when the mapped identifier changes', async () => {
      const { engine, catalog } = createEngine(sandbox, store);
      seedCatalog(catalog);
      await engine.resync();

      catalog.put(
        component('svc-2', {
          owner: 'payments',
          tier: 2,
          portId: 'renamed-svc-2',
        }),
      );
      expect((await engine.scan()).upserts).toBe(1);
      const report = await engine.drainQueue();

      expect(report.counts).toEqual(
        expect.objectContaining({ upserted: 1, deleted: 1, failed: 0 }),
      );
      const contents = await portContents(sandbox);
      expect(contents['service/renamed-svc-2']).toBeDefined();
      expect(contents['service/component:default/svc-2']).toBeUndefined();
      expect(
        (await store.refs.getRefStates(['component:default/svc-2'])).get(
          'component:default/svc-2',
        )?.entities,
      ).toEqual([
        expect.objectContaining({
          blueprint: 'service',
          identifier: 'renamed-svc-2',
        }),
      ]);
    });

    it('keeps an identifier that moved to another ref, whichever ref is drained first', async () => {
      const { engine, catalog } = createEngine(sandbox, store);
      seedCatalog(catalog);
      catalog.put(
        component('svc-1', { owner: 'platform', tier: 1, portId: 'moved-id' }),
      );
      await engine.resync();

      catalog.put(
        component('svc-1', { owner: 'platform', tier: 1, portId: 'svc-1-new' }),
      );
      catalog.put(
        component('svc-2', { owner: 'payments', tier: 2, portId: 'moved-id' }),
      );
      // svc-2 claims moved-id first; svc-1's clean-up must not delete it afterwards.
      await engine.applyChanges(['component:default/svc-2']);
      await engine.applyChanges(['component:default/svc-1']);

      const contents = await portContents(sandbox);
      expect(contents['service/moved-id']).toBeDefined();
      expect(contents['service/svc-1-new']).toBeDefined();
      const states = await store.refs.getRefStates([
        'component:default/svc-1',
        'component:default/svc-2',
      ]);
      expect(states.get('component:default/svc-1')?.entities).toEqual([
        expect.objectContaining({ identifier: 'svc-1-new' }),
      ]);
      expect(states.get('component:default/svc-2')?.entities).toEqual([
        expect.objectContaining({ identifier: 'moved-id' }),
      ]);
    });

    it('reconciles stale entities on a resync when few are stale', async () => {
      const { engine, catalog } = createEngine(sandbox, store);
      seedCatalog(catalog);
      await engine.resync();
      catalog.remove('component:default/svc-1');
      sandbox.clearRequests();

      const report = await engine.resync();

      expect(report.deletion).toEqual(
        expect.objectContaining({ stale: 1, owned: 12, skipped: false }),
      );
      expect(report.counts.deleted).toBe(1);
      expect(
        writesIn(sandbox.requests()).map(w => `${w.method} ${w.path}`),
      ).toEqual(['POST /v1/blueprints/service/bulk/entities/delete']);
      expect(Object.keys(await portContents(sandbox))).toHaveLength(11);
      expect((await store.refs.listRefs()).map(r => r.ref)).not.toContain(
        'component:default/svc-1',
      );
    });

    it('trips the deletion guard on a mass disappearance and deletes nothing', async () => {
      const { engine, catalog } = createEngine(sandbox, store);
      seedCatalog(catalog);
      await engine.resync();
      for (let i = 0; i < 10; i++) catalog.remove(`component:default/svc-${i}`);
      sandbox.clearRequests();

      const scan = await engine.scan();
      const resync = await engine.resync();

      expect(scan.deletes).toBe(0);
      expect(scan.deletion).toEqual(
        expect.objectContaining({ stale: 10, owned: 12, skipped: true }),
      );
      expect(resync.deletion).toEqual(
        expect.objectContaining({
          stale: 10,
          owned: 12,
          threshold: 0.5,
          skipped: true,
        }),
      );
      expect(resync.deletion?.reason).toMatch(
        /10 of 12 owned entities are stale/,
      );
      expect(resync.counts.deleted).toBe(0);
      expect(writesIn(sandbox.requests())).toEqual([]);
      expect(Object.keys(await portContents(sandbox))).toHaveLength(12);
      expect(await store.queue.queueStats(Date.now())).toEqual(
        expect.objectContaining({ depth: 0 }),
      );
    });

    it('records 207 partial failures per entity and keeps them queued', async () => {
      const { engine, catalog } = createEngine(sandbox, store);
      seedCatalog(catalog, 4);
      catalog.put(
        component('broken', { owner: 'platform', tier: 'not-a-number' }),
      );

      const report = await engine.resync();

      expect(sandbox.requests().some(r => r.status === 207)).toBe(true);
      expect(report.counts).toEqual(
        expect.objectContaining({ upserted: 6, failed: 1 }),
      );
      expect(report.failures).toEqual([
        expect.objectContaining({
          ref: 'component:default/broken',
          blueprint: 'service',
          identifier: 'component:default/broken',
          status: 422,
        }),
      ]);
      const [queued] = await store.queue.listQueue({ limit: 5 });
      expect(queued).toEqual(
        expect.objectContaining({
          ref: 'component:default/broken',
          attempts: 1,
        }),
      );
      expect(queued.lastError).toContain('422');
      expect((await store.runs.listRuns(1))[0].errors).toEqual(report.failures);

      // Fixed in the catalog, the queued retry goes through.
      catalog.put(component('broken', { owner: 'platform', tier: 5 }));
      const retry = await engine.drainQueue();
      expect(retry.counts).toEqual(
        expect.objectContaining({ upserted: 1, failed: 0 }),
      );
      expect(await store.queue.queueStats(Date.now())).toEqual(
        expect.objectContaining({ depth: 0 }),
      );
    });

    it('parks an item that keeps failing and shows it in the status', async () => {
      const { engine, catalog } = createEngine(sandbox, store, {
        engine: { maxAttempts: 2 },
      });
      catalog.put(group('platform'));
      const ref = catalog.put(
        component('bad', { owner: 'platform', tier: 'x' }),
      );
      await engine.applyChanges([ref]);
      await engine.drainQueue();

      const status = await engine.status();
      expect(status.queue).toEqual(expect.objectContaining({ parked: 1 }));
      expect(status.parked).toEqual([
        expect.objectContaining({ ref, attempts: 2, parked: true }),
      ]);
      expect(status.parked[0].lastError).toContain(
        'service/component:default/bad: 422',
      );
      sandbox.clearRequests();
      expect((await engine.drainQueue()).counts.mapped).toBe(0);
      expect(writesIn(sandbox.requests())).toEqual([]);
    });

    it('orders writes by relation when Port must not create missing targets, cycles included', async () => {
      const { engine, catalog } = createEngine(sandbox, store);
      catalog.put(group('zeta'));
      catalog.put(
        component('a-frontend', { owner: 'zeta', dependsOn: ['b-backend'] }),
      );
      catalog.put(
        component('b-backend', { owner: 'zeta', dependsOn: ['c-db'] }),
      );
      catalog.put(
        component('c-db', { owner: 'zeta', dependsOn: ['a-frontend'] }),
      );
      catalog.put(component('d-lonely', { owner: 'zeta' }));

      const report = await engine.resync();

      expect(report.failures).toEqual([]);
      expect(report.counts.upserted).toBe(5);
      const contents = await portContents(sandbox);
      expect(contents['service/component:default/c-db'].relations).toEqual({
        owner: 'group:default/zeta',
        dependsOn: ['component:default/a-frontend'],
      });
    });

    it('retries unmet dependencies at the end of a resync', async () => {
      // Batches of one entity: a service is written before the team it points at exists.
      const catalog = new TestCatalog(1);
      const { engine } = createEngine(sandbox, store, {
        catalog,
        engine: { batchSize: 1 },
      });
      catalog.put(component('app', { owner: 'zz-team' }));
      catalog.put(group('zz-team'));

      const report = await engine.resync();

      expect(report.failures).toEqual([]);
      expect(
        sandbox
          .requests()
          .filter(r => r.path.endsWith('/entities/bulk'))
          .map(r => r.status),
      ).toEqual([207, 200, 200]);
      expect(Object.keys(await portContents(sandbox)).sort()).toEqual([
        'service/component:default/app',
        'team/group:default/zz-team',
      ]);
      expect(
        (await store.refs.getRefStates(['component:default/app'])).get(
          'component:default/app',
        )?.etag,
      ).not.toBeNull();
    });

    it('plans creates, updates with field diffs and deletes without writing', async () => {
      const { engine, catalog } = createEngine(sandbox, store);
      seedCatalog(catalog, 3);
      await engine.resync();
      catalog.put(component('svc-0', { owner: 'platform', tier: 9 }));
      catalog.put(component('svc-new', { owner: 'platform' }));
      catalog.remove('component:default/svc-2');
      sandbox.clearRequests();

      const plan = await engine.plan();

      expect(writesIn(sandbox.requests())).toEqual([]);
      expect(plan.creates.map(c => c.identifier)).toEqual([
        'component:default/svc-new',
      ]);
      expect(plan.updates).toEqual([
        expect.objectContaining({
          identifier: 'component:default/svc-0',
          changes: [
            { path: 'properties.tier', before: 0, after: 9 },
            {
              path: 'relations.owner',
              before: 'group:default/payments',
              after: 'group:default/platform',
            },
          ],
        }),
      ]);
      expect(plan.deletes).toEqual([
        { blueprint: 'service', identifier: 'component:default/svc-2' },
      ]);
      expect(plan.unchanged).toBe(3);
      expect(plan.deletion).toEqual(
        expect.objectContaining({ stale: 1, skipped: false }),
      );
    });

    it('loses no write when the sandbox injects 5xx, 429 and dropped connections', async () => {
      const { engine, catalog } = createEngine(sandbox, store, {
        maxRetries: 1,
      });
      seedCatalog(catalog, 30);
      // Every service write fails for the first resync, beyond the client's one retry.
      sandbox.setFaults({
        rules: [{ path: '/blueprints/service/entities/bulk', status: 503 }],
      });

      const first = await engine.resync();

      expect(first.counts).toEqual(
        expect.objectContaining({ upserted: 2, failed: 30 }),
      );
      expect(first.failures[0]).toEqual(
        expect.objectContaining({ status: 503 }),
      );
      expect((await store.queue.queueStats(Date.now())).depth).toBe(30);

      // Then flaky: some requests fail, some hit the rate limit, some lose their connection.
      sandbox.setFaults({
        rules: [
          { path: '/entities/bulk', status: 503, rate: 0.3 },
          {
            path: '/entities/bulk',
            status: 429,
            rate: 0.2,
            retryAfterSeconds: 0,
          },
          { path: '/entities/bulk', drop: true, rate: 0.2 },
        ],
      });
      let drains = 0;
      while (
        (await store.queue.queueStats(Date.now())).depth > 0 &&
        drains < 50
      ) {
        await engine.drainQueue();
        drains += 1;
      }

      expect((await store.queue.queueStats(Date.now())).depth).toBe(0);
      expect(await portContents(sandbox)).toEqual(expectedContents(catalog));
      sandbox.resetFaults();
      sandbox.clearRequests();
      await engine.resync();
      expect(writesIn(sandbox.requests())).toEqual([]);
    });

    it('converges after aborts at random points followed by a rerun', async () => {
      const catalog = new TestCatalog(5);
      const { engine } = createEngine(sandbox, store, {
        catalog,
        engine: { batchSize: 5, queueBatchSize: 5 },
      });
      seedCatalog(catalog, 40);
      sandbox.setFaults({ rules: [{ path: '/v1/blueprints/', latencyMs: 3 }] });
      let seed = 7;
      const random = () => {
        seed = (seed * 48271) % 2147483647;
        return seed / 2147483647;
      };

      for (let round = 0; round < 4; round++) {
        // Change some entities, remove one, add one; then abort somewhere in the work.
        for (let i = 0; i < 40; i++) {
          if (random() < 0.3) {
            catalog.put(
              component(`svc-${i}`, {
                owner: 'platform',
                tier: round * 100 + i,
              }),
            );
          }
        }
        catalog.remove(`component:default/svc-${round}`);
        catalog.put(component(`extra-${round}`, { owner: 'payments' }));
        const controller = new AbortController();
        setTimeout(() => controller.abort(), 5 + Math.floor(random() * 80));
        const aborted =
          round % 2 === 0
            ? await engine.resync({ signal: controller.signal })
            : (await engine.scan(),
              await engine.drainQueue({ signal: controller.signal }));
        expect(['aborted', 'completed']).toContain(aborted.status);
      }
      sandbox.resetFaults();

      await engine.scan();
      await engine.drainQueue();
      await engine.resync();

      const expected = expectedContents(catalog);
      expect(await portContents(sandbox)).toEqual(expected);
      sandbox.clearRequests();
      const final = await engine.resync();
      expect(writesIn(sandbox.requests())).toEqual([]);
      expect(final.counts.unchanged).toBe(Object.keys(expected).length);
      // Queued retries the resync overtook cost no write either.
      await engine.drainQueue();
      expect(writesIn(sandbox.requests())).toEqual([]);
      expect((await store.queue.queueStats(Date.now())).depth).toBe(0);
    });
  },
);

/** What Port should hold for the test catalog under the test mapping. */
function expectedContents(catalog: TestCatalog) {
  const contents: Record<string, unknown> = {};
  for (const ref of catalog.refs()) {
    const entity = catalog.get(ref)!;
    if (entity.kind === 'Group') {
      contents[`team/${ref}`] = {
        title: entity.metadata.name,
        properties: { kind: 'team' },
        relations: {},
      };
      continue;
    }
    const spec = entity.spec as { lifecycle: string; tier: number };
    contents[`service/${ref}`] = {
      title: entity.metadata.title,
      properties: { lifecycle: spec.lifecycle, tier: spec.tier },
      relations: {
        owner: entity.relations?.find(r => r.type === 'ownedBy')?.targetRef,
        dependsOn: [],
      },
    };
  }
  return contents;
}
