import { PortBlueprint } from '@portsync/mapping';
import { PortClient } from '@portsync/port-client';

type ClientBlueprint = Parameters<PortClient['createBlueprint']>[0];

/**
 * Creates those of `blueprints` that Port does not have (the plugin and the CLI both do this before a sync). They may point at each other (component ↔ resource), so,
 * as Ocean does, each missing one is created bare, then its relations are added, then its mirror and calculation
 * properties. Blueprints Port has are left alone: they may carry a team's own changes.
 *
 * @public
 */
export async function createMissingBlueprints(
  client: PortClient,
  blueprints: PortBlueprint[],
): Promise<{ created: string[]; existing: string[] }> {
  const inPort = new Set(
    (await client.listBlueprints()).map(blueprint => blueprint.identifier),
  );
  const missing = blueprints.filter(b => !inPort.has(b.identifier));
  for (const blueprint of missing) {
    const { identifier, title, icon, description, schema } = blueprint;
    await client.createBlueprint({
      identifier,
      title,
      ...(icon ? { icon } : {}),
      ...(description ? { description } : {}),
      schema: schema as unknown as ClientBlueprint['schema'],
      relations: {},
    });
  }
  for (const blueprint of missing) {
    if (Object.keys(blueprint.relations).length > 0) {
      await client.patchBlueprint(blueprint.identifier, {
        relations: blueprint.relations,
      });
    }
  }
  for (const blueprint of missing) {
    const extras = {
      ...(Object.keys(blueprint.mirrorProperties ?? {}).length
        ? { mirrorProperties: blueprint.mirrorProperties }
        : {}),
      ...(Object.keys(blueprint.calculationProperties ?? {}).length
        ? { calculationProperties: blueprint.calculationProperties }
        : {}),
    };
    if (Object.keys(extras).length > 0) {
      await client.patchBlueprint(blueprint.identifier, extras);
    }
  }
  return {
    created: missing.map(b => b.identifier),
    existing: blueprints
      .filter(b => inPort.has(b.identifier))
      .map(b => b.identifier),
  };
}
