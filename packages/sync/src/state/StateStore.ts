/*
 * What the engine remembers between runs, and the store interface behind it. Every field
 * below is a column of the knex store (snake_case there); the in-memory store keeps the same
 * shapes. Times the engine compares (queue) are epoch milliseconds; times people read (runs)
 * are ISO-8601 strings.
 */

/** A Port entity by its address. @public */
export interface EntityKey {
  blueprint: string;
  identifier: string;
}

/**
 * One Port entity a catalog ref produced and Port accepted.
 * Table `sync_entities`, primary key (ref, blueprint, identifier), index on (blueprint, identifier).
 * @public
 */
export interface EntityRecord extends EntityKey {
  /** `hashPayload` of the payload Port last accepted for it; equal hash = no write needed. */
  hash: string;
}

/**
 * What the engine last pushed for one catalog entity. Table `sync_refs` (ref is the key) plus
 * its rows in `sync_entities`.
 * @public
 */
export interface RefState {
  /** The catalog ref, `kind:namespace/name`, lower-cased as Backstage's `stringifyEntityRef` gives it. */
  ref: string;
  /** `metadata.uid` when last synced; a new uid means the entity was deleted and re-created. */
  uid: string | null;
  /**
   * `metadata.etag` of the version whose every Port entity was accepted; null while some write
   * for it is still failing, so the change scan keeps seeing it as changed.
   */
  etag: string | null;
  /** The Port entities it produced, as accepted. */
  entities: EntityRecord[];
}

/** The cheap part of a ref's state, as the change scan compares it. @public */
export interface RefSummary {
  ref: string;
  uid: string | null;
  etag: string | null;
}

/** @public */
export type QueueOp = 'upsert' | 'delete';

/**
 * One pending piece of work. Table `sync_queue`, one row per ref (deduplicated), index on
 * (parked, next_attempt_at).
 * @public
 */
export interface QueueItem {
  ref: string;
  /** What was asked last. The engine re-reads the catalog anyway: a ref that exists is upserted, one that is gone deleted. */
  op: QueueOp;
  /** Catalog etag that caused the request, when the caller knew it (the change scan does; hints do not). */
  etag: string | null;
  /** Bumped by every enqueue, so work that started before a newer request does not remove it. */
  seq: number;
  /** Failed attempts so far. */
  attempts: number;
  /** Epoch ms before which the item is not claimed (backoff). */
  nextAttemptAt: number;
  lastError: string | null;
  /** Set after too many failed attempts; parked items wait for a new change or `retryParked`. */
  parked: boolean;
  /** Epoch ms of the first enqueue of this row. */
  enqueuedAt: number;
  /** Epoch ms of the last change of this row. */
  updatedAt: number;
  /** Claim token of the worker processing it, or null. */
  claimedBy: string | null;
  /** Epoch ms when the claim lapses (a worker that died releases its items this way). */
  claimedUntil: number | null;
}

/** @public */
export interface EnqueueItem {
  ref: string;
  op: QueueOp;
  etag?: string | null;
  /** For work that already failed once elsewhere (a resync): start with this count and error. */
  attempts?: number;
  lastError?: string | null;
  /** Epoch ms; default: due now. */
  nextAttemptAt?: number;
}

/** A claimed item as the worker hands it back. @public */
export interface ClaimedItem {
  ref: string;
  seq: number;
  claimedBy: string;
}

/** @public */
export interface QueueStats {
  /** Every row, parked or not. */
  depth: number;
  /** Not parked and due now. */
  due: number;
  parked: number;
  /** Claimed by a live worker. */
  claimed: number;
}

/** @public */
export type RunType = 'resync' | 'changes' | 'scan';
/** @public */
export type RunStatus = 'running' | 'completed' | 'failed' | 'aborted';

/** @public */
export interface RunCounts {
  /** Port entities produced by the mapping. */
  mapped: number;
  /** Accepted upserts. */
  upserted: number;
  /** Produced entities whose payload Port already holds: no request. */
  unchanged: number;
  /** Port entities deleted. */
  deleted: number;
  /** Writes that failed (each is in `failures`). */
  failed: number;
  /** Entities the mapping dropped (empty identifier or blueprint). */
  skipped: number;
  /** Mapping expressions that failed or gave nothing. */
  fieldErrors: number;
}

