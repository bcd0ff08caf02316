/*
 * The JSON of the `port` plugin's HTTP API (`/api/port/...`), as the backend sends it and a
 * frontend reads it. Plain types only: this package has no Node-only code, so the backend's
 * own types are not imported here; the backend declares its responses with these types, so
 * the compiler keeps the two in step. Times are ISO-8601 strings unless a field says epoch ms.
 */

/** Paths of the plugin's routes, relative to its base URL (`/api/port`). @public */
export const portApiRoutes = {
  health: '/health',
  status: '/status',
  resync: '/resync',
  preview: '/preview',
  /** `GET`: the sync state of one catalog entity; the ref is URL-encoded into the path. */
  entityByRef: (entityRef: string) =>
    `/entities/by-ref/${encodeURIComponent(entityRef)}`,
  /** `POST`: re-queues the entity's parked change. */
  retryEntity: (entityRef: string) =>
    `/entities/by-ref/${encodeURIComponent(entityRef)}/retry`,
} as const;

/** A Port entity the mapping produces for a catalog entity, with its page in Port's app. @public */
export interface PortEntityLink {
  blueprint: string;
  identifier: string;
  /** The mapped title, when the mapping sets one and it is a string. */
  title?: string;
  /** The entity's page in Port's app (`port.appUrl`): `<appUrl>/<blueprint>Entity?identifier=<identifier>`. */
  url: string;
}

/** A mapping expression that failed or gave nothing, as `/preview` reports it. @public */
export interface PortFieldError {
  /** The blueprint of the entity mapping the expression belongs to, when it is a plain string. */
  blueprint?: string;
  /** Dot path inside the entity mapping: `identifier`, `properties.owner`, `relations.system`. */
  field: string;
  expression?: string;
  message: string;
  /** Where the expression sits in the mapping's YAML text, when the mapping was parsed from text. */
  position?: { line: number; column: number; sourceName?: string };
}

/**
 * Where one catalog entity stands in the sync.
 *
 * - `not-mapped`: the mapping produces no Port entity for it (no resource for its kind, or the
 *   selector is false) and nothing is recorded in Port for it.
 * - `queued`: waiting to be pushed: in the work queue with no failed attempt yet, or not yet
 *   seen by the change scan.
 * - `pushed`: every Port entity it produces was accepted; `lastPushedAt` says when.
 * - `failed`: the last attempt failed (`lastError`); it is retried with backoff.
 * - `parked`: it failed too often or Port rejected it for good; it waits for a new change of
 *   the entity or a retry (`POST .../retry`).
 * - `port-unreachable`: Port cannot be reached and the entity is not pushed.
 *
 * @public
 */
export type EntitySyncStateName =
  | 'not-mapped'
  | 'queued'
  | 'pushed'
  | 'failed'
  | 'parked'
  | 'port-unreachable';

/** `GET /entities/by-ref/:ref`. @public */
export interface EntitySyncState {
  /** The ref as Backstage's `stringifyEntityRef` gives it (lower case). */
  entityRef: string;
  state: EntitySyncStateName;
  /**
   * When Port last accepted every entity it produces; absent while a write of it is failing (the engine keeps
   * no separate time for an earlier success) and before its first push.
   */
  lastPushedAt?: string;
  /** Why the last attempt failed (queued with a failure, `failed`, `parked`). */
  lastError?: string;
  /** Failed attempts of the queued change. */
  attempts?: number;
  /** What the mapping in use produces for it now. */
  portEntities: PortEntityLink[];
  fieldErrors: PortFieldError[];
  port: { connected: boolean; lastError?: string };
}

/** `POST /entities/by-ref/:ref/retry`, answered 202. @public */
export interface RetryResponse {
  /** Parked queue items made due again (404 when there is none). */
  requeued: number;
}

/** `POST /resync`, answered 202. @public */
export interface ResyncResponse {
  runId: string;
}

/** A Port entity as the mapping produced it (`/preview`). @public */
export interface PreviewEntity {
  blueprint: string;
  /** A string, or a search query object when the mapping addresses the entity by query. */
  identifier: string | Record<string, unknown>;
  title?: unknown;
  icon?: unknown;
  team?: unknown;
  properties: Record<string, unknown>;
  relations: Record<string, unknown>;
  /** Index of the mapping resource that produced it. */
  resourceIndex: number;
}

/** A field error as the mapping reports it (`/preview`). @public */
export interface PreviewFieldError {
  resourceIndex: number;
  kind: string;
  field: string;
  expression: string;
  message: string;
  position?: { line: number; column: number; sourceName?: string };
}

/**
 * `POST /preview` body: exactly one of `entityRef` and `entity`; `mapping` (a mapping object,
 * as `port.mapping` in app-config) replaces the mapping in use for this preview only.
 * @public
 */
export interface PreviewRequest {
  entityRef?: string;
  entity?: Record<string, unknown>;
  mapping?: unknown;
}

/** `POST /preview`. @public */
export interface PreviewResponse {
  entityRef: string;
  entities: PreviewEntity[];
  errors: PreviewFieldError[];
  /** Entities dropped because their identifier or blueprint was empty. */
  skipped: number;
}

/** @public */
export interface PortRunCounts {
  mapped: number;
  upserted: number;
  unchanged: number;
  deleted: number;
  failed: number;
  skipped: number;
  fieldErrors: number;
}

