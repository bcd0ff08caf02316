import { PortApiError } from './PortApiError';
import { PortClientStats, PortRequest, RequestSender } from './RequestSender';
import { wireEntity } from './wireEntity';
import { upsertInBatches, upsertQuery } from './upsertInBatches';
import {
  PortClientOptions,
  ResolvedOptions,
  resolveOptions,
} from './resolveOptions';
import {
  BulkUpsertResult,
  DatasourceListingOptions,
  DeleteOptions,
  PortBlueprint,
  PortEntity,
  PortIntegration,
  PortOrganization,
  PortResyncRequest,
  PortResyncState,
  PortSearchQuery,
  SearchOptions,
  SearchResult,
  UpsertOptions,
} from './types';

/** Result of {@link PortClient.deleteEntities}. @public */
export interface BulkDeleteResult {
  /** What Port reported in `deletedEntities`; only these are known to be gone. */
  deleted: string[];
  /** Everything else, with the reason when a whole request failed. */
  notDeleted: Array<{
    identifier: string;
    status: number;
    error: string;
    message: string;
  }>;
}

/** @public */
export interface RequestOptions {
  signal?: AbortSignal;
}

/** @public */
export interface WriteOptions extends RequestOptions {
  /**
   * The caller made this create or PATCH safe to repeat (a PATCH of absolute values, a create
   * whose 409 it takes as done), so it is retried like an idempotent request. Default false.
   */
  idempotent?: boolean;
}

const seg = encodeURIComponent;

/**
 * A client for the parts of Port's REST API that a catalog sync needs. One instance shares
 * its token, concurrency limit and rate limiter across all callers; see README.md.
 * @public
 */
export class PortClient {
  private readonly options: ResolvedOptions;
  private readonly sender: RequestSender;

  constructor(options: PortClientOptions) {
    this.options = resolveOptions(options);
    this.sender = new RequestSender(this.options);
  }

  /** The User-Agent sent on every request. */
  get userAgent(): string {
    return this.options.userAgent;
  }

  /** Request and retry counters since this client was made. */
  getStats(): PortClientStats {
    return { ...this.sender.stats };
  }

  /** A valid access token, fetched once and shared until shortly before it expires. */
  getAccessToken(signal?: AbortSignal): Promise<string> {
    return this.sender.accessToken(signal);
  }

  // Blueprints (port-api-notes §1.4)

  async listBlueprints(options: RequestOptions = {}): Promise<PortBlueprint[]> {
    const body = await this.call<{ blueprints: PortBlueprint[] }>({
      method: 'GET',
      path: '/v1/blueprints',
      signal: options.signal,
    });
    return body.blueprints;
  }

  async getBlueprint(
    identifier: string,
    options: RequestOptions = {},
  ): Promise<PortBlueprint> {
    const body = await this.call<{ blueprint: PortBlueprint }>({
      method: 'GET',
      path: `/v1/blueprints/${seg(identifier)}`,
      signal: options.signal,
    });
    return body.blueprint;
  }

  /** Not retried unless marked `idempotent`: a create that reached Port would answer 409 on a repeat. */
  async createBlueprint(
    blueprint: PortBlueprint,
    options: WriteOptions & { createCatalogPage?: boolean } = {},
  ): Promise<PortBlueprint> {
    const body = await this.call<{ blueprint: PortBlueprint }>({
      method: 'POST',
      path: '/v1/blueprints',
      query: { create_catalog_page: options.createCatalogPage },
      body: blueprint,
      idempotent: options.idempotent,
      signal: options.signal,
    });
    return body.blueprint;
  }

  async patchBlueprint(
    identifier: string,
    partial: Partial<PortBlueprint>,
    options: WriteOptions = {},
  ): Promise<PortBlueprint> {
    const body = await this.call<{ blueprint: PortBlueprint }>({
      method: 'PATCH',
      path: `/v1/blueprints/${seg(identifier)}`,
      body: partial,
      idempotent: options.idempotent,
      signal: options.signal,
    });
    return body.blueprint;
  }

  async putBlueprint(
    identifier: string,
    blueprint: PortBlueprint,
    options: RequestOptions = {},
  ): Promise<PortBlueprint> {
    const body = await this.call<{ blueprint: PortBlueprint }>({
      method: 'PUT',
      path: `/v1/blueprints/${seg(identifier)}`,
      body: blueprint,
      signal: options.signal,
    });
    return body.blueprint;
  }

  async deleteBlueprint(
    identifier: string,
    options: RequestOptions & { deleteActions?: boolean } = {},
  ): Promise<void> {
    await this.call({
      method: 'DELETE',
      path: `/v1/blueprints/${seg(identifier)}`,
      query: { delete_actions: options.deleteActions },
      signal: options.signal,
    });
  }

