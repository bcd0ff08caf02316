import { inspect } from 'node:util';
import { Sandbox, startSandbox } from '@portsync/port-sandbox';
import { PortApiError } from './PortApiError';
import { PortClientOptions } from './resolveOptions';
import {
  fastClock,
  sandboxClient,
  serviceBlueprint,
  systemBlueprint,
} from './__testUtils__/sandboxClient';
import { PortEntity } from './types';

let sandbox: Sandbox;

beforeAll(async () => {
  sandbox = await startSandbox();
});

afterAll(async () => {
  await sandbox.close();
});

beforeEach(async () => {
  sandbox.reset();
  sandbox.resetFaults();
  const { client } = sandboxClient(sandbox);
  await client.createBlueprint(systemBlueprint);
  await client.createBlueprint(serviceBlueprint);
  sandbox.clearRequests();
});

/** A client whose waits run 100 times faster than real time. */
function fastClient(options: Partial<PortClientOptions> = {}) {
  const clock = fastClock(100);
  return {
    ...sandboxClient(sandbox, {
      sleep: clock.sleep,
      now: clock.now,
      ...options,
    }),
    clock,
  };
}

const services = (count: number): PortEntity[] =>
  Array.from({ length: count }, (_, i) => ({
    identifier: `svc-${i}`,
    properties: { tier: i },
  }));

const statusesOf = (pathEnd: string) =>
  sandbox
    .requests()
    .filter(r => r.path.endsWith(pathEnd))
    .map(r => r.status);

