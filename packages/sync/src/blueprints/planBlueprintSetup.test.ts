import { PortBlueprint } from '@portsync/mapping';
import { PortBlueprint as PortApiBlueprint } from '@portsync/port-client';
import { planBlueprintSetup } from './planBlueprintSetup';

/** Blueprints as Port lists them. */
const port = (...blueprints: object[]) => blueprints as PortApiBlueprint[];

const team: PortBlueprint = {
  identifier: 'team',
  title: 'Team',
  schema: { properties: { email: { type: 'string' } }, required: [] },
  relations: {},
};
const service: PortBlueprint = {
  identifier: 'service',
  title: 'Service',
  schema: {
    properties: { lifecycle: { type: 'string' }, tier: { type: 'number' } },
    required: [],
  },
  relations: {
    owner: { target: 'team', required: false, many: false },
    dependsOn: { target: 'service', required: false, many: true },
  },
  mirrorProperties: { ownerEmail: { path: 'owner.email' } },
};
const blueprints = [team, service];
const needs = {
  service: { properties: ['lifecycle'], relations: ['owner', 'dependsOn'] },
};

describe('planBlueprintSetup', () => {
  it('creates missing blueprints bare, relations and extras left for later stages', () => {
    const plan = planBlueprintSetup([], { blueprints, needs });
    expect(plan.create).toEqual([
      {
        identifier: 'team',
        title: 'Team',
        schema: team.schema,
        relations: {},
      },
      {
        identifier: 'service',
        title: 'Service',
        schema: service.schema,
        relations: {},
      },
    ]);
    expect(plan.complete).toEqual([]);
    expect(plan.mismatches).toEqual([]);
  });

  it('completes a blueprint left bare by an earlier attempt, keeping what Port has', () => {
    const inPort = [
      { ...team, relations: {} },
      {
        identifier: 'service',
        title: 'Service',
        schema: {
          properties: {
            lifecycle: { type: 'string' },
            teamOwn: { type: 'boolean' },
          },
          required: ['lifecycle'],
        },
        relations: {
          teamRelation: { target: 'team', required: false, many: true },
        },
      },
    ];
    const plan = planBlueprintSetup(port(...inPort), { blueprints, needs });
    expect(plan.create).toEqual([]);
    expect(plan.complete).toEqual([
      {
        identifier: 'service',
        added: ['tier', 'owner', 'dependsOn'],
        patch: {
          schema: {
            properties: {
              lifecycle: { type: 'string' },
              teamOwn: { type: 'boolean' },
              tier: { type: 'number' },
            },
            required: ['lifecycle'],
          },
          relations: {
            teamRelation: { target: 'team', required: false, many: true },
            owner: service.relations.owner,
            dependsOn: service.relations.dependsOn,
          },
        },
      },
    ]);
    expect(plan.extras).toEqual([
      {
        identifier: 'service',
        added: ['ownerEmail'],
        patch: { mirrorProperties: { ownerEmail: { path: 'owner.email' } } },
      },
    ]);
  });

  it('plans nothing once Port has everything', () => {
    const plan = planBlueprintSetup(port(...blueprints), {
      blueprints,
      needs,
    });
    expect(plan).toEqual({
      create: [],
      complete: [],
      extras: [],
      mismatches: [],
    });
  });

  it('reports what it may not change: types, targets and cardinality of what the mapping writes', () => {
    const inPort = [
      team,
      {
        ...service,
        schema: {
          properties: {
            lifecycle: { type: 'number' },
            tier: { type: 'string' },
          },
        },
        relations: {
          owner: { target: 'group', required: false, many: false },
          dependsOn: { target: 'service', required: false, many: false },
        },
      },
    ];
    const plan = planBlueprintSetup(port(...inPort), { blueprints, needs });
    expect(plan.complete).toEqual([]);
    // `tier` differs too, but the mapping does not write it.
    expect(plan.mismatches).toEqual([
      {
        blueprint: 'service',
        field: 'lifecycle',
        message:
          'Property "lifecycle" of blueprint "service" is of type number in Port; the mapping writes string',
      },
      {
        blueprint: 'service',
        field: 'owner',
        message:
          'Relation "owner" of blueprint "service" points at "group" in Port; the mapping writes identifiers of "team"',
      },
      {
        blueprint: 'service',
        field: 'dependsOn',
        message:
          'Relation "dependsOn" of blueprint "service" is single in Port; the mapping writes many',
      },
    ]);
  });

  it("reports a team's own blueprint that is missing or lacks what the mapping writes", () => {
    const own = {
      identifier: 'app',
      title: 'App',
      schema: { properties: { url: { type: 'string' } } },
      relations: {},
    };
    const plan = planBlueprintSetup(port(own), {
      blueprints: [],
      needs: {
        app: { properties: ['url', 'tier'], relations: ['team'] },
        gone: { properties: [], relations: [] },
      },
    });
    expect(plan.create).toEqual([]);
    expect(plan.complete).toEqual([]);
    expect(plan.mismatches.map(m => m.message)).toEqual([
      'Blueprint "app" has no property "tier", which the mapping writes: add it in Port',
      'Blueprint "app" has no relation "team", which the mapping writes: add it in Port',
      'Blueprint "gone" is not in Port, and portsync may not create it: create it in Port',
    ]);
  });
});
