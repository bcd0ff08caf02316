import { MemoryStateStore } from './MemoryStateStore';
import type { RunRecord } from './RunLog';

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

describe('MemoryStateStore snapshots', () => {
  it('round-trips through JSON and drops claims of the process that wrote it', async () => {
    const store = new MemoryStateStore();
    await store.refs.saveRefStates([
      {
        ref: 'a',
        uid: 'u',
        etag: 'e',
        entities: [{ blueprint: 'b', identifier: 'a', hash: 'h' }],
      },
    ]);
    await store.queue.enqueue([{ ref: 'x', op: 'delete' }], T0);
    await store.queue.claim({ limit: 1, now: T0, leaseMs: 60_000 });
    await store.runs.saveRun(run('r1', T0));
    const copy = MemoryStateStore.fromJSON(JSON.stringify(store));
    expect(await copy.refs.getRefStates(['a'])).toEqual(
      await store.refs.getRefStates(['a']),
    );
    expect(await copy.refs.getRef('a')).toEqual(await store.refs.getRef('a'));
    expect(await copy.queue.queueStats(T0)).toEqual({
      depth: 1,
      due: 1,
      parked: 0,
      claimed: 0,
    });
    expect(await copy.runs.listRuns(5)).toEqual([run('r1', T0)]);
  });

  it('rejects a snapshot of another version', () => {
    expect(() => MemoryStateStore.fromJSON({ version: 2 } as any)).toThrow(
      'unsupported state snapshot version 2',
    );
  });
});
