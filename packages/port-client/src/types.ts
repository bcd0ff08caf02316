/*
 * Shapes of what Port accepts and returns, as far as the sync needs them
 * (facts: shared/docs/port-api-notes.md §1–§2). Port adds fields over time, so
 * every resource keeps an index signature instead of pretending to be complete.
 */

/** A search query as Port accepts it in `POST /v1/entities/search` and in identifiers. @public */
export interface PortSearchQuery {
  combinator: 'and' | 'or';
  rules: Array<Record<string, unknown> | PortSearchQuery>;
}

/** An entity as sent to or read from Port. @public */
export interface PortEntity {
  identifier: string | PortSearchQuery;
  /** `null` (unmapped) is left out of the request: Port's spec types it as a string. */
  title?: string | null;
  icon?: string | null;
  team?: string | string[] | PortSearchQuery;
  blueprint?: string;
  properties?: Record<string, unknown>;
  relations?: Record<string, string | string[] | null | PortSearchQuery>;
  [key: string]: unknown;
}

/** A blueprint definition. @public */
export interface PortBlueprint {
  identifier: string;
  title: string;
  schema: {
    properties: Record<string, Record<string, unknown>>;
    required?: string[];
  };
  relations?: Record<
    string,
    {
      target: string;
      required: boolean;
      many: boolean;
      title?: string;
      description?: string;
    }
  >;
  [key: string]: unknown;
}

/** An Ocean-style integration record. @public */
export interface PortIntegration {
  identifier: string;
  config?: Record<string, unknown>;
  resyncState?: PortResyncState;
  [key: string]: unknown;
}

/** Body of `PATCH /v1/integration/{id}/resync-state`. @public */
export interface PortResyncState {
  status: 'running' | 'completed' | 'failed' | 'aborted';
  lastResyncStart?: string | null;
  lastResyncEnd?: string | null;
  nextResync?: string | null;
  /** Port's spelling. */
  intervalInMinuets?: number | null;
  [key: string]: unknown;
}

/** What `GET /v1/integration/{id}/resync-request` returns under `request`. @public */
export interface PortResyncRequest {
  id?: string;
  updatedAt?: string;
  [key: string]: unknown;
}

/** What `GET /v1/organization` returns under `organization`. @public */
export interface PortOrganization {
  id: string;
  featureFlags?: string[];
  [key: string]: unknown;
}

/** Query flags shared by the single and bulk upsert routes. @public */
export interface UpsertOptions {
  /** Update only the fields sent instead of replacing the entity. Default false. */
  merge?: boolean;
  /** Create bare relation targets instead of failing with 404 `not_found`. Default false. */
  createMissingRelatedEntities?: boolean;
  /** Validate without writing. Default false. */
  validationOnly?: boolean;
  runId?: string;
  signal?: AbortSignal;
}

/** Per-entity outcome of {@link PortClient.upsertEntities}, in input order. @public */
export type BulkUpsertResult =
  | { ok: true; identifier: string; created: boolean }
  | {
      ok: false;
      identifier: string;
      /** HTTP status Port gave this entity (or the whole batch); 0 when no response came. */
      status: number;
      /** Port's `error` code, or the client's kind for failures without one. */
      error: string;
      message: string;
    };

/** @public */
export interface DeleteOptions {
  /** Also delete entities whose required relations point at the deleted ones. Default false. */
  deleteDependents?: boolean;
  runId?: string;
  signal?: AbortSignal;
}

/** Query options of `POST /v1/entities/search`. @public */
export interface SearchOptions {
  /** Entity JSON paths to return, e.g. `identifier`, `properties.owner`. */
  include?: string[];
  exclude?: string[];
  excludeCalculatedProperties?: boolean;
  attachTitleToRelation?: boolean;
  allowPartialResults?: boolean;
  signal?: AbortSignal;
}

/** Port's answer to a search, without the `ok` flag. @public */
export interface SearchResult {
  entities: PortEntity[];
  matchingBlueprints?: string[];
  failedBlueprints?: string[];
  [key: string]: unknown;
}

/** Body of the (undocumented) datasource listing that Ocean uses to find its own entities. @public */
export interface DatasourceListingOptions {
  /** e.g. `port-ocean/backstage/` */
  datasourcePrefix: string;
  /** e.g. `/my-integration/exporter` */
  datasourceSuffix: string;
  /** Only entities last written before this time (ISO-8601 or Date). */
  before?: string | Date;
  /** Page size; Ocean uses 5000. */
  limit?: number;
  signal?: AbortSignal;
}

/** A logger in Backstage's `LoggerService` shape. @public */
export interface PortClientLogger {
  debug(message: string, meta?: object): void;
  info(message: string, meta?: object): void;
  warn(message: string, meta?: object): void;
  error(message: string, meta?: object): void;
}
