import { mockServices } from '@backstage/backend-test-utils';
import { PortClient } from '@portsync/port-client';
import { startSandbox } from '@portsync/port-sandbox';
import { createServer, Server } from 'http';
import { AddressInfo } from 'net';
import { SyncReport } from '@portsync/sync';
import {
  ResyncStateReporter,
  resyncOutcome,
  scheduleIntervalMs,
} from './ResyncStateReporter';

type Sandbox = Awaited<ReturnType<typeof startSandbox>>;
const ID = 'backstage';

function run(overrides: Partial<SyncReport> = {}): SyncReport {
  return {
    runId: 'r1',
    type: 'resync',
    status: 'completed',
    startedAt: '2026-01-01T10:00:00.000Z',
    finishedAt: '2026-01-01T10:05:00.000Z',
    counts: {
      mapped: 10,
      upserted: 10,
      unchanged: 0,
      deleted: 0,
      failed: 0,
      skipped: 0,
      fieldErrors: 0,
    },
    failures: [],
    timings: {},
    ...overrides,
  };
}

describe('ResyncStateReporter', () => {
  let sandbox: Sandbox;
  let client: PortClient;

  async function state(): Promise<Record<string, any>> {
    const res = await fetch(`${sandbox.url}/_sandbox/integrations/${ID}`);
    return ((await res.json()) as any).integration.resyncState;
  }

  beforeEach(async () => {
    sandbox = await startSandbox();
    client = new PortClient({
      baseUrl: sandbox.url,
      clientId: sandbox.clientId,
      clientSecret: sandbox.clientSecret,
      maxRetries: 0,
    });
    await client.createIntegration({
      installationId: ID,
      installationAppType: 'backstage',
    });
  });

  afterEach(async () => {
    await sandbox.close();
  });

  it('reports running, then the outcome, with the times and the schedule', async () => {
    const reporter = new ResyncStateReporter({
      client,
      identifier: ID,
      logger: mockServices.logger.mock(),
      frequency: { hours: 1 },
    });
    const start = new Date('2026-01-01T10:00:00.000Z');
    const end = new Date('2026-01-01T10:05:00.000Z');

    await reporter.running(start);
    expect(await state()).toMatchObject({
      status: 'running',
      lastResyncStart: start.toISOString(),
      lastResyncEnd: null,
      nextResync: '2026-01-01T11:00:00.000Z',
      intervalInMinuets: 60,
    });

    await reporter.finished(run({ status: 'aborted' }), start, end);
    expect(await state()).toMatchObject({
      status: 'aborted',
      lastResyncStart: start.toISOString(),
      lastResyncEnd: end.toISOString(),
      nextResync: '2026-01-01T11:00:00.000Z',
      intervalInMinuets: 60,
      error: null,
    });
  });

  it('reports no next run without a fixed-rate schedule', async () => {
    const reporter = new ResyncStateReporter({
      client,
      identifier: ID,
      logger: mockServices.logger.mock(),
      frequency: { cron: '0 * * * *' },
    });
    await reporter.finished(run(), new Date(), new Date());
    expect(await state()).toMatchObject({
      nextResync: null,
      intervalInMinuets: null,
    });
  });

  it('keeps the last run times when a mapping is rejected', async () => {
    const reporter = new ResyncStateReporter({
      client,
      identifier: ID,
      logger: mockServices.logger.mock(),
    });
    const start = new Date('2026-01-01T10:00:00.000Z');
    await reporter.finished(run(), start, start);
    await reporter.mappingRejected('bad mapping');
    expect(await state()).toMatchObject({
      status: 'failed',
      error: 'bad mapping',
      lastResyncStart: start.toISOString(),
    });
  });

  it('only logs when Port cannot be told', async () => {
    const logger = mockServices.logger.mock();
    const reporter = new ResyncStateReporter({
      client,
      identifier: ID,
      logger,
    });
    sandbox.setFaults({ rules: [{ path: '/resync-state$', status: 503 }] });
    await expect(reporter.running(new Date())).resolves.toBeUndefined();
    expect(logger.warn).toHaveBeenCalledWith(
      expect.stringMatching(/^Could not report the resync state 'running'/),
    );
  });

  describe('against a Port that refuses unknown fields', () => {
    let server: Server;
    const bodies: Array<Record<string, unknown>> = [];

    beforeAll(async () => {
      server = createServer((req, res) => {
        let raw = '';
        req.on('data', chunk => (raw += chunk));
        req.on('end', () => {
          res.setHeader('content-type', 'application/json');
          if (req.url === '/v1/auth/access_token') {
            res.end(
              JSON.stringify({ ok: true, accessToken: 't', expiresIn: 3600 }),
            );
            return;
          }
          const body = JSON.parse(raw);
          bodies.push(body);
          if ('error' in body) {
            res.statusCode = 422;
            res.end(
              JSON.stringify({
                ok: false,
                error: 'invalid_request',
                message: 'error is not allowed',
              }),
            );
            return;
          }
          res.end(
            JSON.stringify({ ok: true, integration: { identifier: ID } }),
          );
        });
      });
      await new Promise<void>(resolve =>
        server.listen(0, '127.0.0.1', resolve),
      );
    });

    afterAll(async () => {
      await new Promise(resolve => server.close(resolve));
    });

    it('drops the explanation field once refused, and still reports the status', async () => {
      const { port } = server.address() as AddressInfo;
      const strict = new PortClient({
        baseUrl: `http://127.0.0.1:${port}`,
        clientId: 'id',
        clientSecret: 'secret',
        maxRetries: 0,
      });
      const logger = mockServices.logger.mock();
      const reporter = new ResyncStateReporter({
        client: strict,
        identifier: ID,
        logger,
      });
      await reporter.running(new Date());
      await reporter.mappingRejected('bad mapping');
      expect(bodies.map(b => [b.status, 'error' in b])).toEqual([
        ['running', true],
        ['running', false],
        ['failed', false],
      ]);
      expect(logger.warn).not.toHaveBeenCalled();
    });
  });
});

