import { TestApi } from './testApi';

const TEAM = {
  identifier: 'team',
  title: 'Team',
  schema: { properties: { size: { type: 'number' } }, required: [] },
};

describe('blueprints', () => {
  let api: TestApi;
  beforeAll(async () => {
    api = await TestApi.start();
  });
  beforeEach(() => api.sandbox.reset());
  afterAll(() => api.sandbox.close());

  it('creates with 201, lists and gets it with audit fields', async () => {
    const created = await api.post('/v1/blueprints', TEAM);
    expect(created.status).toBe(201);
    expect(created.body.blueprint).toMatchObject({
      identifier: 'team',
      title: 'Team',
      relations: {},
      createdBy: 'sandbox-client',
      createdAt: expect.any(String),
      updatedAt: expect.any(String),
    });
    expect(
      (await api.get('/v1/blueprints')).body.blueprints.map(
        (b: { identifier: string }) => b.identifier,
      ),
    ).toEqual(['team']);
    expect((await api.get('/v1/blueprints/team')).body).toEqual({
      ok: true,
      blueprint: created.body.blueprint,
    });
  });

  it('answers 409 for a duplicate and 404 for an unknown identifier', async () => {
    await api.post('/v1/blueprints', TEAM);
    const duplicate = await api.post('/v1/blueprints', TEAM);
    expect(duplicate.status).toBe(409);
    expect(duplicate.body).toMatchObject({
      ok: false,
      error: 'identifier_taken',
    });
    const missing = await api.get('/v1/blueprints/nope');
    expect(missing.status).toBe(404);
    expect(missing.body).toEqual({
      ok: false,
      error: 'not_found',
      message: expect.any(String),
    });
  });

  it('answers 422 for bodies that break the create schema', async () => {
    expect(
      (
        await api.post('/v1/blueprints', {
          identifier: 'x',
          schema: { properties: {} },
        })
      ).status,
    ).toBe(422);
    expect(
      (await api.post('/v1/blueprints', { ...TEAM, identifier: 'bad id' }))
        .status,
    ).toBe(422);
    expect(
      (
        await api.post('/v1/blueprints', {
          ...TEAM,
          identifier: 'x'.repeat(101),
        })
      ).status,
    ).toBe(422);
    expect(
      (
        await api.post('/v1/blueprints', {
          ...TEAM,
          schema: { properties: { 'bad key': { type: 'string' } } },
        })
      ).status,
    ).toBe(422);
    expect(
      (
        await api.post('/v1/blueprints', {
          ...TEAM,
          schema: { properties: {}, required: ['ghost'] },
        })
      ).status,
    ).toBe(422);
    expect(
      (
        await api.post('/v1/blueprints', {
          ...TEAM,
          schema: { properties: { n: { type: 'numbr' } } },
        })
      ).status,
    ).toBe(422);
  });

  it('rejects relations that are many and required, or target a missing blueprint', async () => {
    await api.post('/v1/blueprints', TEAM);
    const both = await api.post('/v1/blueprints', {
      identifier: 'svc',
      title: 'Svc',
      schema: { properties: {} },
      relations: { owner: { target: 'team', many: true, required: true } },
    });
    expect(both.status).toBe(422);
    const missing = await api.post('/v1/blueprints', {
      identifier: 'svc',
      title: 'Svc',
      schema: { properties: {} },
      relations: { owner: { target: 'ghost', many: false, required: false } },
    });
    expect(missing.status).toBe(404);
    const self = await api.post('/v1/blueprints', {
      identifier: 'svc',
      title: 'Svc',
      schema: { properties: {} },
      relations: { parent: { target: 'svc', many: false, required: false } },
    });
    expect(self.status).toBe(201);
  });

  it('PATCH merges top-level fields (Ocean adds relations in a second step) and PUT replaces', async () => {
    await api.post('/v1/blueprints', TEAM);
    await api.post('/v1/blueprints', {
      identifier: 'svc',
      title: 'Svc',
      schema: { properties: { a: { type: 'string' } } },
    });
    const patched = await api.patch('/v1/blueprints/svc', {
      relations: { owner: { target: 'team', many: false, required: false } },
    });
    expect(patched.status).toBe(200);
    expect(patched.body.blueprint.schema.properties).toEqual({
      a: { type: 'string' },
    });
    expect(patched.body.blueprint.relations.owner.target).toBe('team');
    const replaced = await api.put('/v1/blueprints/svc', {
      title: 'Service',
      schema: { properties: {} },
    });
    expect(replaced.status).toBe(200);
    expect(replaced.body.blueprint).toMatchObject({
      title: 'Service',
      relations: {},
      schema: { properties: {} },
    });
    expect(
      (await api.patch('/v1/blueprints/nope', { title: 'x' })).status,
    ).toBe(404);
    expect(
      (await api.patch('/v1/blueprints/svc', { identifier: 'other' })).status,
    ).toBe(422);
  });

  it('validates entities against the updated schema after a PATCH', async () => {
    await api.post('/v1/blueprints', TEAM);
    expect(
      (
        await api.post('/v1/blueprints/team/entities', {
          identifier: 't',
          properties: { size: 'big' },
        })
      ).status,
    ).toBe(422);
    await api.patch('/v1/blueprints/team', {
      schema: { properties: { size: { type: 'string' } } },
    });
    expect(
      (
        await api.post('/v1/blueprints/team/entities', {
          identifier: 't',
          properties: { size: 'big' },
        })
      ).status,
    ).toBe(201);
  });

  it('drops properties and relations a blueprint no longer defines on the next merge', async () => {
    await api.post('/v1/blueprints', TEAM);
    await api.post('/v1/blueprints', {
      identifier: 'svc',
      title: 'Svc',
      schema: { properties: { a: { type: 'string' }, b: { type: 'string' } } },
      relations: { owner: { target: 'team', many: false, required: false } },
    });
    await api.post('/v1/blueprints/team/entities', { identifier: 't' });
    await api.post('/v1/blueprints/svc/entities', {
      identifier: 's',
      properties: { a: 'x', b: 'y' },
      relations: { owner: 't' },
    });
    const downstreamOfTeam = async () =>
      (
        await api.post('/v1/entities/search', {
          combinator: 'and',
          rules: [
            {
              operator: 'relatedTo',
              blueprint: 'team',
              value: 't',
              direction: 'downstream',
            },
          ],
        })
      ).body.entities.map((e: { identifier: string }) => e.identifier);
    expect(await downstreamOfTeam()).toEqual(['s']);
    await api.put('/v1/blueprints/svc', {
      title: 'Svc',
      schema: { properties: { a: { type: 'string' } } },
    });
    expect(await downstreamOfTeam()).toEqual([]);
    const merged = await api.post(
      '/v1/blueprints/svc/entities',
      { identifier: 's', title: 'S' },
      { query: 'upsert=true&merge=true' },
    );
    expect(merged.status).toBe(200);
    expect(merged.body.entity).toMatchObject({
      title: 'S',
      properties: { a: 'x' },
      relations: {},
    });
  });

  it('deletes an empty blueprint, refuses one with entities or incoming relations', async () => {
    await api.post('/v1/blueprints', TEAM);
    await api.post('/v1/blueprints', {
      identifier: 'svc',
      title: 'Svc',
      schema: { properties: {} },
      relations: { owner: { target: 'team', many: false, required: false } },
    });
    const targeted = await api.delete('/v1/blueprints/team');
    expect(targeted.status).toBe(409);
    await api.post('/v1/blueprints/svc/entities', { identifier: 's' });
    expect((await api.delete('/v1/blueprints/svc')).status).toBe(409);
    await api.delete('/v1/blueprints/svc/entities/s');
    expect((await api.delete('/v1/blueprints/svc')).body).toEqual({ ok: true });
    expect((await api.delete('/v1/blueprints/team')).status).toBe(200);
    expect((await api.delete('/v1/blueprints/team')).status).toBe(404);
  });

  it('answers 404 with the envelope for unknown routes', async () => {
    const response = await api.get('/v1/nothing-here');
    expect(response.status).toBe(404);
    expect(response.body).toMatchObject({ ok: false, error: 'not_found' });
  });
});
