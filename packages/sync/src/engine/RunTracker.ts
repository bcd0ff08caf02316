import { randomUUID } from 'crypto';
import type {
  DeletionReport,
  RunCounts,
  RunFailure,
  RunRecord,
  RunStatus,
  RunType,
} from '../state/StateStore';
import type { SyncReport } from './types';

/** At most this many failures are kept in a run's record; the counts stay exact. */
const MAX_RECORDED_FAILURES = 1000;

export function emptyCounts(): RunCounts {
  return {
    mapped: 0,
    upserted: 0,
    unchanged: 0,
    deleted: 0,
    failed: 0,
    skipped: 0,
    fieldErrors: 0,
  };
}

/** Counts, failures and phase timings of one run, and its report. */
export class RunTracker {
  readonly id: string;
  readonly counts = emptyCounts();
  readonly failures: RunFailure[] = [];
  readonly timings: Record<string, number> = {};
  deletion: DeletionReport | undefined;
  private readonly started: number;

  constructor(
    readonly type: RunType,
    private readonly now: () => Date,
    id?: string,
  ) {
    this.id = id ?? randomUUID();
    this.started = now().getTime();
  }

  get startedAt(): Date {
    return new Date(this.started);
  }

  fail(failure: RunFailure): void {
    this.counts.failed += 1;
    if (this.failures.length < MAX_RECORDED_FAILURES)
      this.failures.push(failure);
  }

  /** Times `work` under `phase`, adding up when a phase runs several times. */
  async time<T>(phase: string, work: () => Promise<T>): Promise<T> {
    const start = this.now().getTime();
    try {
      return await work();
    } finally {
      this.timings[phase] =
        (this.timings[phase] ?? 0) + this.now().getTime() - start;
    }
  }

  record(status: RunStatus): RunRecord {
    const finished = status === 'running' ? null : this.now().getTime();
    return {
      id: this.id,
      type: this.type,
      status,
      startedAt: new Date(this.started).toISOString(),
      finishedAt: finished === null ? null : new Date(finished).toISOString(),
      ...(status === 'running'
        ? { heartbeatAt: this.now().toISOString() }
        : {}),
      counts: { ...this.counts },
      errors: [...this.failures],
      deletion: this.deletion ?? null,
      timings:
        finished === null
          ? { ...this.timings }
          : { ...this.timings, total: finished - this.started },
    };
  }

  report(status: SyncReport['status'], dryRun: boolean): SyncReport {
    const record = this.record(status);
    return {
      runId: record.id,
      type: record.type,
      status,
      startedAt: record.startedAt,
      finishedAt: record.finishedAt!,
      counts: record.counts,
      failures: record.errors,
      ...(record.deletion ? { deletion: record.deletion } : {}),
      timings: record.timings,
      ...(dryRun ? { dryRun } : {}),
    };
  }
}
