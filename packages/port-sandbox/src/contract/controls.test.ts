import { TestApi } from './testApi';

describe('request log', () => {
  let api: TestApi;
  beforeAll(async () => {
    api = await TestApi.start();
  });
  afterAll(() => api.sandbox.close());

  it('records every Port API request in order with status, query and User-Agent', async () => {
    await api.accessToken();
    api.sandbox.clearRequests();
    await api.get('/v1/blueprints');
    await api.get('/v1/blueprints/nope', { query: 'include=a&include=b' });
    await api.get('/_sandbox/faults');
    const log = api.sandbox.requests();
    expect(log).toEqual([
      expect.objectContaining({
        method: 'GET',
        path: '/v1/blueprints',
        status: 200,
        userAgent: expect.stringContaining('port-ocean'),
      }),
      expect.objectContaining({
        method: 'GET',
        path: '/v1/blueprints/nope',
        status: 404,
        query: { include: ['a', 'b'] },
      }),
    ]);
    expect(log[0].durationMs).toBeGreaterThanOrEqual(0);
    expect(Date.parse(log[0].at)).not.toBeNaN();
  });

  it('sets an x-trace-id header on Port API responses', async () => {
    const response = await api.get('/v1/organization');
    expect(response.headers.get('x-trace-id')).toMatch(/^[0-9a-f]{16}$/);
  });

  it('reports counts and peak memory at /_sandbox/stats, and 404s unknown admin routes', async () => {
    const stats = await api.get('/_sandbox/stats');
    expect(stats.body).toEqual({
      ok: true,
      blueprints: 0,
      entities: 0,
      requests: expect.any(Number),
      maxRssBytes: expect.any(Number),
    });
    expect(stats.body.maxRssBytes).toBeGreaterThan(1024 * 1024);
    const unknown = await api.get('/_sandbox/nothing');
    expect(unknown.status).toBe(404);
    expect(unknown.body).toMatchObject({ ok: false, error: 'not_found' });
  });

  it('serves and clears the log over HTTP', async () => {
    await api.get('/v1/blueprints');
    const listed = await api.get('/_sandbox/requests');
    expect(listed.body.requests.length).toBeGreaterThan(0);
    expect(listed.body.countsByStatus['200']).toBeGreaterThan(0);
    await api.delete('/_sandbox/requests');
    expect(api.sandbox.requests()).toEqual([]);
  });
});

describe('fault injection', () => {
  let api: TestApi;
  beforeAll(async () => {
    api = await TestApi.start();
    await api.accessToken();
  });
  afterEach(() => api.sandbox.resetFaults());
  afterAll(() => api.sandbox.close());

  it('fails matching requests with the given status a limited number of times', async () => {
    api.sandbox.setFaults({
      rules: [
        { method: 'GET', path: '^/v1/blueprints$', status: 503, times: 2 },
      ],
    });
    const first = await api.get('/v1/blueprints');
    expect(first.status).toBe(503);
    expect(first.body).toMatchObject({
      ok: false,
      error: 'service_unavailable',
    });
    expect((await api.get('/v1/blueprints')).status).toBe(503);
    expect((await api.get('/v1/blueprints')).status).toBe(200);
    expect((await api.get('/v1/organization')).status).toBe(200);
  });

  it('sends a 429 storm with Retry-After', async () => {
    api.sandbox.setFaults({ rules: [{ status: 429, retryAfterSeconds: 7 }] });
    const response = await api.get('/v1/organization');
    expect(response.status).toBe(429);
    expect(response.headers.get('retry-after')).toBe('7');
  });

  it('adds latency before answering normally', async () => {
    api.sandbox.setFaults({
      rules: [{ path: 'organization', latencyMs: 150 }],
    });
    await api.get('/v1/organization');
    const [entry] = api.sandbox.requests().slice(-1);
    expect(entry.status).toBe(200);
    expect(entry.durationMs).toBeGreaterThanOrEqual(140);
  });

  it('drops the connection without a response, logged as status 0', async () => {
    api.sandbox.setFaults({
      rules: [{ path: 'organization', drop: true, times: 1 }],
    });
    await expect(api.get('/v1/organization')).rejects.toThrow();
    // The client sees the socket close before the sandbox logs it.
    await api.sandbox.settled();
    expect(api.sandbox.requests().slice(-1)[0]).toMatchObject({
      path: '/v1/organization',
      status: 0,
    });
    expect((await api.get('/v1/organization')).status).toBe(200);
  });

  it('applies a rule with rate 0 never', async () => {
    api.sandbox.setFaults({ rules: [{ status: 500, rate: 0 }] });
    expect((await api.get('/v1/organization')).status).toBe(200);
  });

  it('is configured over HTTP, validated, and reset with DELETE', async () => {
    const put = await api.put('/_sandbox/faults', {
      rules: [{ path: 'organization', status: 502 }],
    });
    expect(put.body.rules).toEqual([{ path: 'organization', status: 502 }]);
    expect((await api.get('/v1/organization')).status).toBe(502);
    expect((await api.get('/_sandbox/faults')).body.used).toEqual([1]);
    expect(
      (await api.put('/_sandbox/faults', { rules: [{ status: 418 }] })).status,
    ).toBe(422);
    expect(
      (await api.put('/_sandbox/faults', { rules: [{ path: '(' }] })).status,
    ).toBe(422);
    await api.delete('/_sandbox/faults');
    expect((await api.get('/v1/organization')).status).toBe(200);
  });
});

