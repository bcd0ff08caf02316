import { MappingConfig, PortBlueprint } from '../types';
import { defaultBlueprints } from './defaultBlueprints';

/**
 * The property and relation names a mapping writes to one blueprint: what that blueprint in Port must define for
 * the mapping's entities to be accepted.
 *
 * @public
 */
export interface BlueprintNeeds {
  properties: string[];
  relations: string[];
}

/**
 * The blueprints a mapping writes to, taken from `available` (the default blueprints unless given), with every
 * blueprint their relations point at, in `available`'s order (targets before sources). Only literal blueprint
 * expressions (`'"component"'` in jq, `"component"` in JSONata) can be known before mapping; `unknown` lists the
 * literal names not in `available` and `dynamic` the expressions that are not literals. `needs` gives, per literal
 * blueprint, the properties and relations the mapping writes to it.
 *
 * @public
 */
export function blueprintsForMapping(
  config: MappingConfig,
  available: PortBlueprint[] = defaultBlueprints,
): {
  blueprints: PortBlueprint[];
  unknown: string[];
  dynamic: string[];
  needs: Record<string, BlueprintNeeds>;
} {
  const byId = new Map(available.map(b => [b.identifier, b]));
  const wanted = new Set<string>();
  const unknown = new Set<string>();
  const dynamic: string[] = [];
  const needs = new Map<
    string,
    { properties: Set<string>; relations: Set<string> }
  >();
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
        const need = needs.get(literal) ?? {
          properties: new Set<string>(),
          relations: new Set<string>(),
        };
        needs.set(literal, need);
        Object.keys(mapping.properties).forEach(name =>
          need.properties.add(name),
        );
        Object.keys(mapping.relations).forEach(name =>
          need.relations.add(name),
        );
      }
    }
  }
  return {
    blueprints: available.filter(b => wanted.has(b.identifier)),
    unknown: [...unknown],
    dynamic,
    needs: Object.fromEntries(
      [...needs].map(([id, need]) => [
        id,
        { properties: [...need.properties], relations: [...need.relations] },
      ]),
    ),
  };
}

function literalString(expression: string): string | undefined {
  const match = /^\s*(["'])([^"'\\]*)\1\s*$/.exec(expression);
  return match ? match[2] : undefined;
}