describe('scheduleIntervalMs', () => {
  it('is the frequency of a fixed-rate schedule and undefined otherwise', () => {
    expect(scheduleIntervalMs({ minutes: 30 })).toBe(30 * 60_000);
    expect(scheduleIntervalMs({ cron: '* * * * *' })).toBeUndefined();
    expect(scheduleIntervalMs({ trigger: 'manual' })).toBeUndefined();
    expect(scheduleIntervalMs(undefined)).toBeUndefined();
  });
});

describe('resyncOutcome', () => {
  it('is completed only when Port took every write and the deletion ran', () => {
    expect(resyncOutcome(run())).toEqual({ status: 'completed' });
  });

  it('is failed, with the count and the first reason, when Port rejected writes', () => {
    const counts = { ...run().counts, upserted: 7, failed: 3 };
    const failure = {
      ref: 'component:default/a',
      blueprint: 'component',
      identifier: 'a',
      status: 422,
      error: 'invalid_request',
      message: 'Relation "owningUser" is not defined',
    };
    expect(resyncOutcome(run({ counts, failures: [failure] }))).toEqual({
      status: 'failed',
      error:
        '3 of 10 writes failed (first: component/a: 422 invalid_request: Relation "owningUser" is not defined)',
    });
  });

  it('is failed when the deletion guard skipped the deletion', () => {
    const deletion = {
      stale: 9,
      owned: 10,
      threshold: 0.5,
      skipped: true,
      reason: '9 of 10 owned entities are stale',
    };
    expect(resyncOutcome(run({ deletion }))).toEqual({
      status: 'failed',
      error: 'deletion skipped: 9 of 10 owned entities are stale',
    });
  });

  it('is failed with the blueprint problem, and keeps an abort an abort', () => {
    expect(resyncOutcome(run(), 'Blueprint "app" is not in Port')).toEqual({
      status: 'failed',
      error: 'Blueprint "app" is not in Port',
    });
    expect(resyncOutcome(run({ status: 'aborted' }), 'x')).toEqual({
      status: 'aborted',
      error: 'x',
    });
  });

  it('is failed when the resync threw before reporting', () => {
    expect(resyncOutcome(undefined)).toEqual({
      status: 'failed',
      error: 'the resync stopped with an error',
    });
  });
});
