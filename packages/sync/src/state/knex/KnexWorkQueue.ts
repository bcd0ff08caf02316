import { randomUUID } from 'crypto';
import { Knex } from 'knex';
import type {
  ClaimedItem,
  EnqueueItem,
  QueueItem,
  QueueStats,
  WorkQueue,
} from '../WorkQueue';
import { newQueueItem } from '../WorkQueue';
import { Tables, chunks, isPostgres } from './tables';

/** Row of `sync_queue`. */
interface QueueRow {
  ref: string;
  op: string;
  etag: string | null;
  seq: number;
  attempts: number;
  next_attempt_at: number | string;
  last_error: string | null;
  parked: boolean | number;
  enqueued_at: number | string;
  updated_at: number | string;
  claimed_by: string | null;
  claimed_until: number | string | null;
}

const QUEUE_ORDER = [
  { column: 'next_attempt_at', order: 'asc' as const },
  { column: 'ref', order: 'asc' as const },
];

/**
 * The work queue in `sync_queue` (see WorkQueue.ts for the design: leases, `FOR UPDATE SKIP
 * LOCKED`, seq, retries and parking).
 * @public
 */
export class KnexWorkQueue implements WorkQueue {
  private readonly table: string;
  private readonly lockRows: boolean;

  constructor(private readonly db: Knex, tables: Tables) {
    this.table = tables.queue;
    this.lockRows = isPostgres(db);
  }

  async enqueue(items: EnqueueItem[], now: number): Promise<void> {
    const byRef = new Map(items.map(item => [item.ref, item]));
    const q = this.table;
    // A new change (another op, or an etag we have not seen) restarts the item's attempts.
    const isNewChange =
      '(??.op <> excluded.op OR (excluded.etag IS NOT NULL AND ??.etag IS DISTINCT FROM excluded.etag))';
    const whenNew = (column: string) =>
      this.db.raw(`CASE WHEN ${isNewChange} THEN excluded.?? ELSE ??.?? END`, [
        q,
        q,
        column,
        q,
        column,
      ]);
    for (const part of chunks([...byRef.values()])) {
      await this.db(q)
        .insert(part.map(item => toQueueRow(newQueueItem(item, now))))
        .onConflict('ref')
        .merge({
          attempts: whenNew('attempts'),
          next_attempt_at: whenNew('next_attempt_at'),
          parked: whenNew('parked'),
          op: this.db.raw('excluded.op'),
          etag: this.db.raw('COALESCE(excluded.etag, ??.etag)', [q]),
          seq: this.db.raw('??.seq + 1', [q]),
          last_error: this.db.raw(
            'COALESCE(excluded.last_error, ??.last_error)',
            [q],
          ),
          updated_at: this.db.raw('excluded.updated_at'),
        } as Record<string, Knex.Raw>);
    }
  }

  async claim(options: {
    limit: number;
    now: number;
    leaseMs: number;
  }): Promise<QueueItem[]> {
    const token = randomUUID();
    const { now } = options;
    const due = (query: Knex.QueryBuilder) =>
      query
        .where('parked', false)
        .where('next_attempt_at', '<=', now)
        .where(free =>
          free.whereNull('claimed_until').orWhere('claimed_until', '<', now),
        );
    let candidates = due(this.db(this.table).select('ref'))
      .orderBy(QUEUE_ORDER)
      .limit(options.limit);
    if (this.lockRows) candidates = candidates.forUpdate().skipLocked();
    // `due` again on the outer UPDATE: a row claimed between the subquery and the update stays with its owner.
    await due(this.db(this.table))
      .whereIn('ref', candidates)
      .update({ claimed_by: token, claimed_until: now + options.leaseMs });
    const rows: QueueRow[] = await this.db(this.table)
      .where('claimed_by', token)
      .orderBy(QUEUE_ORDER);
    return rows.map(toQueueItem);
  }

  async extend(items: ClaimedItem[], until: number): Promise<void> {
    const byToken = new Map<string, string[]>();
    for (const item of items) {
      byToken.set(item.claimedBy, [
        ...(byToken.get(item.claimedBy) ?? []),
        item.ref,
      ]);
    }
    for (const [token, refs] of byToken) {
      for (const part of chunks(refs)) {
        await this.db(this.table)
          .where('claimed_by', token)
          .whereIn('ref', part)
          .update({ claimed_until: until });
      }
    }
  }

