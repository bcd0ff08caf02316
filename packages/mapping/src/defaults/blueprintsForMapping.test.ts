import { parseMapping } from '../config/parseMapping';
import { blueprintsForMapping } from './blueprintsForMapping';

const mappingFor = (...blueprints: string[]) =>
  parseMapping({
    resources: blueprints.map(blueprint => ({
      kind: 'component',
      port: {
        entity: { mappings: { identifier: '.metadata.name', blueprint } },
      },
    })),
  });

describe('blueprintsForMapping', () => {
  it('adds the targets of relations, in target-first order', () => {
    const { blueprints } = blueprintsForMapping(mappingFor('"system"'));
    expect(blueprints.map(b => b.identifier)).toEqual([
      'user',
      'group',
      'domain',
      'system',
    ]);
  });

  it('reports literal blueprints it does not know and expressions that are not literals', () => {
    const result = blueprintsForMapping(
      mappingFor('"user"', "'service'", '.kind | ascii_downcase'),
    );
    expect(result.blueprints.map(b => b.identifier)).toEqual(['user']);
    expect(result.unknown).toEqual(['service']);
    expect(result.dynamic).toEqual(['.kind | ascii_downcase']);
  });

  it('lists the properties and relations the mapping writes to each literal blueprint', () => {
    const config = parseMapping({
      resources: [
        {
          kind: 'component',
          port: {
            entity: {
              mappings: {
                identifier: '.metadata.name',
                blueprint: '"component"',
                properties: { lifecycle: '.spec.lifecycle' },
                relations: { system: '.spec.system' },
              },
            },
          },
        },
        {
          kind: 'resource',
          port: {
            entity: {
              mappings: {
                identifier: '.metadata.name',
                blueprint: '"component"',
                properties: { type: '.spec.type' },
              },
            },
          },
        },
        {
          kind: 'api',
          port: {
            entity: {
              mappings: { identifier: '.metadata.name', blueprint: '.kind' },
            },
          },
        },
      ],
    });
    expect(blueprintsForMapping(config).needs).toEqual({
      component: { properties: ['lifecycle', 'type'], relations: ['system'] },
    });
  });
});
