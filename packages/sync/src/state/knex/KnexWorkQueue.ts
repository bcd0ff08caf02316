import { randomUUID } from 'crypto';
import { Knex } from 'knex';
import type {
  ClaimedItem,
  EnqueueItem,
  FailedAttempt,
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
 * Failures per statement: each is bound about 20 times (a `CASE` branch per column), which keeps
 * a statement well under SQLite's 32,766 and PostgreSQL's 65,535 parameters.
 */
const FAIL_CHUNK = 200;

/** Claimed items grouped by holder (`claimed_by`), in chunks: one statement each. */
function claimsByToken<T extends ClaimedItem>(
  items: T[],
  size?: number,
): Array<[string, T[]]> {
  const byToken = new Map<string, T[]>();
  for (const item of items) {
    const group = byToken.get(item.claimedBy);
    if (group) group.push(item);
    else byToken.set(item.claimedBy, [item]);
  }
  return [...byToken].flatMap(([token, group]) =>
    chunks(group, size).map(part => [token, part] as [string, T[]]),
  );
}

/**
 * The work queue in `sync_queue` (see WorkQueue.ts for the design: leases, FOR UPDATE SKIP
 * LOCKED, seq, retries and parking).
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
    for (const [token, part] of claimsByToken(items)) {
      await this.held(this.db, token, part).update({ claimed_until: until });
    }
  }

  /**
   * Two statements per holder and chunk, whatever the batch size: the rows whose `seq` is still
   * the claimed one go, then the claims of those enqueued again meanwhile are released.
   */
  async complete(items: ClaimedItem[]): Promise<void> {
    await this.db.transaction(async trx => {
      for (const [token, part] of claimsByToken(items)) {
        await this.held(trx, token, part)
          .where(
            'seq',
            this.byRef(
              part.map(item => [item.ref, item.seq]),
              'integer',
            ),
          )
          .delete();
        await this.held(trx, token, part).update({
          claimed_by: null,
          claimed_until: null,
        });
      }
    });
  }

  /**
   * One statement per holder and chunk: each row gets its own values through `CASE ref`, and a
   * row enqueued again meanwhile (another `seq`) keeps its schedule and gets only the error.
   */
  async fail(failures: FailedAttempt[], now: number): Promise<void> {
    for (const [token, part] of claimsByToken(failures, FAIL_CHUNK)) {
      const seqMatches = this.byRef(
        part.map(f => [f.ref, f.seq]),
        'integer',
      );
      const ifCurrent = (column: string, value: Knex.Raw | number) =>
        this.db.raw('CASE WHEN ?? = ? THEN ? ELSE ?? END', [
          'seq',
          seqMatches,
          value,
          column,
        ]);
      await this.held(this.db, token, part).update({
        attempts: ifCurrent(
          'attempts',
          this.byRef(
            part.map(f => [f.ref, f.attempts]),
            'integer',
          ),
        ),
        next_attempt_at: ifCurrent(
          'next_attempt_at',
          this.byRef(
            part.map(f => [f.ref, f.nextAttemptAt]),
            'bigint',
          ),
        ),
        parked: ifCurrent(
          'parked',
          this.byRef(
            part.map(f => [f.ref, f.parked]),
            'boolean',
          ),
        ),
        updated_at: ifCurrent('updated_at', now),
        last_error: this.byRef(
          part.map(f => [f.ref, f.lastError]),
          'text',
        ),
        claimed_by: null,
        claimed_until: null,
      } as Record<string, unknown>);
    }
  }

  async release(items: ClaimedItem[]): Promise<void> {
    for (const [token, part] of claimsByToken(items)) {
      await this.held(this.db, token, part).update({
        claimed_by: null,
        claimed_until: null,
      });
    }
  }

  /** The rows of `part` that `token` still holds. */
  private held(db: Knex, token: string, part: ClaimedItem[]) {
    return db(this.table)
      .where('claimed_by', token)
      .whereIn(
        'ref',
        part.map(item => item.ref),
      );
  }

  /**
   * `CASE ref WHEN ? THEN ? ... END`: a different value per row in one statement. The casts give
   * PostgreSQL the types its parameters lack.
   */
  private byRef(
    values: Array<[string, Knex.Value]>,
    type: 'integer' | 'bigint' | 'boolean' | 'text',
  ): Knex.Raw {
    const whens = values.map(() => `WHEN ? THEN CAST(? AS ${type})`);
    return this.db.raw(`CASE ?? ${whens.join(' ')} END`, [
      'ref',
      ...values.flat(),
    ]);
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
