import { TestApi } from './testApi';

const SERVICES = '/v1/blueprints/service/entities';

describe('entity upsert', () => {
  let api: TestApi;
  beforeAll(async () => {
    api = await TestApi.start();
  });
  beforeEach(async () => {
    api.sandbox.reset();
    await api.createServiceBlueprints();
  });
  afterAll(() => api.sandbox.close());

  it('creates with 201 and returns the entity with its meta-properties', async () => {
    const response = await api.post(SERVICES, {
      identifier: 'svc-a',
      title: 'A',
      team: 'platform',
      properties: { language: 'go', stars: 3 },
    });
    expect(response.status).toBe(201);
    expect(response.body).toEqual({
      ok: true,
      entity: {
        identifier: 'svc-a',
        title: 'A',
        blueprint: 'service',
        team: ['platform'],
        properties: { language: 'go', stars: 3 },
        relations: {},
        createdAt: expect.any(String),
        createdBy: 'sandbox-client',
        updatedAt: expect.any(String),
        updatedBy: 'sandbox-client',
      },
    });
  });

  it('answers 409 when the identifier exists and upsert is not set', async () => {
    await api.expectStatus(201, api.post(SERVICES, { identifier: 'svc-a' }));
    const again = await api.post(SERVICES, { identifier: 'svc-a' });
    expect(again.status).toBe(409);
    expect(again.body).toEqual({
      ok: false,
      error: 'identifier_taken',
      message: expect.any(String),
    });
    const explicit = await api.post(
      SERVICES,
      { identifier: 'svc-a' },
      { query: 'upsert=false' },
    );
    expect(explicit.status).toBe(409);
  });

  it('overrides with upsert=true: fields absent from the request are dropped', async () => {
    await api.post(SERVICES, {
      identifier: 'svc-a',
      title: 'A',
      properties: { language: 'go', stars: 3 },
    });
    const response = await api.post(
      SERVICES,
      { identifier: 'svc-a', properties: { stars: 4 } },
      { query: 'upsert=true' },
    );
    expect(response.status).toBe(200);
    expect(response.body.entity).not.toHaveProperty('title');
    expect(response.body.entity.properties).toEqual({ stars: 4 });
  });

  it('merges with upsert=true&merge=true: only provided fields change, null clears', async () => {
    const created = await api.post(SERVICES, {
      identifier: 'svc-a',
      title: 'A',
      properties: { language: 'go', stars: 3 },
    });
    const response = await api.post(
      SERVICES,
      { identifier: 'svc-a', properties: { stars: 4, language: null } },
      { query: 'upsert=true&merge=true' },
    );
    expect(response.status).toBe(200);
    expect(response.body.entity).toMatchObject({
      title: 'A',
      properties: { stars: 4 },
    });
    expect(response.body.entity.properties).not.toHaveProperty('language');
    expect(response.body.entity.createdAt).toBe(created.body.entity.createdAt);
  });

  it('answers 404 not_found for an unknown blueprint', async () => {
    const response = await api.post('/v1/blueprints/nope/entities', {
      identifier: 'x',
    });
    expect(response.status).toBe(404);
    expect(response.body).toEqual({
      ok: false,
      error: 'not_found',
      message: expect.any(String),
    });
  });

  it('answers 422 when properties do not match the blueprint schema', async () => {
    const wrongType = await api.post(SERVICES, {
      identifier: 'a',
      properties: { stars: 'many' },
    });
    expect(wrongType.status).toBe(422);
    expect(wrongType.body).toMatchObject({
      ok: false,
      error: 'invalid_entity',
    });
    expect(wrongType.body.message).toContain('stars');
    const badEnum = await api.post(SERVICES, {
      identifier: 'a',
      properties: { language: 'cobol' },
    });
    expect(badEnum.status).toBe(422);
    const badFormat = await api.post(SERVICES, {
      identifier: 'a',
      properties: { url: 'not a url' },
    });
    expect(badFormat.status).toBe(422);
    const badItems = await api.post(SERVICES, {
      identifier: 'a',
      properties: { tags: [1] },
    });
    expect(badItems.status).toBe(422);
  });

  it('answers 422 for properties and relations the blueprint does not define', async () => {
    const property = await api.post(SERVICES, {
      identifier: 'a',
      properties: { color: 'red' },
    });
    expect(property.status).toBe(422);
    expect(property.body.message).toContain('color');
    const relation = await api.post(SERVICES, {
      identifier: 'a',
      relations: { parent: 'b' },
    });
    expect(relation.status).toBe(422);
    expect(relation.body.message).toContain('parent');
  });

  it('validates the identifier pattern and its 1000-character limit', async () => {
    expect(
      (await api.post(SERVICES, { identifier: 'component:default/ok-1' }))
        .status,
    ).toBe(201);
    expect((await api.post(SERVICES, { identifier: 'has space' })).status).toBe(
      422,
    );
    expect((await api.post(SERVICES, { identifier: '..' })).status).toBe(422);
    expect(
      (await api.post(SERVICES, { identifier: 'x'.repeat(1001) })).status,
    ).toBe(422);
    expect(
      (await api.post(SERVICES, { identifier: 'y'.repeat(1000) })).status,
    ).toBe(201);
    // The spec's entity schema does not require an identifier: Port generates one.
    const generated = await api.post(SERVICES, { title: 'no identifier' });
    expect(generated.status).toBe(201);
    expect(generated.body.entity.identifier).toMatch(/^e_[0-9a-f]{16}$/);
  });

  it('answers 422 for a null title or icon, which the spec types as strings', async () => {
    const response = await api.post(SERVICES, { identifier: 'n', title: null });
    expect(response.status).toBe(422);
    expect(response.body).toEqual({
      ok: false,
      error: 'invalid_request',
      message:
        "The json provided does not match the route's schema: body/title must be string",
    });
    api.sandbox.clearViolations();
  });

  it('answers 404 not_found for a missing relation target', async () => {
    const response = await api.post(SERVICES, {
      identifier: 'a',
      relations: { owner: 'ghost' },
    });
    expect(response.status).toBe(404);
    expect(response.body).toMatchObject({ ok: false, error: 'not_found' });
    expect((await api.get(`${SERVICES}/a`)).status).toBe(404);
  });

  it('creates bare stubs in the target blueprint with create_missing_related_entities', async () => {
    const response = await api.post(
      SERVICES,
      { identifier: 'a', relations: { owner: 'ghost', dependsOn: ['b', 'c'] } },
      { query: 'create_missing_related_entities=true' },
    );
    expect(response.status).toBe(201);
    const stub = await api.get('/v1/blueprints/team/entities/ghost');
    expect(stub.status).toBe(200);
    expect(stub.body.entity).not.toHaveProperty('title');
    expect(stub.body.entity).toMatchObject({
      identifier: 'ghost',
      blueprint: 'team',
      properties: {},
      relations: {},
    });
    expect((await api.get(`${SERVICES}/b`)).status).toBe(200);
    expect((await api.get(`${SERVICES}/c`)).status).toBe(200);
  });

  it('turns a string into a one-element array for a many relation, and rejects arrays for a single one', async () => {
    await api.post('/v1/blueprints/team/entities', { identifier: 't1' });
    await api.post(SERVICES, { identifier: 'b' });
    const coerced = await api.post(SERVICES, {
      identifier: 'a',
      relations: { dependsOn: 'b' },
    });
    expect(coerced.body.entity.relations).toEqual({ dependsOn: ['b'] });
    const array = await api.post(SERVICES, {
      identifier: 'c',
      relations: { owner: ['t1'] },
    });
    expect(array.status).toBe(422);
  });

  it('enforces required relations', async () => {
    await api.post('/v1/blueprints', {
      identifier: 'deployment',
      title: 'Deployment',
      schema: { properties: {} },
      relations: {
        service: { target: 'service', required: true, many: false },
      },
    });
    const missing = await api.post('/v1/blueprints/deployment/entities', {
      identifier: 'd1',
    });
    expect(missing.status).toBe(422);
    expect(missing.body.message).toContain('service');
    await api.post(SERVICES, { identifier: 'svc' });
    const present = await api.post('/v1/blueprints/deployment/entities', {
      identifier: 'd1',
      relations: { service: 'svc' },
    });
    expect(present.status).toBe(201);
  });

  it('validates without writing when validation_only=true', async () => {
    const response = await api.post(
      SERVICES,
      { identifier: 'a', properties: { stars: 1 } },
      { query: 'validation_only=true' },
    );
    expect(response.status).toBe(201);
    expect((await api.get(`${SERVICES}/a`)).status).toBe(404);
    const invalid = await api.post(
      SERVICES,
      { identifier: 'a', properties: { stars: 'x' } },
      { query: 'validation_only=true' },
    );
    expect(invalid.status).toBe(422);
  });

  it('resolves a search-query identifier to the one matching entity', async () => {
    await api.post(SERVICES, {
      identifier: 'a',
      properties: { language: 'go' },
    });
    const response = await api.post(
      SERVICES,
      {
        identifier: {
          combinator: 'and',
          rules: [{ property: 'language', operator: '=', value: 'go' }],
        },
        properties: { stars: 9 },
      },
      { query: 'upsert=true&merge=true' },
    );
    expect(response.status).toBe(200);
    expect(response.body.entity).toMatchObject({
      identifier: 'a',
      properties: { language: 'go', stars: 9 },
    });
    const none = await api.post(
      SERVICES,
      {
        identifier: {
          combinator: 'and',
          rules: [{ property: 'language', operator: '=', value: 'ts' }],
        },
      },
      { query: 'upsert=true' },
    );
    expect(none.status).toBe(404);
  });

  it('resolves relation values given as search queries in the target blueprint', async () => {
    await api.post('/v1/blueprints/team/entities', {
      identifier: 't-big',
      properties: { size: 50 },
    });
    await api.post('/v1/blueprints/team/entities', {
      identifier: 't-small',
      properties: { size: 2 },
    });
    await api.post(SERVICES, {
      identifier: 'b',
      properties: { language: 'go' },
    });
    await api.post(SERVICES, {
      identifier: 'c',
      properties: { language: 'go' },
    });
    const byQuery = (property: string, operator: string, value: unknown) => ({
      combinator: 'and',
      rules: [{ property, operator, value }],
    });
    const response = await api.post(SERVICES, {
      identifier: 'a',
      relations: {
        owner: byQuery('size', '=', 50),
        dependsOn: byQuery('language', '=', 'go'),
      },
    });
    expect(response.status).toBe(201);
    expect(response.body.entity.relations).toEqual({
      owner: 't-big',
      dependsOn: ['b', 'c'],
    });
    const ambiguous = await api.post(SERVICES, {
      identifier: 'd',
      relations: { owner: byQuery('$blueprint', '=', 'team') },
    });
    expect(ambiguous.status).toBe(422);
    const none = await api.post(SERVICES, {
      identifier: 'd',
      relations: { owner: byQuery('size', '=', 100) },
    });
    expect(none.status).toBe(404);
  });

  it('never creates stubs in the protected _user and _team blueprints', async () => {
    await api.post('/v1/blueprints', {
      identifier: '_user',
      title: 'User',
      schema: { properties: {} },
    });
    await api.post('/v1/blueprints', {
      identifier: 'doc',
      title: 'Doc',
      schema: { properties: {} },
      relations: { author: { target: '_user', many: false, required: false } },
    });
    const response = await api.post(
      '/v1/blueprints/doc/entities',
      { identifier: 'd1', relations: { author: 'someone@example.com' } },
      { query: 'create_missing_related_entities=true' },
    );
    expect(response.status).toBe(404);
    expect(
      (await api.get('/v1/blueprints/_user/entities')).body.entities,
    ).toEqual([]);
  });

  it('rejects a body whose blueprint differs from the route', async () => {
    const response = await api.post(SERVICES, {
      identifier: 'a',
      blueprint: 'team',
    });
    expect(response.status).toBe(422);
  });

  it('rejects boolean query parameters other than "true" and "false"', async () => {
    const response = await api.post(
      SERVICES,
      { identifier: 'a' },
      { query: 'upsert=yes' },
    );
    expect(response.status).toBe(422);
  });

  it('answers 413 past 1 MiB and 422 for malformed JSON', async () => {
    const big = await api.post(SERVICES, {
      identifier: 'big',
      properties: { url: `https://example.com/${'a'.repeat(1024 * 1024)}` },
    });
    expect(big.status).toBe(413);
    expect(big.body).toMatchObject({ ok: false, error: 'payload_too_large' });
    const malformed = await api.post(SERVICES, undefined, {
      rawBody: '{"identifier":',
    });
    expect(malformed.status).toBe(422);
    expect(malformed.body).toMatchObject({ ok: false, error: 'invalid_json' });
  });
});

