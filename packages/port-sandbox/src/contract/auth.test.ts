import { TestApi } from './testApi';

describe('auth', () => {
  let api: TestApi;
  beforeAll(async () => {
    api = await TestApi.start({
      clientId: 'id-1',
      clientSecret: 'secret-1',
      tokenTtlSeconds: 600,
    });
  });
  afterAll(() => api.sandbox.close());

  it('issues a Bearer token with expiresIn for valid credentials', async () => {
    const response = await api.post(
      '/v1/auth/access_token',
      { clientId: 'id-1', clientSecret: 'secret-1' },
      { token: null },
    );
    expect(response.status).toBe(200);
    expect(response.body).toEqual({
      ok: true,
      accessToken: expect.any(String),
      expiresIn: 600,
      tokenType: 'Bearer',
    });
    const claims = JSON.parse(
      Buffer.from(
        response.body.accessToken.split('.')[1],
        'base64url',
      ).toString(),
    );
    expect(claims.exp - claims.iat).toBe(600);
  });

  it('answers 401 with the envelope for a wrong secret', async () => {
    const response = await api.post(
      '/v1/auth/access_token',
      { clientId: 'id-1', clientSecret: 'wrong' },
      { token: null },
    );
    expect(response.status).toBe(401);
    expect(response.body).toEqual({
      ok: false,
      error: 'invalid_credentials',
      message: expect.any(String),
    });
  });

  it('answers 422 when the token body has unknown or missing fields', async () => {
    const missing = await api.post(
      '/v1/auth/access_token',
      { clientId: 'id-1' },
      { token: null },
    );
    expect(missing.status).toBe(422);
    expect(missing.body.ok).toBe(false);
    const extra = await api.post(
      '/v1/auth/access_token',
      { clientId: 'id-1', clientSecret: 'secret-1', scope: 'x' },
      { token: null },
    );
    expect(extra.status).toBe(422);
  });

  it('answers 401 without a bearer, with a bad bearer, and with a non-Bearer scheme', async () => {
    const missing = await api.get('/v1/blueprints', { token: null });
    expect(missing.status).toBe(401);
    expect(missing.body).toEqual({
      ok: false,
      error: 'unauthorized',
      message: expect.any(String),
    });
    const bad = await api.get('/v1/blueprints', { token: 'not-a-token' });
    expect(bad.status).toBe(401);
    const basic = await api.get('/v1/blueprints', {
      token: null,
      headers: { authorization: `Basic ${await api.accessToken()}` },
    });
    expect(basic.status).toBe(401);
  });

  it('rejects every issued token after expireTokens(), and a new token works', async () => {
    const token = await api.accessToken();
    expect((await api.get('/v1/blueprints', { token })).status).toBe(200);
    api.sandbox.expireTokens();
    expect((await api.get('/v1/blueprints', { token })).status).toBe(401);
    api.forgetToken();
    expect((await api.get('/v1/blueprints')).status).toBe(200);
  });

  it('rejects tokens past their lifetime', async () => {
    const shortLived = await TestApi.start({ tokenTtlSeconds: 0 });
    try {
      const token = await shortLived.accessToken();
      expect((await shortLived.get('/v1/blueprints', { token })).status).toBe(
        401,
      );
    } finally {
      await shortLived.sandbox.close();
    }
  });

  it('expires tokens through POST /_sandbox/expire-tokens', async () => {
    const token = await api.accessToken();
    expect((await api.post('/_sandbox/expire-tokens')).status).toBe(200);
    expect((await api.get('/v1/blueprints', { token })).status).toBe(401);
    api.forgetToken();
  });

  it('returns the active token again until it expires, with the seconds it has left (clock option)', async () => {
    let now = Date.parse('2026-01-01T00:00:00Z');
    const timed = await TestApi.start({
      tokenTtlSeconds: 600,
      clock: { now: () => now },
    });
    try {
      const credentials = {
        clientId: timed.sandbox.clientId,
        clientSecret: timed.sandbox.clientSecret,
      };
      const ask = () =>
        timed.post('/v1/auth/access_token', credentials, { token: null });
      const first = (await ask()).body;
      now += 100_000;
      const again = (await ask()).body;
      expect(again).toEqual({ ...first, expiresIn: 500 });
      now += 500_000;
      expect(
        (await timed.get('/v1/blueprints', { token: first.accessToken }))
          .status,
      ).toBe(401);
      const renewed = (await ask()).body;
      expect(renewed.accessToken).not.toBe(first.accessToken);
      expect(renewed.expiresIn).toBe(600);
      expect(timed.sandbox.requests()[0].at).toBe('2026-01-01T00:00:00.000Z');
    } finally {
      await timed.sandbox.close();
    }
  });

  it('refuses GET /v1/integration/{id} to member credentials with 403, and serves admins', async () => {
    await api.post('/v1/integration', { installationId: 'roles' });
    const member = api.sandbox.addCredentials();
    const token = (
      await api.post('/v1/auth/access_token', member, { token: null })
    ).body.accessToken;
    const refused = await api.get('/v1/integration/roles', { token });
    expect(refused.status).toBe(403);
    expect(refused.body).toEqual({
      ok: false,
      error: 'forbidden',
      message: 'Reading an integration requires the moderator or admin role',
    });
    expect((await api.get('/v1/blueprints', { token })).status).toBe(200);
    expect((await api.get('/v1/integration/roles')).status).toBe(200);
    const viaHttp = await api.post('/_sandbox/credentials', {
      role: 'moderator',
    });
    expect(viaHttp.status).toBe(201);
    const moderatorToken = (
      await api.post(
        '/v1/auth/access_token',
        {
          clientId: viaHttp.body.clientId,
          clientSecret: viaHttp.body.clientSecret,
        },
        { token: null },
      )
    ).body.accessToken;
    expect(
      (await api.get('/v1/integration/roles', { token: moderatorToken }))
        .status,
    ).toBe(200);
  });
});
