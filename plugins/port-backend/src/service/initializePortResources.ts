import { LoggerService } from '@backstage/backend-plugin-api';
import {
  blueprintsForMapping,
  CompiledMapping,
  PortBlueprint,
} from '@portsync/mapping';
import { PortClient } from '@portsync/port-client';

/**
 * Creates the blueprints the mapping writes to that Port does not have yet.
 * Relations may point at each other (component ↔ resource), so, as Ocean
 * does, every missing blueprint is created bare first, then its relations are
 * added, then whatever else it defines. Blueprints that exist are left as
 * they are: they may carry a team's own changes.
 */
export async function createMissingBlueprints(
  client: PortClient,
  mapping: CompiledMapping,
  logger: LoggerService,
): Promise<string[]> {
  const existing = new Set(
    (await client.listBlueprints()).map(b => b.identifier),
  );
  const { blueprints, unknown } = blueprintsForMapping(mapping.config);
  if (unknown.length > 0) {
    logger.info(
      `The mapping writes to blueprints portsync has no default for; create them in Port: ${unknown.join(
        ', ',
      )}`,
    );
  }
  const missing = blueprints.filter(b => !existing.has(b.identifier));
  if (missing.length === 0) return [];

  for (const blueprint of missing) {
    await client.createBlueprint(bare(blueprint));
  }
  for (const blueprint of missing) {
    if (Object.keys(blueprint.relations).length > 0) {
      await client.patchBlueprint(blueprint.identifier, {
        relations: blueprint.relations,
      });
    }
  }
  for (const blueprint of missing) {
    const rest = extras(blueprint);
    if (Object.keys(rest).length > 0) {
      await client.patchBlueprint(blueprint.identifier, rest);
    }
  }
  const created = missing.map(b => b.identifier);
  logger.info(`Created blueprints in Port: ${created.join(', ')}`);
  return created;
}

// The client types blueprints loosely (Port adds fields over time); the
// mapping's type is the precise one.
type ClientBlueprint = Parameters<PortClient['createBlueprint']>[0];

function bare(blueprint: PortBlueprint): ClientBlueprint {
  const { identifier, title, icon, description, schema } = blueprint;
  return {
    identifier,
    title,
    ...(icon ? { icon } : {}),
    ...(description ? { description } : {}),
    schema: schema as unknown as ClientBlueprint['schema'],
    relations: {},
  };
}

function extras(blueprint: PortBlueprint): Record<string, unknown> {
  const rest: Record<string, unknown> = {};
  if (
    blueprint.mirrorProperties &&
    Object.keys(blueprint.mirrorProperties).length
  )
    rest.mirrorProperties = blueprint.mirrorProperties;
  if (
    blueprint.calculationProperties &&
    Object.keys(blueprint.calculationProperties).length
  )
    rest.calculationProperties = blueprint.calculationProperties;
  return rest;
}