/** @public */
export interface RunFailure {
  ref?: string;
  blueprint: string;
  identifier: string;
  /** HTTP status Port gave; 0 when no response came. */
  status?: number;
  /** Port's error code, or the client's kind. */
  error: string;
  message: string;
}

/** Outcome of the deletion guard. @public */
export interface DeletionReport {
  /** Owned but not produced (or, for the scan, refs that vanished). */
  stale: number;
  /** Entities (refs for the scan) this integration owns. */
  owned: number;
  threshold: number;
  /** True when nothing was deleted because `stale / owned` exceeded the threshold or the run was incomplete. */
  skipped: boolean;
  reason?: string;
  /** Where `owned` came from. */
  source?: 'datasource' | 'state';
}

/**
 * One recorded operation. Table `sync_runs` (id is the key), index on started_at; counts, errors,
 * deletion and timings are JSON text.
 * @public
 */
export interface RunRecord {
  id: string;
  type: RunType;
  status: RunStatus;
  startedAt: string;
  finishedAt: string | null;
  counts: RunCounts;
  errors: RunFailure[];
  deletion: DeletionReport | null;
  /** Milliseconds per phase. */
  timings: Record<string, number>;
}

/** @public */
export interface StateStore {
  /** States of the given refs that exist. */
  getRefStates(refs: string[]): Promise<Map<string, RefState>>;
  /** Every known ref with its uid and etag, for the change scan. */
  listRefs(): Promise<RefSummary[]>;
  /** Every recorded Port entity with the ref that produced it. */
  listEntityRecords(): Promise<Array<EntityRecord & { ref: string }>>;
  /** The records of these Port entities, whichever ref produced them. */
  findEntityRecords(
    keys: EntityKey[],
  ): Promise<Array<EntityRecord & { ref: string }>>;
  /** Replaces each ref's row and entity rows. */
  saveRefStates(states: RefState[]): Promise<void>;
  /** Forgets refs and their entities. */
  deleteRefStates(refs: string[]): Promise<void>;
  /** Forgets single entities (deleted in Port), whichever ref produced them. */
  deleteEntityRecords(keys: EntityKey[]): Promise<void>;
  /** Recorded Port entities per blueprint. */
  countByBlueprint(): Promise<Record<string, number>>;

  /**
   * Adds work, one row per ref. Enqueueing a ref already queued bumps its `seq` and keeps its
   * backoff, unless the op changed or a different etag came with it: that is a new change, so
   * attempts restart and a parked item is released.
   */
  enqueue(items: EnqueueItem[], now: number): Promise<void>;
  /**
   * Claims up to `limit` due, unparked, unclaimed items for `leaseMs`. Safe across processes:
   * an item is claimed by one worker at a time.
   */
  claim(options: {
    limit: number;
    now: number;
    leaseMs: number;
  }): Promise<QueueItem[]>;
  /** Removes done items, unless enqueued again since they were claimed (then only the claim is released). */
  complete(items: ClaimedItem[]): Promise<void>;
  /** Records a failed attempt and releases the claim. */
  fail(
    item: ClaimedItem,
    update: {
      attempts: number;
      nextAttemptAt: number;
      lastError: string;
      parked: boolean;
    },
  ): Promise<void>;
  /** Releases claims without counting an attempt (an aborted worker). */
  release(items: ClaimedItem[]): Promise<void>;
  /** Makes parked items due again with a fresh attempt count; all of them when `refs` is absent. Returns how many. */
  retryParked(refs: string[] | undefined, now: number): Promise<number>;
  queueStats(now: number): Promise<QueueStats>;
  listQueue(options: { parked?: boolean; limit: number }): Promise<QueueItem[]>;

  /** Inserts or replaces a run. */
  saveRun(run: RunRecord): Promise<void>;
  /** Newest first. */
  listRuns(limit: number): Promise<RunRecord[]>;
  /** Keeps the newest `keep` runs. */
  pruneRuns(keep: number): Promise<void>;
}
