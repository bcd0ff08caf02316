import { resolvePackagePath } from '@backstage/backend-plugin-api';
import { ConflictError } from '@backstage/errors';
import { randomUUID } from 'crypto';
import { Knex } from 'knex';
import { PortResyncRequest } from '@portsync/plugin-port-common';
import { LEASES, TASK_LEASES_TABLE } from './TaskLeases';

const TABLE = 'port_resync_requests';

/** @public */
export type ResyncRequestSource = PortResyncRequest['source'];
/** @public */
export type ResyncRequestStatus = PortResyncRequest['status'];
/** A full resync asked for; the store's row as `/status` lists it. @public */
export type ResyncRequest = PortResyncRequest;

interface Row {
  id: string;
  source: ResyncRequestSource;
  port_request_id: string | null;
  force: boolean | number;
  kinds: string | null;
  requested_by: string | null;
  status: ResyncRequestStatus;
  requested_at: number | string;
  started_at: number | string | null;
  finished_at: number | string | null;
}

function toRequest(row: Row): ResyncRequest {
  const time = (v: number | string | null) => (v === null ? null : Number(v));
  return {
    id: row.id,
    source: row.source,
    portRequestId: row.port_request_id,
    force: Boolean(row.force),
    kinds: row.kinds ? JSON.parse(row.kinds) : null,
    requestedBy: row.requested_by,
    status: row.status,
    requestedAt: Number(row.requested_at),
    startedAt: time(row.started_at),
    finishedAt: time(row.finished_at),
  };
}

function isUniqueViolation(error: unknown): boolean {
  const message = String((error as Error)?.message ?? error);
  return /unique|duplicate key/i.test(message);
}

/**
 * The resync requests table in the plugin's database. Every replica writes
 * requests; only the holder of the resync's lease starts and finishes
 * them.
 */
export class ResyncRequestStore {
  static async create(options: {
    knex: Knex;
    skipMigrations?: boolean;
  }): Promise<ResyncRequestStore> {
    if (!options.skipMigrations) {
      await options.knex.migrate.latest({
        directory: resolvePackagePath(
          '@portsync/plugin-port-backend',
          'migrations',
        ),
        tableName: 'port_knex_migrations',
        loadExtensions: ['.js'],
      });
    }
    return new ResyncRequestStore(options.knex);
  }

  private constructor(private readonly db: Knex) {}

  /**
   * Files a request from the admin API; `ConflictError` while another one is
   * pending or running. A `running` request counts only while the resync's
   * lease lives (see TaskLeases): one whose replica died does not hold up the
   * next for longer than the lease's few seconds.
   */
  async add(
    request: {
      source: ResyncRequestSource;
      force?: boolean;
      kinds?: string[];
      requestedBy?: string;
      portRequestId?: string;
    },
    options: { now: number },
  ): Promise<ResyncRequest> {
    const row: Row = {
      id: randomUUID(),
      source: request.source,
      port_request_id: request.portRequestId ?? null,
      force: request.force ?? false,
      kinds: request.kinds ? JSON.stringify(request.kinds) : null,
      requested_by: request.requestedBy ?? null,
      status: 'pending',
      requested_at: options.now,
      started_at: null,
      finished_at: null,
    };
    await this.db.transaction(async tx => {
      const busy = await tx<Row>(TABLE)
        .where('status', 'pending')
        .orWhere(q =>
          q
            .where('status', 'running')
            .whereExists(lease =>
              lease
                .select('name')
                .from(TASK_LEASES_TABLE)
                .where('name', LEASES.resync)
                .where('expires_at', '>', options.now),
            ),
        )
        .first();
      if (busy) {
        throw new ConflictError(
          `A resync is already ${busy.status} (run ${busy.id})`,
        );
      }
      await tx(TABLE).insert(row);
    });
    return toRequest(row);
  }

  /**
   * Files a request for a Port resync request id, once: returns undefined when
   * that id was seen before (by this or another replica).
   */
  async addFromPort(
    portRequestId: string,
    now: number,
  ): Promise<ResyncRequest | undefined> {
    const row: Row = {
      id: randomUUID(),
      source: 'port',
      port_request_id: portRequestId,
      force: false,
      kinds: null,
      requested_by: 'port',
      status: 'pending',
      requested_at: now,
      started_at: null,
      finished_at: null,
    };
    try {
      await this.db(TABLE).insert(row);
    } catch (error) {
      if (isUniqueViolation(error)) return undefined;
      throw error;
    }
    return toRequest(row);
  }

  /**
   * Starts the oldest pending request, or a new scheduled one when none is
   * pending and `createIfNone` (unless a scheduled one was filed since
   * `scheduledSince`: every replica runs the schedule, one of them files it).
   * Only the holder of the resync's lease calls it, so there is no race
   * between two starters; any request still `running` at that point was left
   * by a replica that died, and is marked aborted.
   */
  async start(
    now: number,
    options: { createIfNone: boolean; scheduledSince?: number },
  ): Promise<ResyncRequest | undefined> {
    await this.db(TABLE)
      .where('status', 'running')
      .update({ status: 'aborted', finished_at: now });
    const pending = await this.db<Row>(TABLE)
      .where('status', 'pending')
      .orderBy('requested_at', 'asc')
      .first();
    if (pending) {
      await this.db(TABLE)
        .where('id', pending.id)
        .update({ status: 'running', started_at: now });
      return toRequest({ ...pending, status: 'running', started_at: now });
    }
    if (!options.createIfNone) return undefined;
    if (options.scheduledSince !== undefined) {
      const recent = await this.db<Row>(TABLE)
        .where('source', 'schedule')
        .where('requested_at', '>=', options.scheduledSince)
        .first('id');
      if (recent) return undefined;
    }
    const row: Row = {
      id: randomUUID(),
      source: 'schedule',
      port_request_id: null,
      force: false,
      kinds: null,
      requested_by: null,
      status: 'running',
      requested_at: now,
      started_at: now,
      finished_at: null,
    };
    await this.db(TABLE).insert(row);
    return toRequest(row);
  }

  /** True when a request waits to be started (one filed before a crash, say). */
  async hasPending(): Promise<boolean> {
    const row = await this.db<Row>(TABLE)
      .where('status', 'pending')
      .first('id');
    return row !== undefined;
  }

  async finish(
    id: string,
    status: Exclude<ResyncRequestStatus, 'pending' | 'running'>,
    now: number,
  ): Promise<void> {
    await this.db(TABLE).where('id', id).update({ status, finished_at: now });
  }

  /** Newest first. */
  async list(limit: number): Promise<ResyncRequest[]> {
    const rows = await this.db<Row>(TABLE)
      .orderBy('requested_at', 'desc')
      .limit(limit);
    return rows.map(toRequest);
  }
}
