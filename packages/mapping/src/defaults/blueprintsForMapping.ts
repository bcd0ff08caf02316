import { MappingConfig, PortBlueprint } from '../types';
import { defaultBlueprints } from './defaultBlueprints';

/**
 * The blueprints a mapping writes to, taken from `available` (the default blueprints unless given), with every
 * blueprint their relations point at, in `available`'s order (targets before sources). Only literal blueprint
 * expressions (`'"component"'` in jq, `"component"` in JSONata) can be known before mapping; `unknown` lists the
 * literal names not in `available` and `dynamic` the expressions that are not literals.
 *
 * @public
 */
export function blueprintsForMapping(
  config: MappingConfig,
  available: PortBlueprint[] = defaultBlueprints,
): { blueprints: PortBlueprint[]; unknown: string[]; dynamic: string[] } {
  const byId = new Map(available.map(b => [b.identifier, b]));
  const wanted = new Set<string>();
  const unknown = new Set<string>();
  const dynamic: string[] = [];
  const want = (id: string) => {
    const blueprint = byId.get(id);
    if (!blueprint) {
      unknown.add(id);
      return;
    }
    if (wanted.has(id)) {
      return;
    }
    wanted.add(id);
    for (const relation of Object.values(blueprint.relations)) {
      want(relation.target);
    }
  };
  for (const resource of config.resources) {
    for (const mapping of resource.port.entity.mappings) {
      const literal = literalString(mapping.blueprint);
      if (literal === undefined) {
        dynamic.push(mapping.blueprint);
      } else {
        want(literal);
      }
    }
  }
  return {
    blueprints: available.filter(b => wanted.has(b.identifier)),
    unknown: [...unknown],
    dynamic,
  };
}

function literalString(expression: string): string | undefined {
  const match = /^\s*(["'])([^"'\\]*)\1\s*$/.exec(expression);
  return match ? match[2] : undefined;
}