  // Entities (port-api-notes §1.3)

  /** Create or replace (or, with `merge`, update) one entity; `upsert=true` makes it safe to retry. */
  async upsertEntity(
    blueprint: string,
    entity: PortEntity,
    options: UpsertOptions = {},
  ): Promise<PortEntity> {
    const body = await this.call<{ entity: PortEntity }>({
      method: 'POST',
      path: `/v1/blueprints/${seg(blueprint)}/entities`,
      query: upsertQuery(options),
      body: wireEntity(entity),
      idempotent: true,
      entityWrite: true,
      signal: options.signal,
    });
    return body.entity;
  }

  /**
   * Upserts entities of one blueprint in bulk requests of at most 20 entities and 1 MiB,
   * sent concurrently; splits a request in two again when Port answers 413. Never throws for
   * a Port failure: each entity gets its own result, in input order. Aborting throws.
   */
  async upsertEntities(
    blueprint: string,
    entities: PortEntity[],
    options: UpsertOptions = {},
  ): Promise<BulkUpsertResult[]> {
    return upsertInBatches(
      this.sender,
      {
        maxEntities: this.options.bulkMaxEntities,
        maxBytes: this.options.bulkMaxBytes,
      },
      blueprint,
      entities,
      options,
    );
  }

  async getEntity(
    blueprint: string,
    identifier: string,
    options: RequestOptions = {},
  ): Promise<PortEntity> {
    const body = await this.call<{ entity: PortEntity }>({
      method: 'GET',
      path: `/v1/blueprints/${seg(blueprint)}/entities/${seg(identifier)}`,
      signal: options.signal,
    });
    return body.entity;
  }

  /** Resolves false when Port answers 404: the entity is already gone (as Ocean treats it). */
  async deleteEntity(
    blueprint: string,
    identifier: string,
    options: DeleteOptions = {},
  ): Promise<boolean> {
    try {
      await this.call({
        method: 'DELETE',
        path: `/v1/blueprints/${seg(blueprint)}/entities/${seg(identifier)}`,
        query: {
          delete_dependents: options.deleteDependents ?? false,
          run_id: options.runId,
        },
        signal: options.signal,
      });
      return true;
    } catch (error) {
      if (error instanceof PortApiError && error.status === 404) return false;
      throw error;
    }
  }

  /**
   * Deletes in requests of at most 100 identifiers, sent concurrently. Port may delete only
   * some of a request's entities, so only its `deletedEntities` count as deleted.
   */
  async deleteEntities(
    blueprint: string,
    identifiers: string[],
    options: DeleteOptions = {},
  ): Promise<BulkDeleteResult> {
    const size = this.options.bulkDeleteMaxEntities;
    const chunks: string[][] = [];
    for (let i = 0; i < identifiers.length; i += size)
      chunks.push(identifiers.slice(i, i + size));
    const result: BulkDeleteResult = { deleted: [], notDeleted: [] };
    await Promise.all(
      chunks.map(async chunk => {
        try {
          const body = await this.call<{ deletedEntities?: string[] }>({
            method: 'POST',
            path: `/v1/blueprints/${seg(blueprint)}/bulk/entities/delete`,
            query: {
              delete_dependents: options.deleteDependents ?? false,
              run_id: options.runId,
            },
            body: { entities: chunk },
            idempotent: true,
            signal: options.signal,
          });
          const deleted = new Set(body.deletedEntities ?? []);
          for (const identifier of chunk) {
            if (deleted.has(identifier)) {
              result.deleted.push(identifier);
            } else {
              result.notDeleted.push({
                identifier,
                status: 200,
                error: 'not_deleted',
                message: 'Port did not list it in deletedEntities',
              });
            }
          }
        } catch (error) {
          if (!(error instanceof PortApiError)) throw error;
          for (const identifier of chunk) {
            result.notDeleted.push({
              identifier,
              status: error.status,
              error: error.code ?? error.kind,
              message: error.message,
            });
          }
        }
      }),
    );
    return result;
  }

  async searchEntities(
    query: PortSearchQuery,
    options: SearchOptions = {},
  ): Promise<SearchResult> {
    const { ok: _ok, ...result } = await this.call<
      SearchResult & { ok?: boolean }
    >({
      method: 'POST',
      path: '/v1/entities/search',
      query: {
        include: options.include,
        exclude: options.exclude,
        exclude_calculated_properties: options.excludeCalculatedProperties,
        attach_title_to_relation: options.attachTitleToRelation,
        allow_partial_results: options.allowPartialResults,
      },
      body: query,
      idempotent: true,
      signal: options.signal,
    });
    return { ...result, entities: result.entities ?? [] };
  }

