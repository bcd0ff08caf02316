import { randomUUID } from 'node:crypto';
import { conflict } from '../api/PortApiError';
import { CatalogStore } from '../store/CatalogStore';
import { IntegrationRecord, RawExample, ResyncState } from '../store/records';
import { checkBody } from '../validation/routeSchemas';
import { Actor } from './Actor';

/** Raw examples kept per integration; older ones are dropped first. */
const MAX_KEPT_EXAMPLES = 1000;

const PATCHABLE_FIELDS = [
  'installationAppType',
  'version',
  'config',
  'changelogDestination',
  'arePortResourcesInitialized',
  'actionsProcessingEnabled',
  'incrementalSyncEnabled',
  'processingMode',
];

/**
 * Integration registration, mapping config, resync state, resync requests and raw
 * examples (port-api-notes §1.5), plus the edits Port's UI makes (a resync request,
 * a config change) for the sandbox's admin routes.
 */
export class IntegrationRegistry {
  constructor(
    private readonly store: CatalogStore,
    private readonly now: () => number,
  ) {}

  create(rawBody: unknown, actor: Actor): IntegrationRecord {
    const body = checkBody<
      Record<string, unknown> & { installationId: string }
    >('integrationCreate', rawBody);
    if (this.store.findIntegration(body.installationId)) {
      throw conflict(
        'identifier_taken',
        `Integration with identifier "${body.installationId}" already exists`,
      );
    }
    const timestamp = new Date(this.now()).toISOString();
    const integration: IntegrationRecord = {
      ...body,
      identifier: body.installationId,
      installationId: body.installationId,
      integrationType: body.installationAppType as string | undefined,
      installationType: 'OnPrem',
      config: (body.config as Record<string, unknown>) ?? {},
      changelogDestination: body.changelogDestination ?? {},
      examples: [],
      createdAt: timestamp,
      createdBy: actor.clientId,
      updatedAt: timestamp,
      updatedBy: actor.clientId,
    };
    this.store.putIntegration(integration);
    return integration;
  }

  patch(identifier: string, rawBody: unknown, actor: Actor): IntegrationRecord {
    const existing = this.store.getIntegration(identifier);
    const body = rawBody as Record<string, unknown>;
    const changes = Object.fromEntries(
      Object.entries(body).filter(([key]) => PATCHABLE_FIELDS.includes(key)),
    );
    return this.save({ ...existing, ...changes }, actor);
  }

  /** Port starts a resync when the config changes, unless told `x-skip-resync: true`. */
  setConfig(
    identifier: string,
    rawBody: unknown,
    skipResync: boolean,
    actor: Actor,
  ): IntegrationRecord {
    const existing = this.store.getIntegration(identifier);
    const { config } = rawBody as { config: Record<string, unknown> };
    const next = this.save({ ...existing, config }, actor);
    return skipResync ? next : this.requestResync(identifier, actor);
  }

  setResyncState(
    identifier: string,
    rawBody: unknown,
    actor: Actor,
  ): IntegrationRecord {
    const existing = this.store.getIntegration(identifier);
    const body = checkBody<Omit<ResyncState, 'updatedAt'>>(
      'resyncState',
      rawBody,
    );
    const resyncState: ResyncState = {
      ...existing.resyncState,
      ...body,
      updatedAt: new Date(this.now()).toISOString(),
    };
    return this.save({ ...existing, resyncState }, actor);
  }

  requestResync(identifier: string, actor: Actor): IntegrationRecord {
    const existing = this.store.getIntegration(identifier);
    return this.save(
      {
        ...existing,
        resyncRequest: {
          id: randomUUID(),
          updatedAt: new Date(this.now()).toISOString(),
        },
      },
      actor,
    );
  }

  addExamples(identifier: string, kind: string, rawBody: unknown): number {
    const existing = this.store.getIntegration(identifier);
    const { examples } = checkBody<{ examples: unknown[] }>(
      'rawExamples',
      rawBody,
    );
    const receivedAt = new Date(this.now()).toISOString();
    const added: RawExample[] = examples.map(example => ({
      kind,
      receivedAt,
      example,
    }));
    const kept = [...existing.examples, ...added].slice(-MAX_KEPT_EXAMPLES);
    this.store.putIntegration({ ...existing, examples: kept });
    return added.length;
  }

  delete(identifier: string): void {
    this.store.getIntegration(identifier);
    this.store.deleteIntegration(identifier);
  }

  private save(
    integration: IntegrationRecord,
    actor: Actor,
  ): IntegrationRecord {
    const next = {
      ...integration,
      updatedAt: new Date(this.now()).toISOString(),
      updatedBy: actor.clientId,
    };
    this.store.putIntegration(next);
    return next;
  }
}

/** The integration as Port returns it; examples and resync requests have their own routes. */
export function integrationToJson(
  integration: IntegrationRecord,
): Record<string, unknown> {
  const { examples, resyncRequest, ...json } = integration;
  return json;
}
