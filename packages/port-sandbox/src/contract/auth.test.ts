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
});
