import { PortApiError } from './PortApiError';
import { PortClient } from './PortClient';
import { PortClientOptions } from './resolveOptions';
import {
  Script,
  TOKEN,
  scriptedFetch,
  virtualClock,
  withTokens,
} from './__testUtils__/scriptedFetch';

function setup(script: Script, options: Partial<PortClientOptions> = {}) {
  const fake = scriptedFetch(withTokens(script));
  const clock = virtualClock();
  const client = new PortClient({
    baseUrl: 'http://port.test',
    clientId: 'client-id',
    clientSecret: 'client-secret',
    fetch: fake.fetch,
    sleep: clock.sleep,
    now: clock.now,
    random: () => 0.5,
    ...options,
  });
  const apiRequests = () =>
    fake.requests.filter(r => r.url.pathname !== '/v1/auth/access_token');
  const tokenRequests = () =>
    fake.requests.filter(r => r.url.pathname === '/v1/auth/access_token');
  return { client, clock, requests: fake.requests, apiRequests, tokenRequests };
}

const ENTITY = { identifier: 'e1', properties: {} };
const OK_ENTITY = { status: 200, body: { ok: true, entity: ENTITY } };

async function caught(promise: Promise<unknown>): Promise<PortApiError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof PortApiError) return error;
    throw error;
  }
  throw new Error('expected the call to fail');
}