  /** Every entity whose `$datasource` matches, across all pages. */
  async listDatasourceEntities(
    options: DatasourceListingOptions,
  ): Promise<PortEntity[]> {
    const all: PortEntity[] = [];
    for await (const page of this.iterateDatasourceEntities(options))
      all.push(...page);
    return all;
  }

  /** The same listing one page at a time, following `next` until Port returns none. */
  async *iterateDatasourceEntities(
    options: DatasourceListingOptions,
  ): AsyncGenerator<PortEntity[], void, undefined> {
    let cursor: string | undefined;
    do {
      const body: { entities?: PortEntity[]; next?: string | null } =
        await this.call({
          method: 'POST',
          path: '/v1/blueprints/entities/datasource-entities',
          body: {
            datasource_prefix: options.datasourcePrefix,
            datasource_suffix: options.datasourceSuffix,
            limit: options.limit ?? 5000,
            before:
              options.before instanceof Date
                ? options.before.toISOString()
                : options.before,
            from: cursor,
          },
          idempotent: true,
          signal: options.signal,
        });
      yield body.entities ?? [];
      cursor = body.next || undefined;
    } while (cursor);
  }

  // Integration (port-api-notes §1.5)

  async getIntegration(
    identifier: string,
    options: RequestOptions & {
      oceanCoreVersion?: string;
      isPolling?: boolean;
    } = {},
  ): Promise<PortIntegration> {
    const body = await this.call<{ integration: PortIntegration }>({
      method: 'GET',
      path: `/v1/integration/${seg(identifier)}`,
      query: {
        oceanCoreVersion: options.oceanCoreVersion,
        isPolling: options.isPolling,
      },
      signal: options.signal,
    });
    return body.integration;
  }

  async createIntegration(
    integration: Record<string, unknown>,
    options: WriteOptions = {},
  ): Promise<PortIntegration> {
    const body = await this.call<{ integration: PortIntegration }>({
      method: 'POST',
      path: '/v1/integration',
      body: integration,
      idempotent: options.idempotent,
      signal: options.signal,
    });
    return body.integration;
  }

  async patchIntegration(
    identifier: string,
    changes: Record<string, unknown>,
    options: WriteOptions = {},
  ): Promise<PortIntegration> {
    const body = await this.call<{ integration: PortIntegration }>({
      method: 'PATCH',
      path: `/v1/integration/${seg(identifier)}`,
      body: changes,
      idempotent: options.idempotent,
      signal: options.signal,
    });
    return body.integration;
  }

  /** `skipResync` sends `x-skip-resync: true`, so Port does not start a resync for this write. */
  async patchIntegrationConfig(
    identifier: string,
    config: Record<string, unknown>,
    options: WriteOptions & { skipResync?: boolean } = {},
  ): Promise<PortIntegration> {
    const body = await this.call<{ integration: PortIntegration }>({
      method: 'PATCH',
      path: `/v1/integration/${seg(identifier)}/config`,
      body: { config },
      headers: options.skipResync ? { 'x-skip-resync': 'true' } : undefined,
      idempotent: options.idempotent,
      signal: options.signal,
    });
    return body.integration;
  }

  async patchResyncState(
    identifier: string,
    state: PortResyncState,
    options: RequestOptions = {},
  ): Promise<PortIntegration> {
    const body = await this.call<{ integration: PortIntegration }>({
      method: 'PATCH',
      path: `/v1/integration/${seg(identifier)}/resync-state`,
      body: state,
      signal: options.signal,
    });
    return body.integration;
  }

  async getResyncRequest(
    identifier: string,
    options: RequestOptions = {},
  ): Promise<PortResyncRequest | undefined> {
    const body = await this.call<{ request?: PortResyncRequest | null }>({
      method: 'GET',
      path: `/v1/integration/${seg(identifier)}/resync-request`,
      signal: options.signal,
    });
    return body.request ?? undefined;
  }

  async sendRawExamples(
    identifier: string,
    kind: string,
    examples: unknown[],
    options: RequestOptions = {},
  ): Promise<void> {
    await this.call({
      method: 'POST',
      path: `/v1/integration/${seg(identifier)}/kinds/${seg(kind)}/examples`,
      body: { examples },
      signal: options.signal,
    });
  }

  async getOrganization(
    options: RequestOptions = {},
  ): Promise<PortOrganization> {
    const body = await this.call<{ organization: PortOrganization }>({
      method: 'GET',
      path: '/v1/organization',
      signal: options.signal,
    });
    return body.organization;
  }

  private async call<T = unknown>(request: PortRequest): Promise<T> {
    return (await this.sender.request<T>(request)).body;
  }
}
