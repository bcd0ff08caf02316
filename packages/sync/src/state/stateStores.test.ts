import { storeFactories } from '../__testUtils__/storeFactories';
import { KnexStateStore } from './KnexStateStore';
import { MemoryStateStore } from './MemoryStateStore';
import { RunRecord, StateStore } from './StateStore';

jest.setTimeout(60_000);

const T0 = 1_700_000_000_000;

function run(
  id: string,
  startedAt: number,
  status: RunRecord['status'] = 'completed',
): RunRecord {
  return {
    id,
    type: 'resync',
    status,
    startedAt: new Date(startedAt).toISOString(),
    finishedAt: new Date(startedAt + 1000).toISOString(),
    counts: {
      mapped: 2,
      upserted: 1,
      unchanged: 1,
      deleted: 0,
      failed: 1,
      skipped: 0,
      fieldErrors: 0,
    },
    errors: [
      {
        ref: 'component:default/a',
        blueprint: 'service',
        identifier: 'a',
        status: 422,
        error: 'invalid',
        message: 'bad',
      },
    ],
    deletion: { stale: 0, owned: 2, threshold: 0.9, skipped: false },
    timings: { total: 1000 },
  };
}

describe.each(storeFactories(['memory', 'sqlite', 'postgres']))(
  'state store on $name',
  factory => {
    let store: StateStore;

    beforeAll(() => factory.start());
    afterAll(() => factory.stop());
    beforeEach(async () => {
      store = await factory.create();
    });

    describe('ref states', () => {
      it('saves, reads back and replaces the entities of a ref', async () => {
        await store.saveRefStates([
          {
            ref: 'component:default/a',
            uid: 'u1',
            etag: 'e1',
            entities: [
              { blueprint: 'service', identifier: 'a', hash: 'h1' },
              { blueprint: 'docs', identifier: 'a-docs', hash: 'h2' },
            ],
          },
        ]);
        await store.saveRefStates([
          {
            ref: 'component:default/a',
            uid: 'u1',
            etag: 'e2',
            entities: [{ blueprint: 'service', identifier: 'a2', hash: 'h3' }],
          },
        ]);
        const states = await store.getRefStates([
          'component:default/a',
          'component:default/missing',
        ]);
        expect([...states.values()]).toEqual([
          {
            ref: 'component:default/a',
            uid: 'u1',
            etag: 'e2',
            entities: [{ blueprint: 'service', identifier: 'a2', hash: 'h3' }],
          },
        ]);
      });

      it('lists refs and entity records, counts per blueprint, and forgets them', async () => {
        await store.saveRefStates([
          {
            ref: 'component:default/a',
            uid: 'u1',
            etag: null,
            entities: [
              { blueprint: 'service', identifier: 'a', hash: 'h1' },
              { blueprint: 'docs', identifier: 'd', hash: 'h2' },
            ],
          },
          {
            ref: 'group:default/g',
            uid: 'u2',
            etag: 'e',
            entities: [{ blueprint: 'team', identifier: 'g', hash: 'h3' }],
          },
        ]);
        expect(await store.listRefs()).toEqual([
          { ref: 'component:default/a', uid: 'u1', etag: null },
          { ref: 'group:default/g', uid: 'u2', etag: 'e' },
        ]);
        expect(await store.countByBlueprint()).toEqual({
          docs: 1,
          service: 1,
          team: 1,
        });

        await store.deleteEntityRecords([
          { blueprint: 'docs', identifier: 'd' },
        ]);
        expect(await store.listEntityRecords()).toEqual([
          {
            ref: 'component:default/a',
            blueprint: 'service',
            identifier: 'a',
            hash: 'h1',
          },
          {
            ref: 'group:default/g',
            blueprint: 'team',
            identifier: 'g',
            hash: 'h3',
          },
        ]);

        await store.deleteRefStates(['group:default/g']);
        expect((await store.listRefs()).map(r => r.ref)).toEqual([
          'component:default/a',
        ]);
        expect(await store.countByBlueprint()).toEqual({ service: 1 });
      });

      it('handles more refs than one statement takes', async () => {
        const states = Array.from({ length: 1234 }, (_, i) => ({
          ref: `component:default/c${i}`,
          uid: `u${i}`,
          etag: `e${i}`,
          entities: [
            { blueprint: 'service', identifier: `c${i}`, hash: `h${i}` },
          ],
        }));
        await store.saveRefStates(states);
        const read = await store.getRefStates(states.map(s => s.ref));
        expect(read.size).toBe(1234);
        expect(read.get('component:default/c1233')?.entities).toEqual([
          { blueprint: 'service', identifier: 'c1233', hash: 'h1233' },
        ]);
      });
    });

    describe('queue', () => {
      it('deduplicates by ref and claims only due, unparked, unclaimed items', async () => {
        await store.enqueue(
          [
            { ref: 'a', op: 'upsert' },
            { ref: 'b', op: 'delete' },
            { ref: 'c', op: 'upsert', nextAttemptAt: T0 + 60_000 },
          ],
          T0,
        );
        await store.enqueue([{ ref: 'a', op: 'upsert' }], T0 + 1);
        expect(await store.queueStats(T0)).toEqual({
          depth: 3,
          due: 2,
          parked: 0,
          claimed: 0,
        });

        const first = await store.claim({
          limit: 10,
          now: T0 + 10,
          leaseMs: 1000,
        });
        expect(first.map(item => [item.ref, item.op, item.seq])).toEqual([
          ['a', 'upsert', 2],
          ['b', 'delete', 1],
        ]);
        expect(
          await store.claim({ limit: 10, now: T0 + 20, leaseMs: 1000 }),
        ).toEqual([]);
        // A claim whose lease lapsed (its worker died) is claimable again.
        const again = await store.claim({
          limit: 1,
          now: T0 + 2000,
          leaseMs: 1000,
        });
        expect(again.map(item => item.ref)).toEqual(['a']);
      });

      it('completes claimed items but keeps one enqueued again meanwhile', async () => {
        await store.enqueue(
          [
            { ref: 'a', op: 'upsert' },
            { ref: 'b', op: 'upsert' },
          ],
          T0,
        );
        const claimed = await store.claim({
          limit: 10,
          now: T0,
          leaseMs: 60_000,
        });
        await store.enqueue([{ ref: 'b', op: 'upsert' }], T0 + 5);
        await store.complete(
          claimed.map(item => ({
            ref: item.ref,
            seq: item.seq,
            claimedBy: item.claimedBy!,
          })),
        );
        const left = await store.listQueue({ limit: 10 });
        expect(left.map(item => [item.ref, item.seq, item.claimedBy])).toEqual([
          ['b', 2, null],
        ]);
      });

      it('records failures with backoff, parks, and releases parked items on a new change', async () => {
        await store.enqueue([{ ref: 'a', op: 'upsert', etag: 'e1' }], T0);
        const [item] = await store.claim({
          limit: 1,
          now: T0,
          leaseMs: 60_000,
        });
        const claimed = { ref: 'a', seq: item.seq, claimedBy: item.claimedBy! };
        await store.fail(claimed, {
          attempts: 3,
          nextAttemptAt: T0 + 5000,
          lastError: '422 invalid: bad',
          parked: true,
        });
        expect(await store.listQueue({ parked: true, limit: 10 })).toEqual([
          expect.objectContaining({
            ref: 'a',
            attempts: 3,
            nextAttemptAt: T0 + 5000,
            lastError: '422 invalid: bad',
            parked: true,
            claimedBy: null,
          }),
        ]);
        expect(
          await store.claim({ limit: 1, now: T0 + 10_000, leaseMs: 1 }),
        ).toEqual([]);

        // The same etag again is the same change: it stays parked.
        await store.enqueue([{ ref: 'a', op: 'upsert', etag: 'e1' }], T0 + 1);
        expect((await store.queueStats(T0 + 10_000)).parked).toBe(1);

        // A new etag is a new change: attempts restart and it is due now.
        await store.enqueue([{ ref: 'a', op: 'upsert', etag: 'e2' }], T0 + 2);
        const [released] = await store.listQueue({ limit: 1 });
        expect(released).toEqual(
          expect.objectContaining({
            parked: false,
            attempts: 0,
            nextAttemptAt: T0 + 2,
            etag: 'e2',
            lastError: '422 invalid: bad',
          }),
        );
      });

      it('retries parked items on request and releases claims without counting', async () => {
        await store.enqueue(
          [
            { ref: 'a', op: 'upsert' },
            { ref: 'b', op: 'delete' },
          ],
          T0,
        );
        const claimed = await store.claim({
          limit: 2,
          now: T0,
          leaseMs: 60_000,
        });
        const [a, b] = claimed.map(item => ({
          ref: item.ref,
          seq: item.seq,
          claimedBy: item.claimedBy!,
        }));
        await store.fail(a, {
          attempts: 10,
          nextAttemptAt: T0,
          lastError: 'x',
          parked: true,
        });
        await store.release([b]);
        expect(await store.queueStats(T0)).toEqual({
          depth: 2,
          due: 1,
          parked: 1,
          claimed: 0,
        });
        expect(await store.retryParked(undefined, T0 + 1)).toBe(1);
        expect(await store.queueStats(T0 + 1)).toEqual({
          depth: 2,
          due: 2,
          parked: 0,
          claimed: 0,
        });
        const retried = await store.listQueue({ limit: 5 });
        expect(retried.find(item => item.ref === 'a')).toEqual(
          expect.objectContaining({ attempts: 0, nextAttemptAt: T0 + 1 }),
        );
      });
    });

    describe('runs', () => {
      it('saves, replaces, lists newest first and prunes', async () => {
        await store.saveRun(run('r1', T0, 'running'));
        await store.saveRun(run('r1', T0));
        await store.saveRun(run('r2', T0 + 10));
        await store.saveRun(run('r3', T0 + 20, 'failed'));
        const runs = await store.listRuns(10);
        expect(runs.map(r => [r.id, r.status])).toEqual([
          ['r3', 'failed'],
          ['r2', 'completed'],
          ['r1', 'completed'],
        ]);
        expect(runs[2]).toEqual(run('r1', T0));
        await store.pruneRuns(2);
        expect((await store.listRuns(10)).map(r => r.id)).toEqual(['r3', 'r2']);
      });
    });

    if (factory.name !== 'memory') {
      it('never hands one item to two workers claiming at the same time', async () => {
        const refs = Array.from({ length: 200 }, (_, i) => `ref-${i}`);
        await store.enqueue(
          refs.map(ref => ({ ref, op: 'upsert' as const })),
          T0,
        );
        const workers = await Promise.all(
          Array.from({ length: 4 }, () => factory.openAgain()),
        );
        const claimed: string[] = [];
        await Promise.all(
          workers.map(async worker => {
            for (;;) {
              const items = await worker.claim({
                limit: 7,
                now: T0,
                leaseMs: 60_000,
              });
              if (items.length === 0) return;
              claimed.push(...items.map(item => item.ref));
            }
          }),
        );
        expect(claimed).toHaveLength(200);
        expect(new Set(claimed).size).toBe(200);
      });

      it('migrates down and up again with rows in place', async () => {
        const knex = factory.lastKnex()!;
        await store.enqueue([{ ref: 'a', op: 'upsert' }], T0);
        const options = {
          knex,
          tablePrefix: (store as KnexStateStore).tablePrefix,
        };
        await KnexStateStore.rollback(options);
        const again = await KnexStateStore.create(options);
        expect(await again.queueStats(T0)).toEqual({
          depth: 0,
          due: 0,
          parked: 0,
          claimed: 0,
        });
        await again.enqueue([{ ref: 'b', op: 'delete' }], T0);
        expect(
          (await again.listQueue({ limit: 5 })).map(item => item.ref),
        ).toEqual(['b']);
      });
    }
  },
);

describe('MemoryStateStore snapshots', () => {
  it('round-trips through JSON and drops claims of the process that wrote it', async () => {
    const store = new MemoryStateStore();
    await store.saveRefStates([
      {
        ref: 'a',
        uid: 'u',
        etag: 'e',
        entities: [{ blueprint: 'b', identifier: 'a', hash: 'h' }],
      },
    ]);
    await store.enqueue([{ ref: 'x', op: 'delete' }], T0);
    await store.claim({ limit: 1, now: T0, leaseMs: 60_000 });
    await store.saveRun(run('r1', T0));
    const copy = MemoryStateStore.fromJSON(JSON.stringify(store));
    expect(await copy.getRefStates(['a'])).toEqual(
      await store.getRefStates(['a']),
    );
    expect(await copy.queueStats(T0)).toEqual({
      depth: 1,
      due: 1,
      parked: 0,
      claimed: 0,
    });
    expect(await copy.listRuns(5)).toEqual([run('r1', T0)]);
  });

  it('rejects a snapshot of another version', () => {
    expect(() => MemoryStateStore.fromJSON({ version: 2 } as any)).toThrow(
      'unsupported state snapshot version 2',
    );
  });
});
