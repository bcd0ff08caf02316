import { MetricsService } from '@backstage/backend-plugin-api/alpha';
import { SyncReport } from '@portsync/sync';

/**
 * portsync's OpenTelemetry metrics, through Backstage's metrics service:
 * writes by outcome, failures, run durations, and the queue's depth.
 */
export class SyncMetrics {
  readonly #writes;
  readonly #failures;
  readonly #runDuration;

  constructor(
    metrics: MetricsService,
    queueStats: () => Promise<{ depth: number; parked: number }>,
  ) {
    this.#writes = metrics.createCounter<{ outcome: string; run: string }>(
      'portsync.entities',
      {
        description:
          'Port entities handled, by outcome (upserted, unchanged, deleted)',
      },
    );
    this.#failures = metrics.createCounter<{ run: string }>(
      'portsync.failures',
      {
        description: 'Port writes that failed',
      },
    );
    this.#runDuration = metrics.createHistogram<{
      run: string;
      status: string;
    }>('portsync.run.duration', {
      description: 'Duration of sync runs',
      unit: 'ms',
    });
    const queue = metrics.createObservableGauge<{ state: string }>(
      'portsync.queue.depth',
      { description: 'Changes waiting to be pushed to Port' },
    );
    queue.addCallback(async result => {
      const stats = await queueStats();
      result.observe(stats.depth - stats.parked, { state: 'pending' });
      result.observe(stats.parked, { state: 'parked' });
    });
  }

  record(report: SyncReport) {
    const run = report.type;
    const { upserted, unchanged, deleted, failed } = report.counts;
    if (upserted) this.#writes.add(upserted, { outcome: 'upserted', run });
    if (unchanged) this.#writes.add(unchanged, { outcome: 'unchanged', run });
    if (deleted) this.#writes.add(deleted, { outcome: 'deleted', run });
    if (failed) this.#failures.add(failed, { run });
    this.#runDuration.record(report.timings.total ?? 0, {
      run,
      status: report.status,
    });
  }
}
