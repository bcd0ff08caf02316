/*
 * The durable work queue: one row per catalog ref that needs pushing to Port.
 *
 * Why a table and not memory: hints and scans arrive on any replica, the work is done by
 * whichever replica drains next, and nothing queued may be lost to a restart.
 *
 * Deduplication and `seq`. A ref has at most one row. Enqueueing a queued ref bumps its `seq`
 * and keeps its backoff (the same change asked again), unless the op changed or a different
 * etag came with it: that is a new change, so attempts restart and a parked row is released.
 * A worker removes a row only if `seq` is what it claimed; a change that arrived while it
 * worked keeps the row (only the claim is released), so the newer version is pushed too.
 *
 * Claims are leases. `claim` marks up to `limit` due rows with a fresh token (`claimed_by`)
 * and `claimed_until = now + leaseMs`; rows whose lease lapsed are due again. On PostgreSQL
 * the claim is one `UPDATE … WHERE ref IN (SELECT … FOR UPDATE SKIP LOCKED)`: concurrent
 * claimers skip the rows another transaction is marking instead of waiting for it, so any
 * number of processes drain one queue and no row is handed to two of them at once. SQLite has
 * a single writer, so the same statement without the lock clause is already exclusive. Every
 * later write of a claimed row (`complete`, `fail`, `release`, `extend`) is conditional on
 * the token, so a worker whose lease lapsed and was re-claimed cannot undo the new owner's work.
 *
 * Leases are short (15 s by default) and the worker holding them extends them while it works
 * (`extend`, every third of the lease). A process killed with `kill -9` stops extending, so its
 * rows are due again within one lease: a restarted process, or another replica, picks them up
 * in seconds instead of waiting out a long lease.
 *
 * Retries and parking. A failed attempt records `attempts`, `last_error` and `next_attempt_at`
 * (the caller's backoff) and releases the claim. After too many attempts, or after one retry
 * of a rejection Port will repeat (a 4xx about the payload), the row is parked: never claimed
 * again until a new change of the ref or `retryParked`. Parked rows are what the status shows.
 */

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

/** The item a ref's first enqueue creates: due when the caller says (default now), unclaimed. @public */
export function newQueueItem(item: EnqueueItem, now: number): QueueItem {
  return {
    ref: item.ref,
    op: item.op,
    etag: item.etag ?? null,
    seq: 1,
    attempts: item.attempts ?? 0,
    nextAttemptAt: item.nextAttemptAt ?? now,
    lastError: item.lastError ?? null,
    parked: false,
    enqueuedAt: now,
    updatedAt: now,
    claimedBy: null,
    claimedUntil: null,
  };
}

/** A claimed item as the worker hands it back. @public */
export interface ClaimedItem {
  ref: string;
  seq: number;
  claimedBy: string;
}

/** A claimed item that failed, with what its row records. @public */
export interface FailedAttempt extends ClaimedItem {
  attempts: number;
  /** Epoch ms of the next attempt (the caller's backoff). */
  nextAttemptAt: number;
  lastError: string;
  parked: boolean;
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

/** The durable queue of refs to push (see the design notes at the top of this file). @public */
export interface WorkQueue {
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
  /** Moves the lease of items this worker still holds to `until` (the worker's heartbeat). */
  extend(items: ClaimedItem[], until: number): Promise<void>;
  /** Removes done items, unless enqueued again since they were claimed (then only the claim is released). */
  complete(items: ClaimedItem[]): Promise<void>;
  /**
   * Records failed attempts and releases their claims. An item enqueued again since it was
   * claimed keeps the newer request's schedule and gets only the error.
   */
  fail(failures: FailedAttempt[], now: number): Promise<void>;
  /** Releases claims without counting an attempt (an aborted worker). */
  release(items: ClaimedItem[]): Promise<void>;
  /** Makes parked items due again with a fresh attempt count; all of them when `refs` is absent. Returns how many. */
  retryParked(refs: string[] | undefined, now: number): Promise<number>;
  /** The ref's item, parked or not; undefined when nothing is queued for it. */
  getItem(ref: string): Promise<QueueItem | undefined>;
  queueStats(now: number): Promise<QueueStats>;
  listQueue(options: { parked?: boolean; limit: number }): Promise<QueueItem[]>;
}
