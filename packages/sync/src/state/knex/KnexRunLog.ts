import { Knex } from 'knex';
import type { RunLog, RunRecord } from '../RunLog';
import { Tables } from './tables';

/** Row of `sync_runs`. */
interface RunRow {
  id: string;
  type: string;
  status: string;
  started_at: number | string;
  finished_at: number | string | null;
  heartbeat_at: number | string | null;
  counts: string;
  errors: string;
  deletion: string | null;
  timings: string;
}

const NEWEST_FIRST = [
  { column: 'started_at', order: 'desc' as const },
  { column: 'id', order: 'desc' as const },
];

/** The run log in `sync_runs`. @public */
export class KnexRunLog implements RunLog {
  private readonly table: string;

  constructor(private readonly db: Knex, tables: Tables) {
    this.table = tables.runs;
  }

  async saveRun(run: RunRecord): Promise<void> {
    await this.db(this.table)
      .insert({
        id: run.id,
        type: run.type,
        status: run.status,
        started_at: Date.parse(run.startedAt),
        finished_at: run.finishedAt ? Date.parse(run.finishedAt) : null,
        heartbeat_at: run.heartbeatAt ? Date.parse(run.heartbeatAt) : null,
        counts: JSON.stringify(run.counts),
        errors: JSON.stringify(run.errors),
        deletion: run.deletion ? JSON.stringify(run.deletion) : null,
        timings: JSON.stringify(run.timings),
      })
      .onConflict('id')
      .merge();
  }

  async listRuns(limit: number): Promise<RunRecord[]> {
    const rows: RunRow[] = await this.db(this.table)
      .orderBy(NEWEST_FIRST)
      .limit(limit);
    return rows.map(toRunRecord);
  }

  async pruneRuns(keep: number): Promise<void> {
    const newest = this.db(this.table)
      .select('id')
      .orderBy(NEWEST_FIRST)
      .limit(keep);
    // PostgreSQL and SQLite both reject LIMIT inside NOT IN directly in some versions; wrap it.
    await this.db(this.table)
      .whereNotIn('id', this.db.select('id').from(newest.as('newest')))
      .delete();
  }

  async closeInterrupted(silentSince: number, now: number): Promise<string[]> {
    const silent = (query: Knex.QueryBuilder) =>
      query
        .where('status', 'running')
        .where(q =>
          q
            .where('heartbeat_at', '<', silentSince)
            .orWhere(never =>
              never
                .whereNull('heartbeat_at')
                .where('started_at', '<', silentSince),
            ),
        );
    const rows: Array<{ id: string }> = await silent(
      this.db(this.table).select('id'),
    );
    if (rows.length === 0) return [];
    const ids = rows.map(row => row.id);
    await silent(this.db(this.table))
      .whereIn('id', ids)
      .update({ status: 'failed', finished_at: now });
    return ids;
  }
}

function toRunRecord(row: RunRow): RunRecord {
  const iso = (value: number | string | null) =>
    value === null ? null : new Date(Number(value)).toISOString();
  return {
    id: row.id,
    type: row.type as RunRecord['type'],
    status: row.status as RunRecord['status'],
    startedAt: iso(row.started_at)!,
    finishedAt: iso(row.finished_at),
    ...(row.heartbeat_at === null
      ? {}
      : { heartbeatAt: iso(row.heartbeat_at) }),
    counts: JSON.parse(row.counts),
    errors: JSON.parse(row.errors),
    deletion: row.deletion ? JSON.parse(row.deletion) : null,
    timings: JSON.parse(row.timings),
  };
}