describe('rate limiting', () => {
  it('is off by default: no x-ratelimit headers', async () => {
    const api = await TestApi.start();
    try {
      const response = await api.get('/v1/organization');
      expect(response.headers.get('x-ratelimit-limit')).toBeNull();
    } finally {
      await api.sandbox.close();
    }
  });

  it('counts entity and other routes separately and answers 429 with Retry-After', async () => {
    const api = await TestApi.start({
      rateLimit: { entityRequests: 2, otherRequests: 3, windowSeconds: 60 },
    });
    try {
      const first = await api.get('/v1/organization');
      expect(first.headers.get('x-ratelimit-period')).toBe('60');
      expect(first.headers.get('x-ratelimit-limit')).toBe('3');
      expect(first.headers.get('x-ratelimit-remaining')).toBe('1');
      expect(Number(first.headers.get('x-ratelimit-reset'))).toBeGreaterThan(0);
      expect(
        (await api.get('/v1/organization')).headers.get(
          'x-ratelimit-remaining',
        ),
      ).toBe('0');
      const limited = await api.get('/v1/organization');
      expect(limited.status).toBe(429);
      expect(limited.body).toMatchObject({ ok: false, error: 'rate_limited' });
      expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
      const search = await api.post('/v1/entities/search', {
        combinator: 'and',
        rules: [],
      });
      expect(search.status).toBe(200);
      expect(search.headers.get('x-ratelimit-limit')).toBe('2');
    } finally {
      await api.sandbox.close();
    }
  });

  it('uses the historical limits when enabled with true, and can be switched off', async () => {
    const api = await TestApi.start({ rateLimit: true });
    try {
      expect(
        (await api.get('/v1/organization')).headers.get('x-ratelimit-limit'),
      ).toBe('15000');
      expect(
        (
          await api.post('/v1/entities/search', {
            combinator: 'and',
            rules: [],
          })
        ).headers.get('x-ratelimit-limit'),
      ).toBe('35000');
      expect(
        (await api.put('/_sandbox/rate-limit', { rateLimit: false })).status,
      ).toBe(200);
      expect(
        (await api.get('/v1/organization')).headers.get('x-ratelimit-limit'),
      ).toBeNull();
      api.sandbox.setRateLimit({ otherRequests: 1 });
      expect(
        (await api.get('/v1/organization')).headers.get('x-ratelimit-limit'),
      ).toBe('1');
    } finally {
      await api.sandbox.close();
    }
  });
});

describe('reset', () => {
  it('wipes data over HTTP and programmatically', async () => {
    const api = await TestApi.start();
    try {
      await api.post('/v1/blueprints', {
        identifier: 'x',
        title: 'X',
        schema: { properties: {} },
      });
      expect((await api.post('/_sandbox/reset')).status).toBe(200);
      expect((await api.get('/v1/blueprints')).body.blueprints).toEqual([]);
      await api.post('/v1/blueprints', {
        identifier: 'x',
        title: 'X',
        schema: { properties: {} },
      });
      api.sandbox.reset();
      expect((await api.get('/v1/blueprints')).body.blueprints).toEqual([]);
    } finally {
      await api.sandbox.close();
    }
  });
});

describe('the README example', () => {
  it('counts the injected 503s in the request log', async () => {
    const api = await TestApi.start();
    try {
      await api.createServiceBlueprints();
      api.sandbox.setFaults({
        rules: [{ path: '/entities/bulk$', status: 503, times: 2 }],
      });
      const bulk = () =>
        api.post(
          '/v1/blueprints/service/entities/bulk',
          { entities: [{ identifier: 'a' }] },
          { query: 'upsert=true' },
        );
      expect((await bulk()).status).toBe(503);
      expect((await bulk()).status).toBe(503);
      expect((await bulk()).status).toBe(200);
      expect(api.sandbox.requests().filter(r => r.status === 503)).toHaveLength(
        2,
      );
    } finally {
      await api.sandbox.close();
    }
  });
});
