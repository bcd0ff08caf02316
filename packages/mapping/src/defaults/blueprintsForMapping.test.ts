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
});