describe('PortClient against sandbox faults', () => {
  it('rides out a 429 storm, waiting as Retry-After says', async () => {
    sandbox.setFaults({
      rules: [{ path: '/bulk$', status: 429, times: 6, retryAfterSeconds: 2 }],
    });
    const { client, clock } = fastClient();
    const results = await client.upsertEntities('service', services(100));
    expect(results.every(r => r.ok)).toBe(true);
    const statuses = statusesOf('/bulk');
    expect(statuses.filter(s => s === 429)).toHaveLength(6);
    expect(statuses.filter(s => s === 200)).toHaveLength(5);
    // Six retries waited the 2 s Port asked for; other requests may have waited out the pause.
    expect(clock.waits.filter(ms => ms === 2000).length).toBeGreaterThanOrEqual(
      6,
    );
    expect(Math.max(...clock.waits)).toBe(2000);
    expect(client.getStats().retries).toBe(6);
  });

  it('rides out bursts of 502, 503 and 504', async () => {
    sandbox.setFaults({
      rules: [
        { path: '/bulk$', status: 502, times: 3 },
        { path: '/bulk$', status: 503, times: 3 },
        { path: '/bulk$', status: 504, times: 3 },
      ],
    });
    const { client } = fastClient();
    const results = await client.upsertEntities('service', services(100));
    expect(results.every(r => r.ok)).toBe(true);
    expect(statusesOf('/bulk').sort()).toEqual([
      ...Array(5).fill(200),
      502,
      502,
      502,
      503,
      503,
      503,
      504,
      504,
      504,
    ]);
  });

  it('gives up on a 503 that does not end, with a typed error per entity', async () => {
    sandbox.setFaults({ rules: [{ path: '/bulk$', status: 503 }] });
    const { client } = fastClient({ maxRetries: 2 });
    const results = await client.upsertEntities('service', services(3));
    expect(results).toEqual(
      services(3).map(e =>
        expect.objectContaining({
          ok: false,
          identifier: e.identifier,
          status: 503,
          error: 'service_unavailable',
        }),
      ),
    );
    expect(statusesOf('/bulk')).toEqual([503, 503, 503]);
  });

  it('times out a slow answer and gets the data on the next attempt', async () => {
    await sandboxClient(sandbox).client.upsertEntity('service', services(1)[0]);
    sandbox.setFaults({
      rules: [
        { method: 'GET', path: '/entities/svc-0$', latencyMs: 1500, times: 1 },
      ],
    });
    const { client, logged } = fastClient({ timeoutMs: 300 });
    await expect(client.getEntity('service', 'svc-0')).resolves.toMatchObject({
      identifier: 'svc-0',
    });
    expect(logged.map(l => l.message)).toContainEqual(
      expect.stringMatching(
        /^Port GET \S+\/entities\/svc-0 timeout: .*retry 1 of 10/,
      ),
    );
  });

  it('ends in a timeout error when the server stays slow', async () => {
    sandbox.setFaults({ rules: [{ method: 'GET', latencyMs: 300 }] });
    const { client } = fastClient({ timeoutMs: 50, maxRetries: 2 });
    const error = await client.getOrganization().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PortApiError);
    expect(error).toMatchObject({
      kind: 'timeout',
      attempts: 3,
      retryable: true,
    });
  });

  it('sends an idempotent request again after a dropped connection', async () => {
    sandbox.setFaults({ rules: [{ path: '/bulk$', drop: true, times: 3 }] });
    const { client } = fastClient();
    const results = await client.upsertEntities('service', services(60));
    expect(results.every(r => r.ok)).toBe(true);
    expect(statusesOf('/bulk').filter(s => s === 0)).toHaveLength(3);
  });

  it('does not repeat a blueprint create whose connection dropped', async () => {
    sandbox.setFaults({
      rules: [
        { method: 'POST', path: '^/v1/blueprints$', drop: true, times: 1 },
      ],
    });
    const { client } = fastClient();
    const blueprint = {
      identifier: 'team',
      title: 'Team',
      schema: { properties: {} },
    };
    const error = await client
      .createBlueprint(blueprint)
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ kind: 'network', attempts: 1 });
    await expect(client.createBlueprint(blueprint)).resolves.toMatchObject({
      identifier: 'team',
    });
    expect(statusesOf('/v1/blueprints')).toEqual([0, 201]);
  });

  it('refreshes the token once when it is revoked mid-run', async () => {
    let bulkResponses = 0;
    const expiring: typeof fetch = async (input, init) => {
      const response = await fetch(input, init);
      if (new URL(String(input)).pathname.endsWith('/bulk')) {
        bulkResponses += 1;
        if (bulkResponses === 3) sandbox.expireTokens();
      }
      return response;
    };
    const { client } = fastClient({ fetch: expiring, concurrency: 4 });
    const results = await client.upsertEntities('service', services(200));
    expect(results.every(r => r.ok)).toBe(true);
    expect(bulkResponses).toBeGreaterThan(10);
    expect(statusesOf('/bulk')).toContain(401);
    expect(statusesOf('/v1/auth/access_token')).toEqual([200, 200]);
  });

  it('replaces a short-lived token before the sandbox expires it', async () => {
    // One clock for both sides, moved by the test instead of slept on.
    let now = Date.now();
    const clock = { now: () => now };
    const shortLived = await startSandbox({ tokenTtlSeconds: 1, clock });
    try {
      const { client } = sandboxClient(shortLived, { now: clock.now });
      await client.getOrganization();
      now += 1000;
      await client.getOrganization();
      expect(shortLived.requests().map(r => `${r.path} ${r.status}`)).toEqual([
        '/v1/auth/access_token 200',
        '/v1/organization 200',
        '/v1/auth/access_token 200',
        '/v1/organization 200',
      ]);
    } finally {
      await shortLived.close();
    }
  });
});