describe('PortClient retries', () => {
  it('waits as Retry-After says through a 429 storm, then succeeds', async () => {
    const { client, clock, apiRequests } = setup((_r, i) =>
      i <= 3
        ? {
            status: 429,
            headers: { 'retry-after': '2' },
            body: { ok: false, error: 'rate_limit' },
          }
        : OK_ENTITY,
    );
    await expect(client.upsertEntity('service', ENTITY)).resolves.toEqual(
      ENTITY,
    );
    expect(apiRequests()).toHaveLength(4);
    expect(clock.waits).toEqual([2000, 2000, 2000]);
    expect(client.getStats()).toEqual({
      requests: 5,
      retries: 3,
      tokenRequests: 1,
    });
  });

  it('waits until x-ratelimit-reset on a 429 without Retry-After', async () => {
    const { client, clock } = setup((_r, i) => {
      const reset = String(clock.now() / 1000 + 7);
      return i === 1
        ? { status: 429, headers: { 'x-ratelimit-reset': reset } }
        : OK_ENTITY;
    });
    await client.getEntity('service', 'e1');
    expect(clock.waits).toEqual([7000]);
  });

  it('holds back other requests while a 429 wait runs', async () => {
    const { client, clock, apiRequests } = setup(request =>
      request.url.pathname.endsWith('/a') && apiRequests().length === 1
        ? { status: 429, headers: { 'retry-after': '3' } }
        : OK_ENTITY,
    );
    await client.getEntity('service', 'a');
    await client.getEntity('service', 'b');
    // The retry of `a` waited 3 s; `b` started after the pause ended, without waiting again.
    expect(clock.waits).toEqual([3000]);
    expect(apiRequests().map(r => r.url.pathname)).toEqual([
      '/v1/blueprints/service/entities/a',
      '/v1/blueprints/service/entities/a',
      '/v1/blueprints/service/entities/b',
    ]);
  });

  it('backs off exponentially through a burst of 502, 503 and 504', async () => {
    const statuses = [502, 503, 504];
    const { client, clock, apiRequests } = setup((_r, i) =>
      i <= 3 ? { status: statuses[i - 1] } : OK_ENTITY,
    );
    await client.getEntity('service', 'e1');
    expect(apiRequests()).toHaveLength(4);
    expect(clock.waits).toEqual([300, 600, 1200]);
  });

  it('gives up with a typed, retryable error once the retry budget is spent', async () => {
    const { client, clock, apiRequests } = setup(
      () => ({
        status: 503,
        body: { ok: false, error: 'unavailable', message: 'try later' },
        headers: { 'x-trace-id': 'trace-1' },
      }),
      { maxRetries: 3 },
    );
    const error = await caught(client.getEntity('service', 'e1'));
    expect(error).toMatchObject({
      kind: 'server',
      status: 503,
      code: 'unavailable',
      traceId: 'trace-1',
      method: 'GET',
      path: '/v1/blueprints/service/entities/e1',
      retryable: true,
      attempts: 4,
    });
    expect(error.message).toBe(
      'Port API GET /v1/blueprints/service/entities/e1 failed 503 unavailable: try later',
    );
    expect(apiRequests()).toHaveLength(4);
    expect(clock.waits).toEqual([300, 600, 1200]);
  });

  it('retries an idempotent request after a dropped connection', async () => {
    const { client, apiRequests } = setup((_r, i) =>
      i === 1
        ? { networkError: 'other side closed', code: 'UND_ERR_SOCKET' }
        : OK_ENTITY,
    );
    await expect(client.upsertEntity('service', ENTITY)).resolves.toEqual(
      ENTITY,
    );
    expect(apiRequests()).toHaveLength(2);
  });

  it('gives up with a network error once dropped connections spend the budget', async () => {
    const { client } = setup(
      () => ({ networkError: 'connect refused', code: 'ECONNREFUSED' }),
      {
        maxRetries: 2,
      },
    );
    const error = await caught(client.getEntity('service', 'e1'));
    expect(error).toMatchObject({
      kind: 'network',
      status: 0,
      retryable: true,
      attempts: 3,
    });
    expect(error.message).toContain('ECONNREFUSED: connect refused');
  });

  it('times out a request that gets no answer, and retries it', async () => {
    const { client, apiRequests } = setup(
      (_r, i) => (i === 1 ? { hang: true } : OK_ENTITY),
      {
        timeoutMs: 100,
      },
    );
    await expect(client.getEntity('service', 'e1')).resolves.toEqual(ENTITY);
    expect(apiRequests()).toHaveLength(2);
  });

  it('ends in a timeout error when every attempt hangs', async () => {
    const { client, apiRequests } = setup(() => ({ hang: true }), {
      timeoutMs: 10,
      maxRetries: 1,
    });
    const error = await caught(client.getEntity('service', 'e1'));
    expect(error).toMatchObject({ kind: 'timeout', status: 0, attempts: 2 });
    expect(apiRequests()).toHaveLength(2);
  });

  it.each([
    ['a 502', { status: 502 }],
    ['a dropped connection', { networkError: 'other side closed' }],
    ['a timeout', { hang: true as const }],
  ])('never repeats a non-idempotent request after %s', async (_name, step) => {
    const { client, apiRequests } = setup(() => step, { timeoutMs: 10 });
    await expect(
      client.createBlueprint({
        identifier: 'bp',
        title: 'BP',
        schema: { properties: {} },
      }),
    ).rejects.toBeInstanceOf(PortApiError);
    await expect(
      client.patchIntegration('i1', { version: '1' }),
    ).rejects.toBeInstanceOf(PortApiError);
    expect(apiRequests().map(r => r.method)).toEqual(['POST', 'PATCH']);
  });

  it.each([
    ['a 503', { status: 503 }],
    ['a 429', { status: 429, headers: { 'retry-after': '1' } }],
  ])(
    'sends a non-idempotent request again after a refusal: %s',
    async (_name, step) => {
      const { client, apiRequests } = setup((_r, i) =>
        i === 1
          ? step
          : { status: 201, body: { ok: true, blueprint: { identifier: 'bp' } } },
      );
      await client.createBlueprint({
        identifier: 'bp',
        title: 'BP',
        schema: { properties: {} },
      });
      expect(apiRequests().map(r => r.method)).toEqual(['POST', 'POST']);
    },
  );

  it('retries a PATCH the caller marks idempotent', async () => {
    const { client, apiRequests } = setup((_r, i) =>
      i === 1
        ? { status: 502 }
        : { status: 200, body: { ok: true, blueprint: { identifier: 'bp' } } },
    );
    await client.patchBlueprint('bp', { relations: {} }, { idempotent: true });
    expect(apiRequests().map(r => r.method)).toEqual(['PATCH', 'PATCH']);
  });

  it('refreshes the token once on a 401 and repeats even a non-idempotent request', async () => {
    const { client, requests } = setup(request =>
      request.headers.authorization === `Bearer ${TOKEN}-1`
        ? { status: 401, body: { ok: false, error: 'unauthorized' } }
        : { status: 201, body: { ok: true, blueprint: { identifier: 'bp' } } },
    );
    await client.createBlueprint({
      identifier: 'bp',
      title: 'BP',
      schema: { properties: {} },
    });
    expect(
      requests.map(r => `${r.url.pathname} ${r.headers.authorization ?? '-'}`),
    ).toEqual([
      '/v1/auth/access_token -',
      `/v1/blueprints Bearer ${TOKEN}-1`,
      '/v1/auth/access_token -',
      `/v1/blueprints Bearer ${TOKEN}-2`,
    ]);
  });

  it('fails with an auth error when the fresh token is rejected too', async () => {
    const { client, apiRequests, tokenRequests } = setup(() => ({
      status: 401,
      body: { ok: false, error: 'unauthorized', message: 'bad token' },
    }));
    const error = await caught(client.getEntity('service', 'e1'));
    expect(error).toMatchObject({
      kind: 'auth',
      status: 401,
      retryable: false,
    });
    expect(apiRequests()).toHaveLength(2);
    expect(tokenRequests()).toHaveLength(2);
  });

  it('fails with an auth error, without retrying, when the credentials are wrong', async () => {
    const fake = scriptedFetch(() => ({
      status: 401,
      body: { ok: false, error: 'unauthorized', message: 'bad credentials' },
    }));
    const wrong = new PortClient({
      baseUrl: 'http://port.test',
      clientId: 'x',
      clientSecret: 'y',
      fetch: fake.fetch,
    });
    const error = await caught(wrong.getEntity('service', 'e1'));
    expect(error).toMatchObject({
      kind: 'auth',
      path: '/v1/auth/access_token',
      attempts: 1,
    });
    expect(fake.requests.map(r => r.url.pathname)).toEqual([
      '/v1/auth/access_token',
    ]);
  });

  it('fetches one token for many concurrent calls and reuses it', async () => {
    const { client, tokenRequests, apiRequests } = setup(() => OK_ENTITY);
    await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        client.getEntity('service', `e${i}`),
      ),
    );
    await client.getEntity('service', 'later');
    expect(tokenRequests()).toHaveLength(1);
    expect(apiRequests()).toHaveLength(11);
  });

  it('fetches a new token once the old one is about to expire', async () => {
    const { client, clock, tokenRequests } = setup(() => OK_ENTITY);
    expect(await client.getAccessToken()).toBe(`${TOKEN}-1`);
    await clock.sleep(3600_000 - 60_000);
    expect(await client.getAccessToken()).toBe(`${TOKEN}-2`);
    expect(tokenRequests()).toHaveLength(2);
  });

  it('stops retrying when the caller aborts during a backoff', async () => {
    const controller = new AbortController();
    const { client, apiRequests } = setup(() => {
      controller.abort(new Error('shutting down'));
      return { status: 503 };
    });
    await expect(
      client.getEntity('service', 'e1', { signal: controller.signal }),
    ).rejects.toThrow('shutting down');
    expect(apiRequests()).toHaveLength(1);
  });

  it('aborts a request in flight with the caller’s reason, not a Port error', async () => {
    const controller = new AbortController();
    const { client, apiRequests } = setup(() => {
      setTimeout(() => controller.abort(new Error('cancelled')), 5);
      return { hang: true };
    });
    await client.getAccessToken();
    await expect(
      client.getEntity('service', 'e1', { signal: controller.signal }),
    ).rejects.toThrow('cancelled');
    expect(apiRequests()).toHaveLength(1);
  });

  it('slows down as x-ratelimit-remaining falls', async () => {
    const { client, clock } = setup(() => ({
      ...OK_ENTITY,
      headers: {
        'x-ratelimit-limit': '100',
        'x-ratelimit-remaining': '10',
        'x-ratelimit-reset': '10',
      },
    }));
    for (let i = 0; i < 4; i++) await client.getEntity('service', `e${i}`);
    // 10 s left for 10 requests: they start about a second apart.
    expect(clock.waits.length).toBeGreaterThanOrEqual(2);
    for (const wait of clock.waits) expect(wait).toBeGreaterThan(900);
  });
});

