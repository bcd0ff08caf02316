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

/** Port's answer to reading the integration: it, none yet, or not allowed. */
async function getIntegration(
  client: PortClient,
  identifier: string,
): Promise<PortIntegration | 'absent' | PortApiError> {
  try {
    return await client.getIntegration(identifier);
  } catch (error) {
    if (!(error instanceof PortApiError)) throw error;
    if (error.status === 404) return 'absent';
    // Since 2026-03-08 Port answers members with a refusal (its spec:
    // "you must have a moderator or admin role").
    if (error.status === 401 || error.status === 403) return error;
    throw error;
  }
}

/**
 * Registers the integration in Port the way Ocean registers its Backstage
 * integration, or re-patches the fields that differ (as Ocean does at
 * startup), so Port's data-sources page lists portsync as a Backstage
 * integration. Credentials without the moderator or admin role cannot read
 * the integration: registration is skipped with a warning and sync goes on.
 */
export async function registerIntegration(
  client: PortClient,
  registration: IntegrationRegistration,
  logger: LoggerService,
): Promise<PortIntegration | undefined> {
  const desired = {
    installationAppType: registration.type,
    version: registration.version,
    changelogDestination: {},
  };
  let found = await getIntegration(client, registration.identifier);
  if (found instanceof PortApiError) {
    logger.warn(
      `Port refused to read integration ${registration.identifier} (${found.status}): its credentials need the moderator or admin role. ` +
        'Continuing without registering it: Port will not list portsync on its data-sources page, and a mapping kept in Port cannot be read.',
    );
    return undefined;
  }
  if (found === 'absent') {
    try {
      const created = await client.createIntegration(
        {
          installationId: registration.identifier,
          ...desired,
          config: registration.config ?? {},
        },
        { idempotent: true },
      );
      logger.info(`Registered integration ${registration.identifier} in Port`);
      return created;
    } catch (error) {
      // A create that reached Port before its answer was lost, or another
      // replica's: the integration exists, so compare it as below.
      if (!(error instanceof PortApiError && error.status === 409)) throw error;
      found = await client.getIntegration(registration.identifier);
    }
  }
  const existing = found;
  let integration = existing;
  const changed = Object.fromEntries(
    Object.entries(desired).filter(
      ([key, value]) =>
        stableStringify(existing[key] ?? null) !== stableStringify(value),
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
