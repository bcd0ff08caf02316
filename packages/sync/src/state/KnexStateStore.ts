import { Knex } from 'knex';
import { randomUUID } from 'crypto';
import { PrefixedMigrationSource } from './migrationSource';
import {
  ClaimedItem,
  EnqueueItem,
  EntityKey,
  EntityRecord,
  QueueItem,
  QueueStats,
  RefState,
  RefSummary,
  RunRecord,
  StateStore,
} from './StateStore';

/** Row of `sync_refs`. */
interface RefRow {
  ref: string;
  uid: string | null;
  etag: string | null;
  updated_at: number | string;
}

/** Row of `sync_entities`. */
interface EntityRow {
  ref: string;
  blueprint: string;
  identifier: string;
  hash: string;
  updated_at: number | string;
}

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

/** Row of `sync_runs`. */
interface RunRow {
  id: string;
  type: string;
  status: string;
  started_at: number | string;
  finished_at: number | string | null;
  counts: string;
  errors: string;
  deletion: string | null;
  timings: string;
}

/** Rows per statement: well under SQLite's and PostgreSQL's bound-parameter limits. */
const CHUNK = 500;

/** @public */
export interface KnexStateStoreOptions {
  knex: Knex;
  /** Skip running the migrations (when the caller runs them itself). */
  skipMigrations?: boolean;
  /** Prepended to every table name, including the migrations' own tables. Default none. */
  tablePrefix?: string;
}

/**
 * The state store on a knex database: SQLite (better-sqlite3) for a single process,
 * PostgreSQL for any number. Queue claims are one UPDATE over a `FOR UPDATE SKIP LOCKED`
 * subquery on PostgreSQL (SQLite has a single writer), so two workers never hold the same
 * item; a claim lapses after its lease so a dead worker's items come back.
 *
 * @public
 */
export class KnexStateStore implements StateStore {
  private readonly refs: string;
  private readonly entities: string;
  private readonly queue: string;
  private readonly runs: string;
  private readonly isPostgres: boolean;

  static async create(options: KnexStateStoreOptions): Promise<KnexStateStore> {
    const prefix = options.tablePrefix ?? '';
    if (!options.skipMigrations) {
      await options.knex.migrate.latest({
        migrationSource: new PrefixedMigrationSource(prefix),
        tableName: `${prefix}sync_knex_migrations`,
      });
    }
    return new KnexStateStore(options.knex, prefix);
  }

  /** Reverts every migration; for tests and uninstalling. */
  static async rollback(options: KnexStateStoreOptions): Promise<void> {
    const prefix = options.tablePrefix ?? '';
    await options.knex.migrate.rollback(
      {
        migrationSource: new PrefixedMigrationSource(prefix),
        tableName: `${prefix}sync_knex_migrations`,
      },
      true,
    );
  }

  private constructor(
    private readonly db: Knex,
    /** The prefix of this store's table names. */
    readonly tablePrefix: string,
  ) {
    const prefix = tablePrefix;
    this.refs = `${prefix}sync_refs`;
    this.entities = `${prefix}sync_entities`;
    this.queue = `${prefix}sync_queue`;
    this.runs = `${prefix}sync_runs`;
    this.isPostgres = /^(pg|postgres)/.test(
      String(db.client.config.client ?? ''),
    );
  }

  async getRefStates(refs: string[]): Promise<Map<string, RefState>> {
    const result = new Map<string, RefState>();
    for (const part of chunks(unique(refs))) {
      const rows: RefRow[] = await this.db(this.refs).whereIn('ref', part);
      for (const row of rows) {
        result.set(row.ref, {
          ref: row.ref,
          uid: row.uid,
          etag: row.etag,
          entities: [],
        });
      }
      const entityRows: EntityRow[] = await this.db(this.entities)
        .whereIn('ref', part)
        .orderBy(['blueprint', 'identifier']);
      for (const row of entityRows) {
        result.get(row.ref)?.entities.push(toEntityRecord(row));
      }
    }
    return result;
  }

  async listRefs(): Promise<RefSummary[]> {
    const rows: RefRow[] = await this.db(this.refs)
      .select('ref', 'uid', 'etag')
      .orderBy('ref');
    return rows.map(row => ({ ref: row.ref, uid: row.uid, etag: row.etag }));
  }

  async listEntityRecords(): Promise<Array<EntityRecord & { ref: string }>> {
    const rows: EntityRow[] = await this.db(this.entities).orderBy([
      'ref',
      'blueprint',
      'identifier',
    ]);
    return rows.map(row => ({ ref: row.ref, ...toEntityRecord(row) }));
  }

