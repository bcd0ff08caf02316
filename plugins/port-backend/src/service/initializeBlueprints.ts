import { LoggerService } from '@backstage/backend-plugin-api';
import { blueprintsForMapping, CompiledMapping } from '@portsync/mapping';
import { PortClient } from '@portsync/port-client';
import { createMissingBlueprints } from '@portsync/sync';

/**
 * Creates the default blueprints the mapping writes to that Port does not
 * have yet, and says which blueprints the mapping needs that portsync has no
 * default for.
 */
export async function initializeBlueprints(
  client: PortClient,
  mapping: CompiledMapping,
  logger: LoggerService,
): Promise<string[]> {
  const { blueprints, unknown } = blueprintsForMapping(mapping.config);
  if (unknown.length > 0) {
    logger.info(
      `The mapping writes to blueprints portsync has no default for; create them in Port: ${unknown.join(
        ', ',
      )}`,
    );
  }
  const { created } = await createMissingBlueprints(client, blueprints);
  if (created.length > 0) {
    logger.info(`Created blueprints in Port: ${created.join(', ')}`);
  }
  return created;
}
