import { TestApi } from './testApi';

const MAPPING = {
  resources: [
    {
      kind: 'component',
      selector: { query: 'true' },
      port: {
        entity: {
          mappings: { identifier: '.metadata.name', blueprint: '"component"' },
        },
      },
    },
  ],
};

describe('integration routes', () => {
  let api: TestApi;
  beforeAll(async () => {
    api = await TestApi.start();
  });
  beforeEach(async () => {
    api.sandbox.reset();
    await api.expectStatus(
      201,
      api.post('/v1/integration', {
        installationId: 'portsync',
        installationAppType: 'backstage',
        version: '0.1.0',
        changelogDestination: {},
        config: {},
      }),
    );
  });
  afterAll(() => api.sandbox.close());

  it('registers, gets and patches an integration; 409 on a second registration', async () => {
    const got = await api.get('/v1/integration/portsync', {
      query: 'oceanCoreVersion=0.1.0&isPolling=true',
    });
    expect(got.body.integration).toMatchObject({
      identifier: 'portsync',
      installationId: 'portsync',
      installationAppType: 'backstage',
      integrationType: 'backstage',
      version: '0.1.0',
      config: {},
      changelogDestination: {},
    });
    expect(got.body.integration).not.toHaveProperty('examples');
    expect(
      (await api.post('/v1/integration', { installationId: 'portsync' }))
        .status,
    ).toBe(409);
    const patched = await api.patch('/v1/integration/portsync', {
      version: '0.2.0',
      ignored: true,
    });
    expect(patched.body.integration.version).toBe('0.2.0');
    expect(patched.body.integration).not.toHaveProperty('ignored');
    expect((await api.get('/v1/integration/nope')).status).toBe(404);
    expect((await api.post('/v1/integration', { version: '1' })).status).toBe(
      422,
    );
  });

  it('writes the config; files a resync request unless x-skip-resync is true', async () => {
    const skipped = await api.patch(
      '/v1/integration/portsync/config',
      { config: MAPPING },
      { headers: { 'x-skip-resync': 'true' } },
    );
    expect(skipped.body.integration.config).toEqual(MAPPING);
    expect(
      (await api.get('/v1/integration/portsync/resync-request')).body,
    ).toEqual({ ok: true, request: null });
    await api.patch('/v1/integration/portsync/config', { config: MAPPING });
    const request = await api.get('/v1/integration/portsync/resync-request');
    expect(request.body.request).toEqual({
      id: expect.any(String),
      updatedAt: expect.any(String),
    });
    expect(
      (await api.patch('/v1/integration/portsync/config', { mapping: MAPPING }))
        .status,
    ).toBe(422);
  });

  it('stores the resync state with its own updatedAt', async () => {
    const state = {
      status: 'completed',
      lastResyncStart: '2026-01-01T00:00:00.000Z',
      lastResyncEnd: '2026-01-01T00:01:00.000Z',
      nextResync: '2026-01-01T01:00:00.000Z',
      intervalInMinuets: 60,
    };
    const response = await api.patch(
      '/v1/integration/portsync/resync-state',
      state,
    );
    expect(response.status).toBe(200);
    expect(response.body.integration.resyncState).toEqual({
      ...state,
      updatedAt: expect.any(String),
    });
    expect(
      (
        await api.patch('/v1/integration/portsync/resync-state', {
          status: 'sleeping',
        })
      ).status,
    ).toBe(422);
  });

  it('accepts raw examples per kind and shows them to the admin routes', async () => {
    await api.post('/v1/integration/portsync/kinds/component/examples', {
      examples: [{ a: 1 }, { a: 2 }],
    });
    await api.post('/v1/integration/portsync/kinds/api/examples', {
      examples: [{ b: 1 }],
    });
    const state = await api.get('/_sandbox/integrations/portsync');
    expect(state.body.integration.examples).toEqual([
      { kind: 'component', receivedAt: expect.any(String), example: { a: 1 } },
      { kind: 'component', receivedAt: expect.any(String), example: { a: 2 } },
      { kind: 'api', receivedAt: expect.any(String), example: { b: 1 } },
    ]);
    expect(
      (
        await api.post('/v1/integration/portsync/kinds/api/examples', {
          example: {},
        })
      ).status,
    ).toBe(422);
    expect(
      (
        await api.post('/v1/integration/nope/kinds/api/examples', {
          examples: [],
        })
      ).status,
    ).toBe(404);
  });

  it('lets the admin file a resync request as Port UI would, each with a new id', async () => {
    const first = await api.post(
      '/_sandbox/integrations/portsync/resync-request',
    );
    const second = await api.post(
      '/_sandbox/integrations/portsync/resync-request',
    );
    expect(first.body.request.id).not.toBe(second.body.request.id);
    expect(
      (await api.get('/v1/integration/portsync/resync-request')).body.request,
    ).toEqual(second.body.request);
    expect(
      (await api.post('/_sandbox/integrations/nope/resync-request')).status,
    ).toBe(404);
  });

  it('lets the admin edit the config as Port UI would (with a resync unless resync=false)', async () => {
    const edited = await api.put(
      '/_sandbox/integrations/portsync/config',
      { config: MAPPING },
      { query: 'resync=false' },
    );
    expect(edited.body.integration.updatedBy).toBe('port-ui');
    expect(
      (await api.get('/v1/integration/portsync')).body.integration.config,
    ).toEqual(MAPPING);
    expect(
      (await api.get('/v1/integration/portsync/resync-request')).body.request,
    ).toBeNull();
    await api.put('/_sandbox/integrations/portsync/config', { config: {} });
    expect(
      (await api.get('/v1/integration/portsync/resync-request')).body.request,
    ).not.toBeNull();
  });

  it('deletes an integration, lists provision-enabled types and reads the organization', async () => {
    expect((await api.delete('/v1/integration/portsync')).body).toEqual({
      ok: true,
    });
    expect((await api.get('/v1/integration/portsync')).status).toBe(404);
    expect((await api.get('/v1/integration/provision-enabled')).body).toEqual({
      ok: true,
      integrations: [],
    });
    expect((await api.get('/v1/organization')).body.organization).toMatchObject(
      { id: expect.any(String), featureFlags: [] },
    );
  });
});
