import { mockServices } from '@backstage/backend-test-utils';
import { PortApiError } from '@portsync/port-client';
import { PortConnection, PreparationStep } from './PortConnection';
import { PortRequestMonitor } from './PortRequestMonitor';

/** A step that fails its first `failures` runs, counting every run. */
function flaky(name: string, failures: number, error?: Error) {
  const step = {
    name,
    runs: 0,
    run: async () => {
      step.runs += 1;
      if (step.runs <= failures) {
        throw error ?? new Error(`${name} failed`);
      }
    },
  };
  return step;
}

/** A monitor whose fetch answers with the given statuses, or fails with `null`. */
function monitorAnswering(...statuses: Array<number | null>) {
  let i = 0;
  return new PortRequestMonitor({
    fetch: async () => {
      const status = statuses[Math.min(i++, statuses.length - 1)];
      if (status === null) {
        throw new TypeError('fetch failed', {
          cause: Object.assign(new Error('refused'), { code: 'ECONNREFUSED' }),
        });
      }
      return new Response('{}', { status });
    },
    now: () => new Date('2026-01-01T10:00:00.000Z'),
  });
}

describe('PortConnection', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  function connect(steps: PreparationStep[], monitor = monitorAnswering(200)) {
    const logger = mockServices.logger.mock();
    const connection = new PortConnection({
      logger,
      steps,
      monitor,
      random: () => 0.5,
    });
    return { connection, logger, monitor };
  }

  it('runs the steps in order and is ready once the last one succeeded', async () => {
    const order: string[] = [];
    const step = (name: string) => ({
      name,
      run: async () => {
        order.push(name);
      },
    });
    const { connection } = connect([step('a'), step('b'), step('c')]);
    const ready = connection.whenReady();
    connection.start();
    await ready;
    expect(order).toEqual(['a', 'b', 'c']);
    expect(connection.status()).toMatchObject({
      connected: true,
      prepared: true,
      attempts: 0,
    });
  });

  it('retries a failed step with doubling waits, without repeating the steps before it', async () => {
    const first = flaky('authenticate', 0);
    const second = flaky('blueprints', 2);
    const third = flaky('integration', 0);
    const { connection, logger } = connect([first, second, third]);
    connection.start();
    await jest.advanceTimersByTimeAsync(0);
    expect(connection.status()).toMatchObject({
      connected: false,
      prepared: false,
      pendingStep: 'blueprints',
      attempts: 1,
      lastError: 'blueprints failed',
    });
    expect(logger.error).toHaveBeenLastCalledWith(
      'Could not prepare Port (step blueprints): blueprints failed; retrying in 1 s',
      { attempts: 1, step: 'blueprints' },
    );

    // The shared backoff: 1 s, then 2 s (no jitter at random 0.5).
    await jest.advanceTimersByTimeAsync(999);
    expect(second.runs).toBe(1);
    await jest.advanceTimersByTimeAsync(1);
    expect(second.runs).toBe(2);
    await jest.advanceTimersByTimeAsync(1999);
    expect(second.runs).toBe(2);
    await jest.advanceTimersByTimeAsync(1);

    expect(connection.ready).toBe(true);
    expect([first.runs, second.runs, third.runs]).toEqual([1, 3, 1]);
    expect(connection.status()).toMatchObject({ prepared: true, attempts: 0 });
    expect(connection.status().lastError).toBeUndefined();
  });

  it('names rejected credentials without the secret', async () => {
    const auth = flaky(
      'authenticate',
      1,
      new PortApiError({
        kind: 'auth',
        method: 'POST',
        path: '/v1/auth/access_token',
        status: 401,
        message: 'bad credentials',
        attempts: 1,
      }),
    );
    const { connection } = connect([auth]);
    connection.start();
    await jest.advanceTimersByTimeAsync(0);
    expect(connection.status().lastError).toBe(
      'Port rejected the credentials (HTTP 401): check port.clientId and port.clientSecret',
    );
  });

  it('says it is not connected when the last request to Port failed, and connected again after one succeeds', async () => {
    const monitor = monitorAnswering(200, 503, null, 200);
    const { connection } = connect([flaky('a', 0)], monitor);
    connection.start();
    await connection.whenReady();
    await monitor.fetch('http://port.test/v1/blueprints');
    expect(connection.status()).toMatchObject({ connected: true });

    await monitor.fetch('http://port.test/v1/blueprints/component', {
      method: 'PATCH',
    });
    expect(connection.status()).toMatchObject({
      connected: false,
      prepared: true,
      lastError: 'PATCH /v1/blueprints/component: HTTP 503',
      lastFailureAt: '2026-01-01T10:00:00.000Z',
    });

    await expect(
      monitor.fetch('http://port.test/v1/entities/search?q=1', {
        method: 'POST',
      }),
    ).rejects.toThrow('fetch failed');
    expect(connection.status().lastError).toBe(
      'POST /v1/entities/search: no response (ECONNREFUSED)',
    );

    await monitor.fetch('http://port.test/v1/blueprints');
    expect(connection.status()).toMatchObject({ connected: true });
    expect(connection.status().lastError).toBeUndefined();
  });

  it('stops retrying once stopped, and a waiter gives up with its signal', async () => {
    const step = flaky('a', 100);
    const { connection } = connect([step]);
    const controller = new AbortController();
    const waiting = connection.whenReady(controller.signal);
    connection.start();
    await jest.advanceTimersByTimeAsync(0);
    connection.stop();
    await jest.advanceTimersByTimeAsync(60_000);
    expect(step.runs).toBe(1);
    controller.abort(new Error('shutting down'));
    await expect(waiting).rejects.toThrow('shutting down');
  });
});
