/*
 * The record of what the engine did: one row per resync, queue drain or change scan that did
 * something, with its counts, failures and the deletion guard's verdict. Times are ISO-8601
 * strings here (people read them) and epoch milliseconds in the table.
 */

/** @public */
export type RunType = 'resync' | 'changes' | 'scan';

/**
 * `running` until the run ends. `completed`: nothing failed. `partial`: some writes or
 * deletes failed (each is in `errors`) while others went through. `failed`: the run stopped
 * on an error (catalog or Port unreachable), every write it tried failed, or its process died
 * (closed at the next start). `aborted`: the caller stopped it.
 * @public
 */
export type RunStatus =
  | 'running'
  | 'completed'
  | 'partial'
  | 'failed'
  | 'aborted';

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
  /** When a running run last said it is alive; a run silent for long was interrupted. */
  heartbeatAt?: string | null;
  counts: RunCounts;
  errors: RunFailure[];
  /** The deletion guard's verdict; `skipped` with a reason when it tripped. */
  deletion: DeletionReport | null;
  /** Milliseconds per phase. */
  timings: Record<string, number>;
}

/** The run history the status shows. @public */
export interface RunLog {
  /** Inserts or replaces a run. */
  saveRun(run: RunRecord): Promise<void>;
  /** Newest first. */
  listRuns(limit: number): Promise<RunRecord[]>;
  /** Keeps the newest `keep` runs. */
  pruneRuns(keep: number): Promise<void>;
  /**
   * Marks `failed`, finished at `now`, every `running` run whose last heartbeat (or start) is
   * before `silentSince`: its process died. Returns their ids.
   */
  closeInterrupted(silentSince: number, now: number): Promise<string[]>;
}
