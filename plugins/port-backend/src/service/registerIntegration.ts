import { LoggerService } from '@backstage/backend-plugin-api';
import {
  PortApiError,
  PortClient,
  PortIntegration,
} from '@portsync/port-client';
import { stableStringify } from '@portsync/sync';

export interface IntegrationRegistration {
  identifier: string;
  /** `installationAppType` Port shows; `backstage`, as Port's own Backstage integration. */
  type: string;
  version: string;
  /**
   * The mapping to show in Port (mapping source `app-config`), written with
   * `x-skip-resync` so Port does not start a resync for it; undefined when
   * the mapping is read from Port.
   */
  config?: object;
}

async function getIntegration(
  client: PortClient,
  identifier: string,
): Promise<PortIntegration | undefined> {
  try {
    return await client.getIntegration(identifier);
  } catch (error) {
    if (error instanceof PortApiError && error.status === 404) return undefined;
    throw error;
  }
}

/**
 * Registers the integration in Port the way Ocean registers its Backstage
 * integration, or re-patches the fields that differ (as Ocean does at
 * startup), so Port's data-sources page lists portsync as a Backstage
 * integration.
 */
export async function registerIntegration(
  client: PortClient,
  registration: IntegrationRegistration,
  logger: LoggerService,
): Promise<PortIntegration> {
  const desired = {
    installationAppType: registration.type,
    version: registration.version,
    changelogDestination: {},
  };
  let integration = await getIntegration(client, registration.identifier);
  if (!integration) {
    try {
      integration = await client.createIntegration(
        {
          identifier: registration.identifier,
          installationId: registration.identifier,
          ...desired,
          config: registration.config ?? {},
        },
        { idempotent: true },
      );
      logger.info(`Registered integration ${registration.identifier} in Port`);
      return integration;
    } catch (error) {
      // A create that reached Port before its answer was lost, or another
      // replica's: the integration exists, so compare it as below.
      if (!(error instanceof PortApiError && error.status === 409)) throw error;
      integration = await client.getIntegration(registration.identifier);
    }
  }
  const changed = Object.fromEntries(
    Object.entries(desired).filter(
      ([key, value]) =>
        stableStringify(integration![key] ?? null) !== stableStringify(value),
    ),
  );
  if (Object.keys(changed).length > 0) {
    // Whole values, so the PATCH is safe to repeat.
    integration = await client.patchIntegration(
      registration.identifier,
      { ...changed, version: registration.version },
      { idempotent: true },
    );
  }
  if (
    registration.config &&
    stableStringify(integration.config ?? null) !==
      stableStringify(registration.config)
  ) {
    integration = await client.patchIntegrationConfig(
      registration.identifier,
      registration.config as Record<string, unknown>,
      { skipResync: true, idempotent: true },
    );
  }
  return integration;
}
