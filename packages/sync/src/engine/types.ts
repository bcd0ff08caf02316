import type { BackstageEntity, CompiledMapping } from '@portsync/mapping';
import type { PortClient } from '@portsync/port-client';
import type {
  DeletionReport,
  QueueItem,
  QueueStats,
  RunCounts,
  RunFailure,
  RunRecord,
  RunStatus,
  RunType,
  StateStore,
} from '../state/StateStore';

/**
 * Where catalog entities come from. The Backstage plugin implements it over the catalog
 * service, the CLI over Backstage's REST API.
 *
 * @public
 */
export interface EntitySource {
  /** Every entity (of `kinds`, when given; compared case-insensitively), page by page: the full pass. */
  pages(options: {
    kinds?: string[];
    signal?: AbortSignal;
  }): AsyncIterable<BackstageEntity[]>;
  /** Entities by ref, in the order asked; undefined for a ref that no longer exists. */
  getByRefs(
    refs: string[],
    options?: { signal?: AbortSignal },
  ): Promise<Array<BackstageEntity | undefined>>;
  /** Every ref with its uid and etag, page by page: the cheap listing the change scan compares. */
  listRefs(options?: {
    signal?: AbortSignal;
  }): AsyncIterable<Array<{ ref: string; uid: string; etag: string }>>;
}

/** Backstage's `LoggerService` shape. @public */
export interface SyncLogger {
  debug(message: string, meta?: object): void;
  info(message: string, meta?: object): void;
  warn(message: string, meta?: object): void;
  error(message: string, meta?: object): void;
}

/** @public */
export interface Progress {
  runId: string;
  type: RunType;
  phase: 'upsert' | 'retry' | 'reconcile' | 'drain';
  /** Catalog entities read so far (resync) or queue items handled (drain). */
  processed: number;
  counts: RunCounts;
}

/** @public */
export interface SyncEngineOptions {
  source: EntitySource;
  mapping: CompiledMapping;
  client: PortClient;
  store: StateStore;
  logger: SyncLogger;
  integration: {
    identifier: string;
    /** The `{type}` of the User-Agent and `$datasource`. Default `backstage`. */
    type?: string;
  };
  /** Send up to 5 raw entities per kind on each resync, as Ocean does. Default false. */
  sendRawDataExamples?: boolean;
  onProgress?: (progress: Progress) => void;
  now?: () => Date;
  /** Failed attempts after which a queue item is parked. Default 10; a permanent rejection (422, 413, 400…) is parked after 2. */
  maxAttempts?: number;
  /** Wait before the next attempt after `attempts` failures, in ms. Default 5 s doubling, at most 1 h. */
  backoff?: (attempts: number) => number;
  /** Catalog entities mapped and pushed together in a resync. Default 1000. */
  batchSize?: number;
  /** Queue items claimed at once by `drainQueue`. Default 200. */
  queueBatchSize?: number;
  /** How long a claim holds unless its worker extends it (every third of it, while it works). Default 15 s. */
  claimLeaseMs?: number;
  /**
   * portsync's cap on deletions in one resync or change scan, on top of the mapping's
   * `entityDeletionThreshold`: with more stale entities, nothing is deleted and the run says why.
   * Default: no cap.
   */
  maxDeletionsPerRun?: number;
  /** Runs kept in the store. Default 200. */
  keepRuns?: number;
}

/** @public */
export interface SyncReport {
  runId: string;
  type: RunType;
  status: Exclude<RunStatus, 'running'>;
  startedAt: string;
  finishedAt: string;
  counts: RunCounts;
  failures: RunFailure[];
  deletion?: DeletionReport;
  /** Milliseconds per phase and `total`. */
  timings: Record<string, number>;
  /** True when nothing was written (`dryRun`). */
  dryRun?: boolean;
}

/** @public */
export interface ScanReport {
  /** Refs the source listed. */
  listed: number;
  /** Refs the state knew before the scan. */
  known: number;
  /** Upserts queued: new refs and changed etags or uids. */
  upserts: number;
  /** Deletes queued: refs that vanished (0 when the guard tripped). */
  deletes: number;
  deletion: DeletionReport;
  durationMs: number;
}

/** One changed field in a plan: a dot path inside the entity. @public */
export interface FieldChange {
  path: string;
  before: unknown;
  after: unknown;
}

/** @public */
export interface PlannedWrite {
  ref: string;
  blueprint: string;
  identifier: string;
  payload: Record<string, unknown>;
  /** Empty for creates. */
  changes: FieldChange[];
}

/** @public */
export interface SyncPlan {
  creates: PlannedWrite[];
  updates: PlannedWrite[];
  deletes: Array<{ blueprint: string; identifier: string }>;
  /** Produced entities equal to Port's. */
  unchanged: number;
  counts: RunCounts;
  failures: RunFailure[];
  deletion: DeletionReport;
}

/** @public */
export interface SyncStatus {
  runs: RunRecord[];
  queue: QueueStats;
  parked: QueueItem[];
  blueprints: Record<string, number>;
}