  async complete(items: ClaimedItem[]): Promise<void> {
    await this.db.transaction(async trx => {
      for (const item of items) {
        const removed = await trx(this.table)
          .where({ ref: item.ref, seq: item.seq, claimed_by: item.claimedBy })
          .delete();
        if (removed === 0) {
          await trx(this.table)
            .where({ ref: item.ref, claimed_by: item.claimedBy })
            .update({ claimed_by: null, claimed_until: null });
        }
      }
    });
  }

  async fail(
    item: ClaimedItem,
    update: {
      attempts: number;
      nextAttemptAt: number;
      lastError: string;
      parked: boolean;
    },
    now: number,
  ): Promise<void> {
    await this.db.transaction(async trx => {
      const changed = await trx(this.table)
        .where({ ref: item.ref, seq: item.seq, claimed_by: item.claimedBy })
        .update({
          attempts: update.attempts,
          next_attempt_at: update.nextAttemptAt,
          last_error: update.lastError,
          parked: update.parked,
          updated_at: now,
          claimed_by: null,
          claimed_until: null,
        });
      if (changed === 0) {
        // Enqueued again while we worked: keep the newer request's schedule.
        await trx(this.table)
          .where({ ref: item.ref, claimed_by: item.claimedBy })
          .update({
            last_error: update.lastError,
            claimed_by: null,
            claimed_until: null,
          });
      }
    });
  }

  async release(items: ClaimedItem[]): Promise<void> {
    await this.db.transaction(async trx => {
      for (const item of items) {
        await trx(this.table)
          .where({ ref: item.ref, claimed_by: item.claimedBy })
          .update({ claimed_by: null, claimed_until: null });
      }
    });
  }

  async retryParked(refs: string[] | undefined, now: number): Promise<number> {
    const query = this.db(this.table).where('parked', true);
    if (refs) query.whereIn('ref', refs);
    return await query.update({
      parked: false,
      attempts: 0,
      next_attempt_at: now,
      updated_at: now,
    });
  }

  async getItem(ref: string): Promise<QueueItem | undefined> {
    const row: QueueRow | undefined = await this.db(this.table)
      .where('ref', ref)
      .first();
    return row && toQueueItem(row);
  }

  async queueStats(now: number): Promise<QueueStats> {
    const count = async (
      filter: (query: Knex.QueryBuilder) => Knex.QueryBuilder,
    ) => {
      const [row] = await filter(this.db(this.table)).count({ count: '*' });
      return Number(row.count);
    };
    return {
      depth: await count(query => query),
      due: await count(query =>
        query
          .where('parked', false)
          .where('next_attempt_at', '<=', now)
          .where(free =>
            free.whereNull('claimed_until').orWhere('claimed_until', '<', now),
          ),
      ),
      parked: await count(query => query.where('parked', true)),
      claimed: await count(query => query.where('claimed_until', '>=', now)),
    };
  }

  async listQueue(options: {
    parked?: boolean;
    limit: number;
  }): Promise<QueueItem[]> {
    const query = this.db(this.table).orderBy(QUEUE_ORDER).limit(options.limit);
    if (options.parked !== undefined) query.where('parked', options.parked);
    const rows: QueueRow[] = await query;
    return rows.map(toQueueItem);
  }
}

function toQueueRow(item: QueueItem): QueueRow {
  return {
    ref: item.ref,
    op: item.op,
    etag: item.etag,
    seq: item.seq,
    attempts: item.attempts,
    next_attempt_at: item.nextAttemptAt,
    last_error: item.lastError,
    parked: item.parked,
    enqueued_at: item.enqueuedAt,
    updated_at: item.updatedAt,
    claimed_by: item.claimedBy,
    claimed_until: item.claimedUntil,
  };
}

function toQueueItem(row: QueueRow): QueueItem {
  return {
    ref: row.ref,
    op: row.op === 'delete' ? 'delete' : 'upsert',
    etag: row.etag,
    seq: Number(row.seq),
    attempts: Number(row.attempts),
    nextAttemptAt: Number(row.next_attempt_at),
    lastError: row.last_error,
    parked: Boolean(row.parked),
    enqueuedAt: Number(row.enqueued_at),
    updatedAt: Number(row.updated_at),
    claimedBy: row.claimed_by,
    claimedUntil: row.claimed_until === null ? null : Number(row.claimed_until),
  };
}