  async findEntityRecords(
    keys: EntityKey[],
  ): Promise<Array<EntityRecord & { ref: string }>> {
    const wanted = new Set(
      keys.map(k => `${k.blueprint}\u0000${k.identifier}`),
    );
    const found: Array<EntityRecord & { ref: string }> = [];
    for (const part of chunks([...new Set(keys.map(k => k.identifier))])) {
      const rows: EntityRow[] = await this.db(this.entities).whereIn(
        'identifier',
        part,
      );
      for (const row of rows) {
        if (wanted.has(`${row.blueprint}\u0000${row.identifier}`)) {
          found.push({ ref: row.ref, ...toEntityRecord(row) });
        }
      }
    }
    return found;
  }

  async saveRefStates(states: RefState[]): Promise<void> {
    if (states.length === 0) return;
    const now = Date.now();
    const byRef = new Map(states.map(state => [state.ref, state]));
    await this.db.transaction(async trx => {
      for (const part of chunks([...byRef.values()])) {
        const refs = part.map(state => state.ref);
        await trx(this.entities).whereIn('ref', refs).delete();
        await trx(this.refs)
          .insert(
            part.map(state => ({
              ref: state.ref,
              uid: state.uid,
              etag: state.etag,
              updated_at: now,
            })),
          )
          .onConflict('ref')
          .merge(['uid', 'etag', 'updated_at']);
        const entityRows = part.flatMap(state =>
          uniqueKeys(state.entities).map(entity => ({
            ref: state.ref,
            blueprint: entity.blueprint,
            identifier: entity.identifier,
            hash: entity.hash,
            updated_at: now,
          })),
        );
        for (const rows of chunks(entityRows)) {
          await trx(this.entities).insert(rows);
        }
      }
    });
  }

  async deleteRefStates(refs: string[]): Promise<void> {
    await this.db.transaction(async trx => {
      for (const part of chunks(unique(refs))) {
        await trx(this.entities).whereIn('ref', part).delete();
        await trx(this.refs).whereIn('ref', part).delete();
      }
    });
  }

  async deleteEntityRecords(keys: EntityKey[]): Promise<void> {
    const byBlueprint = groupIdentifiers(keys);
    await this.db.transaction(async trx => {
      for (const [blueprint, identifiers] of byBlueprint) {
        for (const part of chunks(identifiers)) {
          await trx(this.entities)
            .where('blueprint', blueprint)
            .whereIn('identifier', part)
            .delete();
        }
      }
    });
  }

  async countByBlueprint(): Promise<Record<string, number>> {
    const rows = (await this.db(this.entities)
      .select('blueprint')
      .count({ count: '*' })
      .groupBy('blueprint')
      .orderBy('blueprint')) as Array<{
      blueprint: string;
      count: number | string;
    }>;
    return Object.fromEntries(rows.map(r => [r.blueprint, Number(r.count)]));
  }

  async enqueue(items: EnqueueItem[], now: number): Promise<void> {
    const byRef = new Map(items.map(item => [item.ref, item]));
    const q = this.queue;
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
        .insert(
          part.map(item => ({
            ref: item.ref,
            op: item.op,
            etag: item.etag ?? null,
            seq: 1,
            attempts: item.attempts ?? 0,
            next_attempt_at: item.nextAttemptAt ?? now,
            last_error: item.lastError ?? null,
            parked: false,
            enqueued_at: now,
            updated_at: now,
            claimed_by: null,
            claimed_until: null,
          })),
        )
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
    let candidates = due(this.db(this.queue).select('ref'))
      .orderBy([
        { column: 'next_attempt_at', order: 'asc' },
        { column: 'ref', order: 'asc' },
      ])
      .limit(options.limit);
    if (this.isPostgres) candidates = candidates.forUpdate().skipLocked();
    await due(this.db(this.queue))
      .whereIn('ref', candidates)
      .update({ claimed_by: token, claimed_until: now + options.leaseMs });
    const rows: QueueRow[] = await this.db(this.queue)
      .where('claimed_by', token)
      .orderBy([
        { column: 'next_attempt_at', order: 'asc' },
        { column: 'ref', order: 'asc' },
      ]);
    return rows.map(toQueueItem);
  }