/** @public */
export interface PortRunFailure {
  ref?: string;
  blueprint: string;
  identifier: string;
  /** HTTP status Port gave; 0 when no response came. */
  status?: number;
  error: string;
  message: string;
}

/** @public */
export interface PortDeletionReport {
  stale: number;
  owned: number;
  threshold: number;
  skipped: boolean;
  reason?: string;
  source?: 'datasource' | 'state';
}

/** One recorded run of the engine: a resync, a queue drain (`changes`) or a change scan. @public */
export interface PortRun {
  id: string;
  type: 'resync' | 'changes' | 'scan';
  status: 'running' | 'completed' | 'partial' | 'failed' | 'aborted';
  startedAt: string;
  finishedAt: string | null;
  heartbeatAt?: string | null;
  counts: PortRunCounts;
  errors: PortRunFailure[];
  deletion: PortDeletionReport | null;
  /** Milliseconds per phase and `total`. */
  timings: Record<string, number>;
}

/** A parked queue item: a change the engine gave up retrying. Times in epoch ms unless ISO. @public */
export interface PortParkedItem {
  ref: string;
  op: 'upsert' | 'delete';
  etag: string | null;
  seq: number;
  attempts: number;
  nextAttemptAt: number;
  lastError: string | null;
  parked: boolean;
  enqueuedAt: number;
  /** Epoch ms of the last change of the item: for a parked item, when it was parked. */
  updatedAt: number;
  claimedBy: string | null;
  claimedUntil: number | null;
  /** ISO time it was parked. */
  parkedAt: string;
  /** The Port entities last accepted for the ref (empty when Port never accepted one). */
  portEntities: Array<{ blueprint: string; identifier: string }>;
}

/** A full resync asked for (admin API, schedule, Port's UI). Times in epoch ms. @public */
export interface PortResyncRequest {
  /** Also the engine's run id. */
  id: string;
  source: 'api' | 'schedule' | 'port';
  /** Port's resync request id, for requests filed in Port's UI. */
  portRequestId: string | null;
  force: boolean;
  /** Kinds to limit the resync to; null for all. */
  kinds: string[] | null;
  requestedBy: string | null;
  status:
    | 'pending'
    | 'running'
    | 'completed'
    | 'partial'
    | 'failed'
    | 'aborted';
  requestedAt: number;
  startedAt: number | null;
  finishedAt: number | null;
}

/** Port's connectivity, in `/status`. @public */
export interface PortConnectionState {
  /** Prepared, and Port answered the last request portsync sent. */
  connected: boolean;
  /** The start-up preparation is done; the sync tasks run. */
  prepared: boolean;
  /** The preparation step that failed last, while not prepared. */
  pendingStep?: string;
  /** Attempts since the last success (or since startup). */
  attempts: number;
  /** Why the preparation failed, or the last request to Port failed. */
  lastError?: string;
  /** ISO time of the last preparation attempt. */
  checkedAt?: string;
  /** ISO time the preparation finished. */
  connectedAt?: string;
  /** ISO time of the last request to Port, answered or not. */
  lastRequestAt?: string;
  lastFailureAt?: string;
}

/** How Port's blueprints compare with what the mapping needs, in `/status`. @public */
export interface PortBlueprintSetupState {
  /** ISO time of the last comparison that finished. */
  checkedAt?: string;
  /** What the mapping needs that portsync may not fix, by blueprint; empty when Port is ready. */
  mismatches: Array<{
    blueprint: string;
    /** The property or relation; absent when the blueprint itself is missing. */
    field?: string;
    message: string;
  }>;
  /** Why the last comparison did not finish; it is tried again at the next resync. */
  lastError?: string;
}

/** The mapping kept in Port (mapping source `port`), in `/status`. @public */
export interface PortMappingSourceState {
  /** Hash of Port's config in use; absent while the app-config mapping runs. */
  configHash?: string;
  /** ISO time the mapping in use was adopted from Port. */
  adoptedAt?: string;
  /** ISO time Port's config was last read. */
  checkedAt?: string;
  /** A mapping edited in Port that does not compile: the last good one keeps running. */
  rejected?: { configHash: string; error: string; at: string };
  /** Why the last read of Port's config failed. */
  lastError?: string;
}

/** `GET /status`: what an admin page shows. @public */
export interface PortSyncStatus {
  port: PortConnectionState;
  blueprintSetup: PortBlueprintSetupState;
  mapping: PortMappingSourceState & {
    source: 'app-config' | 'port';
    kinds: string[];
  };
  changeScan: {
    last?: {
      at: string;
      listed: number;
      known: number;
      upserts: number;
      deletes: number;
      deletion: PortDeletionReport;
      durationMs: number;
    };
    lastGuardTrip?: { at: string; reason: string };
  };
  resyncRequests: PortResyncRequest[];
  /** Newest first. */
  runs: PortRun[];
  queue: { depth: number; due: number; parked: number; claimed: number };
  parked: PortParkedItem[];
  /** Recorded Port entities per blueprint. */
  blueprints: Record<string, number>;
}

/**
 * The page of a Port entity in Port's web app (`port.appUrl`, e.g. `https://app.getport.io`):
 * `<appUrl>/<blueprint>Entity?identifier=<identifier>`.
 * @public
 */
export function portEntityUrl(
  appUrl: string,
  blueprint: string,
  identifier: string,
): string {
  return `${appUrl.replace(/\/+$/, '')}/${encodeURIComponent(
    blueprint,
  )}Entity?identifier=${encodeURIComponent(identifier)}`;
}
