import { BACKSTAGE_BLUEPRINTS } from './backstageBlueprints';
import { TestApi } from './testApi';

/** Ocean's flags for the default mapping (port-api-notes §5.3: merge, createMissing on). */
const OCEAN_UPSERT =
  'upsert=true&merge=true&create_missing_related_entities=true&validation_only=false';

describe('the default Backstage blueprints and mapping', () => {
  let api: TestApi;
  beforeAll(async () => {
    api = await TestApi.start();
  });
  beforeEach(() => api.sandbox.reset());
  afterAll(() => api.sandbox.close());

  /** Ocean's order (port-api-notes §1.4): bare blueprints, then relations, then the rest. */
  async function createInStages() {
    for (const {
      relations,
      mirrorProperties,
      calculationProperties,
      ...bare
    } of BACKSTAGE_BLUEPRINTS) {
      await api.expectStatus(201, api.post('/v1/blueprints', bare));
    }
    for (const { identifier, relations } of BACKSTAGE_BLUEPRINTS) {
      await api.expectStatus(
        200,
        api.patch(`/v1/blueprints/${identifier}`, { relations }),
      );
    }
    for (const { identifier, ...full } of BACKSTAGE_BLUEPRINTS) {
      await api.expectStatus(
        200,
        api.patch(`/v1/blueprints/${identifier}`, full),
      );
    }
  }

  it('cannot create them in one pass in file order: resource relates to the later component', async () => {
    const statuses: number[] = [];
    for (const blueprint of BACKSTAGE_BLUEPRINTS) {
      statuses.push((await api.post('/v1/blueprints', blueprint)).status);
    }
    // component then fails too: its dependsOnResource targets the missing resource.
    expect(statuses).toEqual([201, 201, 201, 201, 201, 404, 404]);
  });

  it("creates all seven in Ocean's three stages", async () => {
    await createInStages();
    const listed = await api.get('/v1/blueprints');
    expect(
      listed.body.blueprints.map((b: { identifier: string }) => b.identifier),
    ).toEqual([
      'user',
      'group',
      'domain',
      'system',
      'api',
      'resource',
      'component',
    ]);
    const component = await api.get('/v1/blueprints/component');
    expect(Object.keys(component.body.blueprint.relations)).toHaveLength(8);
    const resource = await api.get('/v1/blueprints/resource');
    expect(resource.body.blueprint.relations.dependsOnComponent).toEqual({
      target: 'component',
      required: false,
      many: true,
    });
  });

  describe('with the blueprints in place', () => {
    beforeEach(createInStages);

    it('accepts a component as the default mapping shapes it, creating missing targets', async () => {
      const component = {
        identifier: 'component:default/petstore',
        title: 'petstore',
        blueprint: 'component',
        properties: {
          description: 'The pet store',
          labels: { tier: 'gold' },
          annotations: {
            'backstage.io/managed-by-location': 'url:https://example.com',
          },
          links: null,
          tags: ['java'],
          type: 'service',
          lifecycle: 'production',
          language: null,
        },
        relations: {
          owningUser: null,
          owningGroup: 'group:default/team-a',
          system: 'system:default/pets',
          subcomponentOf: null,
          // The mapping takes jq's first output, so many relations arrive as one string.
          providesApis: 'api:default/petstore-api',
          consumesApis: null,
          dependsOnComponent: null,
          dependsOnResource: 'resource:default/pets-db',
        },
      };
      const response = await api.post(
        '/v1/blueprints/component/entities/bulk',
        { entities: [component] },
        { query: OCEAN_UPSERT },
      );
      expect(response.status).toBe(200);
      const stored = await api.get(
        `/v1/blueprints/component/entities/${encodeURIComponent(
          component.identifier,
        )}`,
      );
      expect(stored.body.entity.relations).toEqual({
        owningGroup: 'group:default/team-a',
        system: 'system:default/pets',
        providesApis: ['api:default/petstore-api'],
        dependsOnResource: ['resource:default/pets-db'],
      });
      expect(stored.body.entity.properties).not.toHaveProperty('language');
      for (const [blueprint, identifier] of [
        ['group', 'group:default/team-a'],
        ['system', 'system:default/pets'],
        ['api', 'api:default/petstore-api'],
        ['resource', 'resource:default/pets-db'],
      ]) {
        expect(
          (
            await api.get(
              `/v1/blueprints/${blueprint}/entities/${encodeURIComponent(
                identifier,
              )}`,
            )
          ).status,
        ).toBe(200);
      }
    });

    it('accepts users, groups, systems, domains, APIs and resources as mapped', async () => {
      const upsert = (blueprint: string, entity: object) =>
        api.expectStatus(
          200,
          api.post(
            `/v1/blueprints/${blueprint}/entities/bulk`,
            { entities: [entity] },
            { query: OCEAN_UPSERT },
          ),
        );
      const common = {
        description: null,
        labels: null,
        annotations: {},
        links: null,
        tags: [],
      };
      await upsert('user', {
        identifier: 'user:default/jane',
        title: 'jane',
        properties: { ...common, email: null },
        relations: {},
      });
      await upsert('group', {
        identifier: 'group:default/team-a',
        title: 'team-a',
        properties: { ...common, type: null, email: null },
        relations: { parent: null, members: 'user:default/jane' },
      });
      await upsert('domain', {
        identifier: 'domain:default/pets',
        title: 'pets',
        properties: common,
        relations: { owningUser: null, owningGroup: 'group:default/team-a' },
      });
      await upsert('system', {
        identifier: 'system:default/pets',
        title: 'pets',
        properties: common,
        relations: {
          owningUser: null,
          owningGroup: 'group:default/team-a',
          domain: 'domain:default/pets',
        },
      });
      await upsert('api', {
        identifier: 'api:default/petstore',
        title: 'petstore',
        properties: {
          ...common,
          type: 'openapi',
          lifecycle: 'production',
          definition: 'openapi: 3.0.0',
          definitionOpenAPI: null,
          definitionAsyncAPI: null,
          definitionGRPC: null,
          definitionGraphQL: null,
        },
        relations: {
          owningUser: null,
          owningGroup: 'group:default/team-a',
          system: 'system:default/pets',
        },
      });
      await upsert('resource', {
        identifier: 'resource:default/pets-db',
        title: 'pets-db',
        properties: { ...common, type: 'database' },
        relations: {
          owningUser: null,
          owningGroup: 'group:default/team-a',
          system: 'system:default/pets',
          dependsOnResource: null,
          dependsOnComponent: null,
        },
      });
      const group = await api.get(
        `/v1/blueprints/group/entities/${encodeURIComponent(
          'group:default/team-a',
        )}`,
      );
      expect(group.body.entity.relations).toEqual({
        members: ['user:default/jane'],
      });
    });

    it('rejects Backstage link objects in the url-string links property (notes §5.3)', async () => {
      const response = await api.post(
        '/v1/blueprints/user/entities',
        {
          identifier: 'user:default/joe',
          properties: {
            links: [{ url: 'https://example.com', title: 'Home' }],
          },
        },
        { query: OCEAN_UPSERT },
      );
      expect(response.status).toBe(422);
      expect(response.body.message).toContain('links');
    });
  });
});