describe('PortClient under random faults', () => {
  it('ends every call in a result or a typed error, never repeats an unsafe request, and leaks no secret', async () => {
    const tokens: string[] = [];
    const recordingTokens: typeof fetch = async (input, init) => {
      const response = await fetch(input, init);
      if (String(input).endsWith('/v1/auth/access_token') && response.ok) {
        tokens.push((await response.clone().json()).accessToken);
      }
      return response;
    };
    const { client, logged } = fastClient({
      fetch: recordingTokens,
      timeoutMs: 200,
    });
    await client.createIntegration({
      installationId: 'chaos',
      version: '1',
      config: {},
    });
    sandbox.clearRequests();
    sandbox.setFaults({
      rules: [
        { status: 503, rate: 0.15 },
        { status: 429, rate: 0.1, retryAfterSeconds: 1 },
        { drop: true, rate: 0.1 },
        { latencyMs: 400, rate: 0.05 },
        { status: 502, rate: 0.05 },
      ],
    });
    const unsafe: string[] = [];
    const calls: Array<Promise<unknown>> = [];
    const track = (key: string, call: Promise<unknown>) => {
      unsafe.push(key);
      calls.push(call);
    };
    for (let i = 0; i < 3; i++) {
      track(
        'POST /v1/blueprints',
        client.createBlueprint({
          identifier: `bp-${i}`,
          title: `BP ${i}`,
          schema: { properties: {} },
        }),
      );
      track(
        'PATCH /v1/integration/chaos',
        client.patchIntegration('chaos', { version: String(i) }),
      );
      track(
        'PATCH /v1/integration/chaos/config',
        client.patchIntegrationConfig('chaos', { n: i }, { skipResync: true }),
      );
      track(
        'PATCH /v1/integration/chaos/resync-state',
        client.patchResyncState('chaos', { status: 'running' }),
      );
      track(
        'POST /v1/integration/chaos/kinds/component/examples',
        client.sendRawExamples('chaos', 'component', [{ i }]),
      );
    }
    const bulk = client.upsertEntities('service', services(200));
    calls.push(
      bulk,
      client.searchEntities({ combinator: 'and', rules: [] }),
      client.listDatasourceEntities({
        datasourcePrefix: 'port-ocean/',
        datasourceSuffix: '/exporter',
      }),
      client.getOrganization(),
      client.getIntegration('chaos'),
      client.deleteEntities('service', ['svc-1', 'svc-2']),
    );
    const settled = await Promise.allSettled(calls);

    const errors = settled.flatMap(o =>
      o.status === 'rejected' ? [o.reason] : [],
    );
    expect(errors.filter(error => !(error instanceof PortApiError))).toEqual(
      [],
    );
    // The sandbox logs a request when it has answered it (or dropped it): one
    // the client gave up on (200 ms timeout against 400 ms of injected latency)
    // is logged after the client's call settled, so wait for the log to settle.
    await sandbox.settled();
    // A 429 or 503 means Port did not apply the request, so the client may send it again
    // (shouldRetry); every other answer, or a dropped connection, may have applied it.
    const sent = sandbox
      .requests()
      .filter(r => r.status !== 429 && r.status !== 503)
      .map(r => `${r.method} ${r.path}`);
    // Each unsafe call reached Port at most once, and at least once when it succeeded; a call
    // whose every attempt was answered 429/503 never reached it.
    for (const key of new Set(unsafe)) {
      const times = sent.filter(s => s === key).length;
      const ofKey = unsafe.flatMap((u, i) => (u === key ? [settled[i]] : []));
      expect(times).toBeLessThanOrEqual(ofKey.length);
      expect(times).toBeGreaterThanOrEqual(
        ofKey.filter(o => o.status === 'fulfilled').length,
      );
    }
    // The faults did fire, so the run exercised the retry paths.
    expect(
      sandbox
        .requests()
        .some(r => r.status >= 500 || r.status === 429 || r.status === 0),
    ).toBe(true);
    expect(client.getStats().retries).toBeGreaterThan(0);

    const seen = [
      ...logged.map(
        l =>
          `${l.message} ${JSON.stringify(l.meta)} ${inspect(l.meta, {
            depth: null,
          })}`,
      ),
      ...errors.map(
        e =>
          `${JSON.stringify(e)} ${inspect(e, {
            depth: null,
            showHidden: true,
          })}`,
      ),
      // Resources Port returns may name the client in createdBy; the client's own results may not.
      JSON.stringify(await bulk.catch(() => [])),
    ].join('\n');
    expect(tokens.length).toBeGreaterThan(0);
    for (const secret of [sandbox.clientId, sandbox.clientSecret, ...tokens]) {
      expect(seen).not.toContain(secret);
    }
  }, 60_000);
});