describe('entity read, update and delete', () => {
  let api: TestApi;
  beforeAll(async () => {
    api = await TestApi.start();
  });
  beforeEach(async () => {
    api.sandbox.reset();
    await api.createServiceBlueprints();
  });
  afterAll(() => api.sandbox.close());

  it('gets one entity, lists a blueprint with include/exclude, and 404s unknown ones', async () => {
    await api.post(SERVICES, {
      identifier: 'component:default/a',
      title: 'A',
      properties: { stars: 1 },
    });
    const one = await api.get(
      `${SERVICES}/${encodeURIComponent('component:default/a')}`,
    );
    expect(one.status).toBe(200);
    expect(one.body.entity.identifier).toBe('component:default/a');
    const projected = await api.get(SERVICES, {
      query: 'include=identifier&include=properties.stars',
    });
    expect(projected.body.entities).toEqual([
      { identifier: 'component:default/a', properties: { stars: 1 } },
    ]);
    const excluded = await api.get(SERVICES, {
      query: 'exclude=properties,relations',
    });
    expect(excluded.body.entities[0]).not.toHaveProperty('properties');
    expect(excluded.body.entities[0]).toHaveProperty('title', 'A');
    const missing = await api.get(`${SERVICES}/nope`);
    expect(missing.status).toBe(404);
    expect(missing.body.error).toBe('not_found');
  });

  it('PATCH merges and PUT replaces an existing entity; both 404 when absent', async () => {
    await api.post(SERVICES, {
      identifier: 'a',
      title: 'A',
      properties: { stars: 1, language: 'go' },
    });
    const patched = await api.patch(`${SERVICES}/a`, {
      properties: { stars: 2 },
    });
    expect(patched.status).toBe(200);
    expect(patched.body.entity).toMatchObject({
      title: 'A',
      properties: { stars: 2, language: 'go' },
    });
    const replaced = await api.put(`${SERVICES}/a`, {
      properties: { stars: 3 },
    });
    expect(replaced.body.entity).toMatchObject({
      properties: { stars: 3 },
    });
    expect((await api.patch(`${SERVICES}/b`, { title: 'B' })).status).toBe(404);
    expect((await api.put(`${SERVICES}/b`, { title: 'B' })).status).toBe(404);
  });

  it('deletes one entity, then answers 404 for it', async () => {
    await api.post(SERVICES, { identifier: 'a' });
    const deleted = await api.delete(`${SERVICES}/a`);
    expect(deleted.status).toBe(200);
    expect(deleted.body).toEqual({ ok: true });
    const again = await api.delete(`${SERVICES}/a`);
    expect(again.status).toBe(404);
    expect(again.body.error).toBe('not_found');
  });

  it('clears optional relations pointing at a deleted entity', async () => {
    await api.post(SERVICES, { identifier: 'b' });
    await api.post(SERVICES, {
      identifier: 'a',
      relations: { dependsOn: ['b'] },
    });
    await api.delete(`${SERVICES}/b`);
    const a = await api.get(`${SERVICES}/a`);
    expect(a.body.entity.relations).toEqual({ dependsOn: [] });
  });

  it('refuses to delete a required relation target without delete_dependents, and cascades with it', async () => {
    await api.post('/v1/blueprints', {
      identifier: 'deployment',
      title: 'Deployment',
      schema: { properties: {} },
      relations: {
        service: { target: 'service', required: true, many: false },
      },
    });
    await api.post(SERVICES, { identifier: 'svc' });
    await api.post('/v1/blueprints/deployment/entities', {
      identifier: 'd1',
      relations: { service: 'svc' },
    });
    const blocked = await api.delete(`${SERVICES}/svc`);
    expect(blocked.status).toBe(422);
    expect(blocked.body.error).toBe('has_dependents');
    const cascaded = await api.delete(`${SERVICES}/svc`, {
      query: 'delete_dependents=true',
    });
    expect(cascaded.status).toBe(200);
    expect(
      (await api.get('/v1/blueprints/deployment/entities/d1')).status,
    ).toBe(404);
  });

  it('bulk-deletes up to 100 and reports only what it deleted', async () => {
    await api.post(SERVICES, { identifier: 'a' });
    await api.post(SERVICES, { identifier: 'b' });
    const response = await api.post(
      '/v1/blueprints/service/bulk/entities/delete',
      {
        entities: ['a', 'missing', 'b'],
      },
    );
    expect(response.status).toBe(200);
    expect(response.body).toEqual({ ok: true, deletedEntities: ['a', 'b'] });
    const tooMany = await api.post(
      '/v1/blueprints/service/bulk/entities/delete',
      {
        entities: Array.from({ length: 101 }, (_, i) => `e${i}`),
      },
    );
    expect(tooMany.status).toBe(422);
    const empty = await api.post(
      '/v1/blueprints/service/bulk/entities/delete',
      { entities: [] },
    );
    expect(empty.status).toBe(422);
    const hundred = await api.post(
      '/v1/blueprints/service/bulk/entities/delete',
      {
        entities: Array.from({ length: 100 }, (_, i) => `e${i}`),
      },
    );
    expect(hundred.status).toBe(200);
  });

  it("deletes all entities of a blueprint, answering the spec's { ok: true }", async () => {
    await api.post(SERVICES, { identifier: 'a' });
    const response = await api.delete('/v1/blueprints/service/all-entities');
    expect(response.status).toBe(200);
    expect(response.body).toEqual({ ok: true });
    expect((await api.get(SERVICES)).body.entities).toEqual([]);
  });

  it('bulk-deletes all or nothing: one entity with a dependent outside the request fails it with 422', async () => {
    await api.post('/v1/blueprints', {
      identifier: 'deployment',
      title: 'Deployment',
      schema: { properties: {} },
      relations: {
        service: { target: 'service', required: true, many: false },
      },
    });
    await api.post(SERVICES, { identifier: 'free' });
    await api.post(SERVICES, { identifier: 'held' });
    await api.post('/v1/blueprints/deployment/entities', {
      identifier: 'd1',
      relations: { service: 'held' },
    });
    const blocked = await api.post(
      '/v1/blueprints/service/bulk/entities/delete',
      { entities: ['free', 'held'] },
    );
    expect(blocked.status).toBe(422);
    expect(blocked.body.error).toBe('has_dependents');
    expect((await api.get(`${SERVICES}/free`)).status).toBe(200);
    expect((await api.get(`${SERVICES}/held`)).status).toBe(200);
    const cascaded = await api.post(
      '/v1/blueprints/service/bulk/entities/delete',
      { entities: ['free', 'held'] },
      { query: 'delete_dependents=true' },
    );
    expect(cascaded.body).toEqual({
      ok: true,
      deletedEntities: ['free', 'held'],
    });
    expect(
      (await api.get('/v1/blueprints/deployment/entities/d1')).status,
    ).toBe(404);
  });

  it('bulk-deletes a source and its required target together in one request', async () => {
    await api.post('/v1/blueprints', {
      identifier: 'part',
      title: 'Part',
      schema: { properties: {} },
      relations: { whole: { target: 'part', required: true, many: false } },
    });
    await api.post('/v1/blueprints/part/entities', {
      identifier: 'root',
      relations: { whole: 'root' },
    });
    await api.post('/v1/blueprints/part/entities', {
      identifier: 'leaf',
      relations: { whole: 'root' },
    });
    const response = await api.post(
      '/v1/blueprints/part/bulk/entities/delete',
      {
        entities: ['root', 'leaf'],
      },
    );
    expect(response.status).toBe(200);
    expect(response.body.deletedEntities).toEqual(['root', 'leaf']);
    expect(
      (await api.get('/v1/blueprints/part/entities')).body.entities,
    ).toEqual([]);
  });
});