  async complete(items: ClaimedItem[]): Promise<void> {
    await this.db.transaction(async trx => {
      for (const item of items) {
        const removed = await trx(this.queue)
          .where({ ref: item.ref, seq: item.seq, claimed_by: item.claimedBy })
          .delete();
        if (removed === 0) {
          await trx(this.queue)
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
  ): Promise<void> {
    await this.db.transaction(async trx => {
      const changed = await trx(this.queue)
        .where({ ref: item.ref, seq: item.seq, claimed_by: item.claimedBy })
        .update({
          attempts: update.attempts,
          next_attempt_at: update.nextAttemptAt,
          last_error: update.lastError,
          parked: update.parked,
          updated_at: Date.now(),
          claimed_by: null,
          claimed_until: null,
        });
      if (changed === 0) {
        // Enqueued again while we worked: keep the newer request's schedule.
        await trx(this.queue)
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
        await trx(this.queue)
          .where({ ref: item.ref, claimed_by: item.claimedBy })
          .update({ claimed_by: null, claimed_until: null });
      }
    });
  }

  async retryParked(refs: string[] | undefined, now: number): Promise<number> {
    const query = this.db(this.queue).where('parked', true);
    if (refs) query.whereIn('ref', refs);
    return await query.update({
      parked: false,
      attempts: 0,
      next_attempt_at: now,
      updated_at: now,
    });
  }

  async queueStats(now: number): Promise<QueueStats> {
    const count = async (
      filter: (query: Knex.QueryBuilder) => Knex.QueryBuilder,
    ) => {
      const [row] = await filter(this.db(this.queue)).count({ count: '*' });
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
    const query = this.db(this.queue)
      .orderBy([
        { column: 'next_attempt_at', order: 'asc' },
        { column: 'ref', order: 'asc' },
      ])
      .limit(options.limit);
    if (options.parked !== undefined) query.where('parked', options.parked);
    const rows: QueueRow[] = await query;
    return rows.map(toQueueItem);
  }

  async saveRun(run: RunRecord): Promise<void> {
    await this.db(this.runs)
      .insert({
        id: run.id,
        type: run.type,
        status: run.status,
        started_at: Date.parse(run.startedAt),
        finished_at: run.finishedAt ? Date.parse(run.finishedAt) : null,
        counts: JSON.stringify(run.counts),
        errors: JSON.stringify(run.errors),
        deletion: run.deletion ? JSON.stringify(run.deletion) : null,
        timings: JSON.stringify(run.timings),
      })
      .onConflict('id')
      .merge();
  }

  async listRuns(limit: number): Promise<RunRecord[]> {
    const rows: RunRow[] = await this.db(this.runs)
      .orderBy([
        { column: 'started_at', order: 'desc' },
        { column: 'id', order: 'desc' },
      ])
      .limit(limit);
    return rows.map(toRunRecord);
  }

  async pruneRuns(keep: number): Promise<void> {
    const newest = this.db(this.runs)
      .select('id')
      .orderBy([
        { column: 'started_at', order: 'desc' },
        { column: 'id', order: 'desc' },
      ])
      .limit(keep);
    // PostgreSQL and SQLite both reject LIMIT inside NOT IN directly in some versions; wrap it.
    await this.db(this.runs)
      .whereNotIn('id', this.db.select('id').from(newest.as('newest')))
      .delete();
  }
}

function toEntityRecord(row: EntityRow): EntityRecord {
  return {
    blueprint: row.blueprint,
    identifier: row.identifier,
    hash: row.hash,
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

function toRunRecord(row: RunRow): RunRecord {
  return {
    id: row.id,
    type: row.type as RunRecord['type'],
    status: row.status as RunRecord['status'],
    startedAt: new Date(Number(row.started_at)).toISOString(),
    finishedAt:
      row.finished_at === null
        ? null
        : new Date(Number(row.finished_at)).toISOString(),
    counts: JSON.parse(row.counts),
    errors: JSON.parse(row.errors),
    deletion: row.deletion ? JSON.parse(row.deletion) : null,
    timings: JSON.parse(row.timings),
  };
}

function chunks<T>(items: T[], size = CHUNK): T[][] {
  const result: T[][] = [];
  for (let i = 0; i < items.length; i += size)
    result.push(items.slice(i, i + size));
  return result;
}

function unique(values: string[]): string[] {
  return [...new Set(values)];
}

function uniqueKeys<T extends EntityKey>(entities: T[]): T[] {
  const byKey = new Map<string, T>();
  for (const entity of entities)
    byKey.set(`${entity.blueprint}\u0000${entity.identifier}`, entity);
  return [...byKey.values()];
}

function groupIdentifiers(keys: EntityKey[]): Map<string, string[]> {
  const byBlueprint = new Map<string, string[]>();
  for (const key of keys) {
    const list = byBlueprint.get(key.blueprint) ?? [];
    list.push(key.identifier);
    byBlueprint.set(key.blueprint, list);
  }
  return byBlueprint;
}