describe('PortClient errors', () => {
  it.each([
    ['upsertEntity', 404, 'not_found', 'unmet-dependency'],
    ['getEntity', 404, 'not_found', 'not-found'],
    ['upsertEntity', 422, 'invalid_request', 'validation'],
    ['upsertEntity', 409, 'identifier_taken', 'conflict'],
    ['upsertEntity', 413, 'request_too_large', 'too-large'],
    ['getEntity', 403, 'forbidden', 'auth'],
  ] as const)(
    '%s answered %i %s is a %s error',
    async (method, status, code, kind) => {
      const { client } = setup(() => ({
        status,
        body: { ok: false, error: code, message: 'm' },
        headers: { 'x-trace-id': 'tr' },
      }));
      const call =
        method === 'upsertEntity'
          ? client.upsertEntity('service', ENTITY)
          : client.getEntity('service', 'e1');
      const error = await caught(call);
      expect(error).toMatchObject({
        status,
        code,
        kind,
        traceId: 'tr',
        retryable: false,
      });
    },
  );

  it('keeps Port’s details', async () => {
    const { client } = setup(() => ({
      status: 409,
      body: { ok: false, error: 'conflict', message: 'm', details: { a: 1 } },
    }));
    await expect(caught(client.createIntegration({}))).resolves.toMatchObject({
      kind: 'conflict',
      details: { a: 1 },
    });
  });

  it('uses the start of a body that is not JSON as the message', async () => {
    const { client } = setup(
      () => ({ status: 502, raw: '<html>Bad gateway</html>' }),
      {
        maxRetries: 0,
      },
    );
    await expect(caught(client.getOrganization())).resolves.toMatchObject({
      kind: 'server',
      code: undefined,
      message:
        'Port API GET /v1/organization failed 502: <html>Bad gateway</html>',
    });
  });

  it('rejects a successful response whose body is not JSON', async () => {
    const { client } = setup(() => ({ status: 200, raw: 'hello' }));
    await expect(caught(client.getOrganization())).resolves.toMatchObject({
      kind: 'other',
      status: 200,
      message: expect.stringContaining('not JSON'),
    });
  });
});
