import { TestApi } from './testApi';

const LIST = '/v1/blueprints/entities/datasource-entities';
const OURS = 'port-ocean/backstage/0.1.0/test-integration/exporter';

describe('datasource listing', () => {
  let api: TestApi;
  // The sandbox's time, moved by the tests that need writes apart in time.
  let now = Date.parse('2026-01-01T00:00:00Z');
  beforeAll(async () => {
    api = await TestApi.start({ clock: { now: () => now } });
  });
  beforeEach(async () => {
    api.sandbox.reset();
    await api.createServiceBlueprints();
  });
  afterAll(() => api.sandbox.close());

  async function write(identifier: string, userAgent = OURS) {
    await api.expectStatus(
      201,
      api.post(
        '/v1/blueprints/service/entities',
        { identifier },
        { headers: { 'user-agent': userAgent } },
      ),
    );
  }

  it('lists the entities whose writer User-Agent has the prefix and suffix', async () => {
    await write('ours-1');
    await write('theirs', 'port-ocean/github/1.0.0/other/exporter');
    await write('ours-2');
    const response = await api.post(LIST, {
      datasource_prefix: 'port-ocean/backstage/',
      datasource_suffix: '/test-integration/exporter',
    });
    expect(response.status).toBe(200);
    expect(response.body.ok).toBe(true);
    expect(response.body.next).toBeNull();
    expect(
      response.body.entities.map((e: { identifier: string }) => e.identifier),
    ).toEqual(['ours-1', 'ours-2']);
  });

  it('re-stamps $datasource on each write, so the last writer owns the entity', async () => {
    await write('shared', 'port-ocean/github/1.0.0/other/exporter');
    await api.post(
      '/v1/blueprints/service/entities',
      { identifier: 'shared' },
      { query: 'upsert=true' },
    );
    const response = await api.post(LIST, {
      datasource_prefix: 'port-ocean/backstage/',
      datasource_suffix: '/test-integration/exporter',
    });
    expect(
      response.body.entities.map((e: { identifier: string }) => e.identifier),
    ).toEqual(['shared']);
  });

  it('pages with limit and next until next is null', async () => {
    for (const id of ['a', 'b', 'c', 'd', 'e']) await write(id);
    const seen: string[] = [];
    let from: string | null = null;
    let pages = 0;
    do {
      const response: {
        body: { entities: { identifier: string }[]; next: string | null };
      } = await api.post(LIST, {
        datasource_prefix: 'port-ocean/backstage/',
        limit: 2,
        ...(from ? { from } : {}),
      });
      seen.push(...response.body.entities.map(e => e.identifier));
      from = response.body.next;
      pages += 1;
    } while (from);
    expect(seen).toEqual(['a', 'b', 'c', 'd', 'e']);
    expect(pages).toBe(3);
  });

  it('keeps paging correctly when an already listed entity is deleted', async () => {
    for (const id of ['a', 'b', 'c']) await write(id);
    const first = await api.post(LIST, {
      datasource_prefix: 'port-ocean/',
      limit: 1,
    });
    await api.delete('/v1/blueprints/service/entities/a');
    const second = await api.post(LIST, {
      datasource_prefix: 'port-ocean/',
      limit: 5,
      from: first.body.next,
    });
    expect(
      second.body.entities.map((e: { identifier: string }) => e.identifier),
    ).toEqual(['b', 'c']);
  });

  it('returns only entities last updated before `before`', async () => {
    await write('stale');
    now += 5;
    const resyncStart = new Date(now).toISOString();
    now += 5;
    await write('fresh');
    const response = await api.post(LIST, {
      datasource_prefix: 'port-ocean/backstage/',
      before: resyncStart,
    });
    expect(
      response.body.entities.map((e: { identifier: string }) => e.identifier),
    ).toEqual(['stale']);
  });

  it('answers 422 for a bad body or cursor', async () => {
    expect((await api.post(LIST, { limit: 10 })).status).toBe(422);
    expect(
      (await api.post(LIST, { datasource_prefix: 'x', before: 'yesterday' }))
        .status,
    ).toBe(422);
    expect(
      (await api.post(LIST, { datasource_prefix: 'x', from: 'bogus' })).status,
    ).toBe(422);
  });
});
