import { compileMapping } from '@portsync/mapping';
import { PortClient } from '@portsync/port-client';
import { silentLogger } from '../__testUtils__/engineHarness';
import { TestCatalog, component } from '../__testUtils__/TestCatalog';
import { testMappingConfig } from '../__testUtils__/testMapping';
import { MemoryStateStore } from '../state/MemoryStateStore';
import { createEngineContext } from './EngineContext';
import { scanChanges } from './scanChanges';

const NOW = new Date('2026-01-01T00:00:00Z');

/** The scan reads the catalog and the state only: a client that is never called. */
function setup(threshold: number) {
  const catalog = new TestCatalog();
  const store = new MemoryStateStore();
  const ctx = createEngineContext({
    source: catalog,
    mapping: compileMapping(
      testMappingConfig({ entityDeletionThreshold: threshold }),
    ),
    client: new PortClient({
      baseUrl: 'http://127.0.0.1:9',
      clientId: 'id',
      clientSecret: 'secret',
      integrationIdentifier: 'test',
    }),
    store,
    logger: silentLogger,
    integration: { identifier: 'test' },
    now: () => NOW,
  });
  return { catalog, store, ctx };
}

async function recordCatalog(store: MemoryStateStore, catalog: TestCatalog) {
  for await (const page of catalog.listRefs()) {
    await store.refs.saveRefStates(
      page.map(({ ref, uid, etag }) => ({ ref, uid, etag, entities: [] })),
    );
  }
}

describe('scanChanges', () => {
  it('queues new and changed refs as upserts and vanished ones as deletes, at the clock time', async () => {
    const { catalog, store, ctx } = setup(0.5);
    for (const name of ['a', 'b', 'c', 'd']) catalog.put(component(name, {}));
    await recordCatalog(store, catalog);
    catalog.put(component('a', { tier: 2 }));
    catalog.put(component('e', {}));
    catalog.remove('component:default/d');

    const report = await scanChanges(ctx);

    expect(report).toMatchObject({
      listed: 4,
      known: 4,
      upserts: 2,
      deletes: 1,
      deletion: { stale: 1, owned: 4, skipped: false },
      durationMs: 0,
    });
    expect(await store.runs.listRuns(5)).toEqual([]);
    const queued = await store.queue.listQueue({ limit: 10 });
    expect(queued.map(item => [item.ref, item.op, item.enqueuedAt])).toEqual([
      ['component:default/a', 'upsert', NOW.getTime()],
      ['component:default/d', 'delete', NOW.getTime()],
      ['component:default/e', 'upsert', NOW.getTime()],
    ]);
  });

  it('queues no delete when more refs vanished than the threshold allows, and says why', async () => {
    const { catalog, store, ctx } = setup(0.5);
    for (const name of ['a', 'b', 'c']) catalog.put(component(name, {}));
    await recordCatalog(store, catalog);
    catalog.remove('component:default/a');
    catalog.remove('component:default/b');

    const report = await scanChanges(ctx);

    expect(report.deletes).toBe(0);
    expect(report.deletion).toEqual({
      stale: 2,
      owned: 3,
      threshold: 0.5,
      skipped: true,
      source: 'state',
      reason:
        '2 of 3 known refs vanished from the catalog (66.7%), above the entityDeletionThreshold of 50.0%: no delete was queued',
    });
    expect(await store.queue.listQueue({ limit: 10 })).toEqual([]);
    expect(await store.runs.listRuns(5)).toEqual([
      expect.objectContaining({
        type: 'scan',
        status: 'completed',
        startedAt: NOW.toISOString(),
        deletion: report.deletion,
      }),
    ]);
  });
});
