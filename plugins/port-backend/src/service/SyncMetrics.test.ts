import { metricsServiceMock } from '@backstage/backend-test-utils/alpha';
import { SyncReport } from '@portsync/sync';
import { SyncMetrics } from './SyncMetrics';

function report(
  overrides: Partial<SyncReport['counts']>,
  status: SyncReport['status'] = 'completed',
): SyncReport {
  return {
    runId: 'r1',
    type: 'changes',
    status,
    startedAt: '2026-11-30T00:00:00.000Z',
    finishedAt: '2026-11-30T00:00:01.000Z',
    counts: {
      mapped: 0,
      upserted: 0,
      unchanged: 0,
      deleted: 0,
      failed: 0,
      skipped: 0,
      fieldErrors: 0,
      ...overrides,
    },
    failures: [],
    timings: { total: 1234 },
  };
}

describe('SyncMetrics', () => {
  function setup() {
    const counters = new Map<string, jest.Mock>();
    const histograms = new Map<string, jest.Mock>();
    const callbacks: Array<(r: { observe: jest.Mock }) => Promise<void>> = [];
    const metrics = metricsServiceMock.mock({
      createCounter: jest.fn((name: string) => {
        const add = jest.fn();
        counters.set(name, add);
        return { add };
      }) as any,
      createHistogram: jest.fn((name: string) => {
        const record = jest.fn();
        histograms.set(name, record);
        return { record };
      }) as any,
      createObservableGauge: jest.fn(() => ({
        addCallback: (cb: any) => callbacks.push(cb),
        removeCallback: jest.fn(),
      })) as any,
    });
    const syncMetrics = new SyncMetrics(metrics, async () => ({
      depth: 7,
      parked: 2,
    }));
    return { syncMetrics, counters, histograms, callbacks };
  }

  it('counts entities by outcome and failures, and records the run duration', () => {
    const { syncMetrics, counters, histograms } = setup();
    syncMetrics.record(
      report({ upserted: 3, unchanged: 5, deleted: 1, failed: 2 }, 'failed'),
    );
    const entities = counters.get('portsync.entities')!;
    expect(entities.mock.calls).toEqual([
      [3, { outcome: 'upserted', run: 'changes' }],
      [5, { outcome: 'unchanged', run: 'changes' }],
      [1, { outcome: 'deleted', run: 'changes' }],
    ]);
    expect(counters.get('portsync.failures')!.mock.calls).toEqual([
      [2, { run: 'changes' }],
    ]);
    expect(histograms.get('portsync.run.duration')!.mock.calls).toEqual([
      [1234, { run: 'changes', status: 'failed' }],
    ]);
  });

  it('adds nothing for outcomes that did not happen', () => {
    const { syncMetrics, counters } = setup();
    syncMetrics.record(report({}));
    expect(counters.get('portsync.entities')!).not.toHaveBeenCalled();
    expect(counters.get('portsync.failures')!).not.toHaveBeenCalled();
  });

  it('observes the queue depth as pending and parked', async () => {
    const { callbacks } = setup();
    const observe = jest.fn();
    await callbacks[0]({ observe });
    expect(observe.mock.calls).toEqual([
      [5, { state: 'pending' }],
      [2, { state: 'parked' }],
    ]);
  });
});
