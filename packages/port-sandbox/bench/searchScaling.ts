import { SandboxState } from '../src/sandbox/SandboxState';
import { searchEntities } from '../src/search/searchEntities';

/**
 * In-process cost of one 50-identifier search at a given catalog size, without HTTP:
 * shows that the identifier index keeps it flat as the catalog grows.
 */
export function searchMillis(entities: number, searches = 1000): number {
  const state = new SandboxState();
  const actor = {
    clientId: 'bench',
    userAgent: 'port-ocean/backstage/0.1.0/bench/exporter',
  };
  state.blueprints.create(
    {
      identifier: 'component',
      title: 'Component',
      schema: { properties: { description: { type: 'string' } } },
    },
    actor,
  );
  const flags = {
    upsert: true,
    merge: true,
    createMissingRelatedEntities: false,
    validationOnly: false,
  };
  for (let i = 0; i < entities; i++) {
    state.entities.upsert(
      'component',
      { identifier: `c-${i}`, properties: { description: 'x' } },
      flags,
      actor,
    );
  }
  const run = () => {
    const started = performance.now();
    for (let k = 0; k < searches; k++) {
      const ids = Array.from(
        { length: 50 },
        (_, j) => `c-${(k * 50 + j * 97) % entities}`,
      );
      searchEntities(state.store, {
        combinator: 'and',
        rules: [
          { property: '$identifier', operator: 'in', value: ids },
          { property: '$blueprint', operator: '=', value: 'component' },
        ],
      });
    }
    return (performance.now() - started) / searches;
  };
  run(); // warm-up: let the JIT settle before measuring
  return run();
}
