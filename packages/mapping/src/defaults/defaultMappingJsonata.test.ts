import path from 'node:path';
import { compileMapping } from '../compileMapping';
import { defaultMappingYaml } from './defaultMappingYaml';
import { defaultMappingJsonataYaml } from './defaultMappingJsonataYaml';
import { loadCatalog } from '../__testUtils__/loadCatalog';
import { repoRoot } from '../__testUtils__/repoPaths';
import { artistWeb, teamA } from '../__testUtils__/entities';
import { BackstageEntity } from '../types';

const exampleCatalog = path.join(repoRoot(), 'examples', 'catalog');

/** The benchmark compares the jq default with this JSONata copy, so they must produce the same entities. */
describe('the default mapping in JSONata', () => {
  const jq = compileMapping(defaultMappingYaml);
  const jsonata = compileMapping(defaultMappingJsonataYaml);

  async function both(entity: BackstageEntity) {
    const a = jq.apply(entity);
    const b = await jsonata.applyAsync(entity);
    return { jq: a, jsonata: b };
  }

  it('maps the hand-made Component and Group as the jq default does', async () => {
    for (const entity of [artistWeb(), teamA()]) {
      const result = await both(entity);
      expect(result.jsonata.entities).toEqual(result.jq.entities);
      expect(result.jsonata.errors).toEqual([]);
    }
  });

  it('maps a custom kind as the jq default does', async () => {
    const result = await both({
      apiVersion: 'example.com/v1',
      kind: 'Pipeline',
      metadata: { name: 'build', tags: ['ci'] },
      spec: { type: 'gha', lifecycle: 3 },
      relations: [{ type: 'ownedBy', targetRef: 'group:default/team-a' }],
    });
    expect(result.jsonata.entities).toEqual(result.jq.entities);
  });

  it('maps every entity of the example catalog as the jq default does', async () => {
    const { entities } = await loadCatalog(exampleCatalog);
    expect(entities.length).toBeGreaterThan(0);
    for (const entity of entities) {
      const result = await both(entity);
      expect(result.jsonata.entities).toEqual(result.jq.entities);
      expect(result.jsonata.errors).toEqual([]);
    }
  });
});
