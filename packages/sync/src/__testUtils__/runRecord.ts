import type { RunRecord } from '../state/RunLog';

/** A finished run with one failure, the shape every run-log test stores and reads back. */
export function run(
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
