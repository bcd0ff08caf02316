import { TestApi } from './testApi';

const BULK = '/v1/blueprints/service/entities/bulk';

describe('bulk upsert', () => {
  let api: TestApi;
  beforeAll(async () => {
    api = await TestApi.start();
  });
  beforeEach(async () => {
    api.sandbox.reset();
    await api.createServiceBlueprints();
  });
  afterAll(() => api.sandbox.close());

  it('answers 422 for the whole request when one item breaks the spec, and writes none', async () => {
    const entities = Array.from({ length: 20 }, (_, i) => ({
      identifier: `ok-${i}`,
    }));
    entities[7] = { identifier: 'has space' };
    const response = await api.post(
      BULK,
      { entities },
      { query: 'upsert=true' },
    );
    expect(response.status).toBe(422);
    expect(response.body.message).toMatch(
      /^The json provided does not match the route's schema: body\/entities\/7\/identifier/,
    );
    expect(
      (await api.get('/v1/blueprints/service/entities')).body.entities,
    ).toEqual([]);
    expect(api.sandbox.violations()).toEqual([
      expect.objectContaining({ kind: 'request', status: 422 }),
    ]);
    api.sandbox.clearViolations();
  });

  it('answers 200 with per-index results when every entity succeeds', async () => {
    await api.post('/v1/blueprints/service/entities', { identifier: 'old' });
    const response = await api.post(
      BULK,
      {
        entities: [{ identifier: 'new' }, { identifier: 'old', title: 'Old' }],
      },
      { query: 'upsert=true&merge=true' },
    );
    expect(response.status).toBe(200);
    expect(response.body).toEqual({
      ok: true,
      entities: [
        { created: true, identifier: 'new', index: 0 },
        { created: false, identifier: 'old', index: 1 },
      ],
      errors: [],
    });
  });

  it('answers 207 with per-index errors and keeps the valid entities', async () => {
    const response = await api.post(
      BULK,
      {
        entities: [
          { identifier: 'ok-1' },
          { identifier: 'bad-type', properties: { stars: 'x' } },
          { identifier: 'no-target', relations: { owner: 'ghost' } },
          {
            identifier: {
              combinator: 'and',
              rules: [{ property: '$title', operator: '=', value: 'none' }],
            },
          },
          { identifier: 'ok-2' },
        ],
      },
      { query: 'upsert=true' },
    );
    expect(response.status).toBe(207);
    expect(response.body.ok).toBe(false);
    expect(response.body.entities).toEqual([
      { created: true, identifier: 'ok-1', index: 0 },
      { created: true, identifier: 'ok-2', index: 4 },
    ]);
    expect(response.body.errors).toEqual([
      {
        identifier: 'bad-type',
        index: 1,
        statusCode: 422,
        error: 'invalid_entity',
        message: expect.any(String),
      },
      {
        identifier: 'no-target',
        index: 2,
        statusCode: 404,
        error: 'not_found',
        message: expect.any(String),
      },
      {
        identifier: 'unknown',
        index: 3,
        statusCode: 404,
        error: 'not_found',
        message: expect.any(String),
      },
    ]);
    expect((await api.get('/v1/blueprints/service/entities/ok-2')).status).toBe(
      200,
    );
  });

  it('reports 409 per entity for existing identifiers without upsert', async () => {
    await api.post('/v1/blueprints/service/entities', { identifier: 'a' });
    const response = await api.post(BULK, {
      entities: [{ identifier: 'a' }, { identifier: 'b' }],
    });
    expect(response.status).toBe(207);
    expect(response.body.errors).toEqual([
      expect.objectContaining({ identifier: 'a', index: 0, statusCode: 409 }),
    ]);
  });

  it('accepts 20 entities and rejects 21 or 0 with 422', async () => {
    const entities = Array.from({ length: 21 }, (_, i) => ({
      identifier: `e${i}`,
    }));
    const over = await api.post(BULK, { entities }, { query: 'upsert=true' });
    expect(over.status).toBe(422);
    expect(over.body).toMatchObject({ ok: false, error: 'invalid_request' });
    expect(over.body.message).toContain('20');
    expect((await api.post(BULK, { entities: [] })).status).toBe(422);
    const twenty = await api.post(
      BULK,
      { entities: entities.slice(0, 20) },
      { query: 'upsert=true' },
    );
    expect(twenty.status).toBe(200);
    expect(twenty.body.entities).toHaveLength(20);
  });

  it('answers 404 for an unknown blueprint and 413 past 1 MiB', async () => {
    expect(
      (
        await api.post('/v1/blueprints/nope/entities/bulk', {
          entities: [{ identifier: 'a' }],
        })
      ).status,
    ).toBe(404);
    const entities = Array.from({ length: 20 }, (_, i) => ({
      identifier: `e${i}`,
      properties: { url: `https://example.com/${'a'.repeat(60 * 1024)}` },
    }));
    expect(
      (await api.post(BULK, { entities }, { query: 'upsert=true' })).status,
    ).toBe(413);
  });
});
