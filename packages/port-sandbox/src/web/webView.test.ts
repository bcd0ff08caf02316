import { TestApi } from '../contract/testApi';

describe('web view', () => {
  let api: TestApi;
  beforeAll(async () => {
    api = await TestApi.start();
    await api.createServiceBlueprints();
    await api.post('/v1/blueprints/team/entities', {
      identifier: 'platform',
      title: 'Platform',
    });
    await api.post('/v1/blueprints/service/entities', {
      identifier: 'component:default/checkout',
      title: 'Checkout <b>v2</b>',
      relations: { owner: 'platform' },
    });
    await api.post('/v1/blueprints/service/entities', {
      identifier: 'component:default/cart',
      title: 'Cart',
    });
    await api.post('/v1/integration', {
      installationId: 'portsync',
      installationAppType: 'backstage',
      version: '0.1.0',
    });
    await api.patch('/v1/integration/portsync/resync-state', {
      status: 'running',
      lastResyncStart: '2026-01-01T00:00:00.000Z',
    });
  });
  afterAll(() => api.sandbox.close());

  async function page(path: string) {
    const response = await fetch(`${api.sandbox.url}${path}`, {
      redirect: 'manual',
    });
    return {
      status: response.status,
      // The markup's layout is prettier's business; compare it without whitespace around tags.
      text: (await response.text())
        .replace(/\s+/g, ' ')
        .replace(/\s*([<>])\s*/g, '$1'),
      location: response.headers.get('location'),
    };
  }

  it('lists blueprints with their entity counts and the integration state', async () => {
    const { status, text } = await page('/');
    expect(status).toBe(200);
    expect(text).toMatch(
      /href="\/blueprints\/service">service<\/a><\/td><td>Service<\/td><td class="count">2<\/td>/,
    );
    expect(text).toMatch(
      /href="\/blueprints\/team">team<\/a><\/td><td>Team<\/td><td class="count">1<\/td>/,
    );
    expect(text).toContain('href="/integrations/portsync"');
    expect(text).toMatch(/class="resync-status">running</);
  });

  it("filters a blueprint's entities with the search box and escapes titles", async () => {
    const all = await page('/blueprints/service');
    expect(all.text).toContain('2 matching entities');
    expect(all.text).toContain('Checkout &lt;b&gt;v2&lt;/b&gt;');
    expect(all.text).not.toContain('<b>v2</b>');
    const filtered = await page('/blueprints/service?q=cart');
    expect(filtered.text).toContain('1 matching entities');
    expect(filtered.text).toContain('component:default/cart');
    expect(filtered.text).not.toContain('component:default/checkout');
  });

  it('shows one entity as JSON with its relations as links, both ways', async () => {
    const entity = await page(
      `/blueprints/service/entities/${encodeURIComponent(
        'component:default/checkout',
      )}`,
    );
    expect(entity.status).toBe(200);
    expect(entity.text).toContain(
      'href="/blueprints/team/entities/platform">platform</a>',
    );
    expect(entity.text).toContain(
      '&quot;identifier&quot;: &quot;component:default/checkout&quot;',
    );
    const target = await page('/blueprints/team/entities/platform');
    expect(target.text).toContain(
      `href="/blueprints/service/entities/${encodeURIComponent(
        'component:default/checkout',
      )}"`,
    );
    expect((await page('/blueprints/service/entities/nope')).status).toBe(404);
    expect((await page('/blueprints/nope')).status).toBe(404);
  });

  it("serves an entity at the address of its page in Port's app, and a 404 page for one that is missing", async () => {
    const entity = await page(
      `/serviceEntity?identifier=${encodeURIComponent(
        'component:default/checkout',
      )}`,
    );
    expect(entity.status).toBe(200);
    expect(entity.text).toContain('component:default/checkout');
    expect(entity.text).toContain(
      'href="/blueprints/team/entities/platform">platform</a>',
    );
    const missing = await page('/serviceEntity?identifier=nope');
    expect(missing.status).toBe(404);
    expect(missing.text).toContain('Entity &quot;nope&quot; was not found.');
    const noBlueprint = await page('/nopeEntity?identifier=platform');
    expect(noBlueprint.status).toBe(404);
    expect((await page('/serviceEntity')).status).toBe(400);
  });

  it('shows the request log newest first', async () => {
    await api.get('/v1/blueprints/service');
    const log = await page('/requests');
    expect(log.text).toMatch(
      /<td>GET<\/td><td>\/v1\/blueprints\/service<\/td>/,
    );
    expect(log.text.indexOf('/v1/blueprints/service</td>')).toBeLessThan(
      log.text.indexOf('/v1/auth/access_token</td>'),
    );
  });

  it('files a resync request and saves a config from the integration page', async () => {
    const resync = await fetch(
      `${api.sandbox.url}/integrations/portsync/resync`,
      { method: 'POST', redirect: 'manual' },
    );
    expect(resync.status).toBe(303);
    const request = await api.get('/v1/integration/portsync/resync-request');
    expect(request.body.request.id).toEqual(expect.any(String));
    const saved = await fetch(
      `${api.sandbox.url}/integrations/portsync/config`,
      {
        method: 'POST',
        redirect: 'manual',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ config: '{"resources":[]}' }).toString(),
      },
    );
    expect(saved.status).toBe(303);
    const integration = await api.get('/v1/integration/portsync');
    expect(integration.body.integration.config).toEqual({ resources: [] });
    expect(
      (await api.get('/v1/integration/portsync/resync-request')).body.request,
    ).toEqual(request.body.request);
    const broken = await fetch(
      `${api.sandbox.url}/integrations/portsync/config`,
      {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ config: '{oops' }).toString(),
      },
    );
    expect(broken.status).toBe(422);
    expect(await broken.text()).toContain('Config is not valid JSON');
    await api.post('/v1/integration/portsync/kinds/component/examples', {
      examples: [{ kind: 'Component', name: 'raw-one' }],
    });
    const shown = await page('/integrations/portsync');
    expect(shown.text).toContain('Raw examples (1)');
    expect(shown.text).toContain('&quot;name&quot;: &quot;raw-one&quot;');
    expect(shown.text).toContain('&quot;resources&quot;: []');
    expect(shown.text).toContain(request.body.request.id);
    expect((await page('/integrations/nope')).status).toBe(404);
  });
});
