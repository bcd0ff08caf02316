import { Knex } from 'knex';

/** Table of the leases; the resync request store reads it too (a `running` request counts while its lease lives). */
export const TASK_LEASES_TABLE = 'port_task_leases';

/** Names of the leases, stable across releases: they key the rows. */
export const LEASES = {
  changeScan: 'change-scan',
  resync: 'resync',
  resyncRequests: 'resync-requests',
} as const;

/**
 * Leases in the plugin's database for the work one replica at a time does: the change scan, the
 * resync, the poll of Port's resync requests.
 *
 * Why not the scheduler's `global` tasks: their lock outlives a `kill -9`ed holder by the task's
 * timeout (5 minutes for the scan, 30 for a resync), and a restarted backend then neither scanned
 * nor resynced until it lapsed. A lease is short and its holder extends it while it works (see
 * ExclusiveTasks), so a dead holder's lease lapses within seconds.
 *
 * One row per task name. Taking a lease is one conditional UPDATE: on PostgreSQL a concurrent
 * taker waits for the row lock, then re-checks the condition against the new row and updates
 * nothing; SQLite has a single writer. `last_started_at` lets replicas that each run a task on the
 * same cadence share it: with `minIntervalMs`, a lease is not taken again that soon after the last
 * run started, on any replica.
 */
export class TaskLeases {
  constructor(private readonly db: Knex) {}

  /** True when `holder` now holds the lease `name` until `now + ttlMs`. */
  async acquire(
    name: string,
    holder: string,
    options: { now: number; ttlMs: number; minIntervalMs?: number },
  ): Promise<boolean> {
    const { now, ttlMs, minIntervalMs = 0 } = options;
    await this.db(TASK_LEASES_TABLE)
      .insert({ name, holder: null, expires_at: 0, last_started_at: 0 })
      .onConflict('name')
      .ignore();
    let free = this.db(TASK_LEASES_TABLE)
      .where('name', name)
      .where('expires_at', '<=', now);
    if (minIntervalMs > 0) {
      free = free.where('last_started_at', '<=', now - minIntervalMs);
    }
    const taken = await free.update({
      holder,
      expires_at: now + ttlMs,
      last_started_at: now,
    });
    return taken === 1;
  }

  /** Moves the expiry on; false when `holder` no longer holds the lease (another took it after it lapsed). */
  async extend(
    name: string,
    holder: string,
    options: { now: number; ttlMs: number },
  ): Promise<boolean> {
    const extended = await this.db(TASK_LEASES_TABLE)
      .where({ name, holder })
      .update({ expires_at: options.now + options.ttlMs });
    return extended === 1;
  }

  async release(name: string, holder: string): Promise<void> {
    await this.db(TASK_LEASES_TABLE)
      .where({ name, holder })
      .update({ holder: null, expires_at: 0 });
  }
}
