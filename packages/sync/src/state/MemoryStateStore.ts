import { randomUUID } from 'crypto';
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

/** What {@link MemoryStateStore.toJSON} writes; `version` guards against reading another layout. @public */
export interface MemoryStateSnapshot {
  version: 1;
  refs: RefState[];
  queue: QueueItem[];
  runs: RunRecord[];
}

/**
 * The state in memory, for one process: the CLI (which saves it to a file with `--state`)
 * and tests. Same semantics as the knex store.
 *
 * @public
 */
export class MemoryStateStore implements StateStore {
  private readonly refs = new Map<string, RefState>();
  private readonly queue = new Map<string, QueueItem>();
  private runs: RunRecord[] = [];

  static fromJSON(snapshot: MemoryStateSnapshot | string): MemoryStateStore {
    const data: MemoryStateSnapshot =
      typeof snapshot === 'string' ? JSON.parse(snapshot) : snapshot;
    if (data?.version !== 1) {
      throw new Error(
        `MemoryStateStore: unsupported state snapshot version ${String(
          data?.version,
        )}`,
      );
    }
    const store = new MemoryStateStore();
    for (const ref of data.refs) store.refs.set(ref.ref, copyRef(ref));
    for (const item of data.queue) {
      // A snapshot is read by a new process: claims of the one that wrote it are void.
      store.queue.set(item.ref, {
        ...item,
        claimedBy: null,
        claimedUntil: null,
      });
    }
    store.runs = data.runs.map(run => structuredClone(run));
    return store;
  }

  toJSON(): MemoryStateSnapshot {
    return {
      version: 1,
      refs: [...this.refs.values()].map(copyRef),
      queue: [...this.queue.values()].map(item => ({ ...item })),
      runs: this.runs.map(run => structuredClone(run)),
    };
  }

  async getRefStates(refs: string[]): Promise<Map<string, RefState>> {
    const result = new Map<string, RefState>();
    for (const ref of refs) {
      const state = this.refs.get(ref);
      if (state) result.set(ref, copyRef(state));
    }
    return result;
  }

  async listRefs(): Promise<RefSummary[]> {
    return [...this.refs.values()]
      .map(({ ref, uid, etag }) => ({ ref, uid, etag }))
      .sort((a, b) => compare(a.ref, b.ref));
  }

  async listEntityRecords(): Promise<Array<EntityRecord & { ref: string }>> {
    return [...this.refs.values()]
      .sort((a, b) => compare(a.ref, b.ref))
      .flatMap(state =>
        sortKeys(state.entities).map(entity => ({ ref: state.ref, ...entity })),
      );
  }

  async findEntityRecords(
    keys: EntityKey[],
  ): Promise<Array<EntityRecord & { ref: string }>> {
    const wanted = new Set(
      keys.map(k => `${k.blueprint}\u0000${k.identifier}`),
    );
    return (await this.listEntityRecords()).filter(record =>
      wanted.has(`${record.blueprint}\u0000${record.identifier}`),
    );
  }

  async saveRefStates(states: RefState[]): Promise<void> {
    for (const state of states) {
      this.refs.set(state.ref, {
        ...copyRef(state),
        entities: sortKeys(state.entities).map(entity => ({ ...entity })),
      });
    }
  }

  async deleteRefStates(refs: string[]): Promise<void> {
    for (const ref of refs) this.refs.delete(ref);
  }

  async deleteEntityRecords(keys: EntityKey[]): Promise<void> {
    const gone = new Set(keys.map(keyOf));
    for (const state of this.refs.values()) {
      state.entities = state.entities.filter(
        entity => !gone.has(keyOf(entity)),
      );
    }
  }

  async countByBlueprint(): Promise<Record<string, number>> {
    const counts: Record<string, number> = {};
    for (const state of this.refs.values()) {
      for (const entity of state.entities) {
        counts[entity.blueprint] = (counts[entity.blueprint] ?? 0) + 1;
      }
    }
    return Object.fromEntries(
      Object.entries(counts).sort(([a], [b]) => compare(a, b)),
    );
  }

  async enqueue(items: EnqueueItem[], now: number): Promise<void> {
    for (const item of items) {
      const existing = this.queue.get(item.ref);
      if (!existing) {
        this.queue.set(item.ref, {
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
        });
        continue;
      }
      const etag = item.etag ?? null;
      const isNewChange =
        existing.op !== item.op || (etag !== null && existing.etag !== etag);
      if (isNewChange) {
        existing.attempts = item.attempts ?? 0;
        existing.nextAttemptAt = item.nextAttemptAt ?? now;
        existing.parked = false;
      }
      existing.op = item.op;
      existing.etag = etag ?? existing.etag;
      existing.seq += 1;
      existing.lastError = item.lastError ?? existing.lastError;
      existing.updatedAt = now;
    }
  }

  async claim(options: {
    limit: number;
    now: number;
    leaseMs: number;
  }): Promise<QueueItem[]> {
    const token = randomUUID();
    const due = [...this.queue.values()]
      .filter(item => isDue(item, options.now))
      .sort(
        (a, b) => a.nextAttemptAt - b.nextAttemptAt || compare(a.ref, b.ref),
      )
      .slice(0, options.limit);
    for (const item of due) {
      item.claimedBy = token;
      item.claimedUntil = options.now + options.leaseMs;
    }
    return due.map(item => ({ ...item }));
  }

  async complete(items: ClaimedItem[]): Promise<void> {
    for (const claimed of items) {
      const item = this.queue.get(claimed.ref);
      if (!item || item.claimedBy !== claimed.claimedBy) continue;
      if (item.seq === claimed.seq) {
        this.queue.delete(claimed.ref);
      } else {
        item.claimedBy = null;
        item.claimedUntil = null;
      }
    }
  }

  async fail(
    claimed: ClaimedItem,
    update: {
      attempts: number;
      nextAttemptAt: number;
      lastError: string;
      parked: boolean;
    },
  ): Promise<void> {
    const item = this.queue.get(claimed.ref);
    if (!item || item.claimedBy !== claimed.claimedBy) return;
    if (item.seq === claimed.seq) {
      item.attempts = update.attempts;
      item.nextAttemptAt = update.nextAttemptAt;
      item.parked = update.parked;
      item.updatedAt = Date.now();
    }
    item.lastError = update.lastError;
    item.claimedBy = null;
    item.claimedUntil = null;
  }

  async release(items: ClaimedItem[]): Promise<void> {
    for (const claimed of items) {
      const item = this.queue.get(claimed.ref);
      if (item && item.claimedBy === claimed.claimedBy) {
        item.claimedBy = null;
        item.claimedUntil = null;
      }
    }
  }

  async retryParked(refs: string[] | undefined, now: number): Promise<number> {
    const wanted = refs ? new Set(refs) : undefined;
    let count = 0;
    for (const item of this.queue.values()) {
      if (!item.parked || (wanted && !wanted.has(item.ref))) continue;
      item.parked = false;
      item.attempts = 0;
      item.nextAttemptAt = now;
      item.updatedAt = now;
      count += 1;
    }
    return count;
  }

  async queueStats(now: number): Promise<QueueStats> {
    const items = [...this.queue.values()];
    return {
      depth: items.length,
      due: items.filter(item => isDue(item, now)).length,
      parked: items.filter(item => item.parked).length,
      claimed: items.filter(
        item => item.claimedUntil !== null && item.claimedUntil >= now,
      ).length,
    };
  }

  async listQueue(options: {
    parked?: boolean;
    limit: number;
  }): Promise<QueueItem[]> {
    return [...this.queue.values()]
      .filter(
        item => options.parked === undefined || item.parked === options.parked,
      )
      .sort(
        (a, b) => a.nextAttemptAt - b.nextAttemptAt || compare(a.ref, b.ref),
      )
      .slice(0, options.limit)
      .map(item => ({ ...item }));
  }

  async saveRun(run: RunRecord): Promise<void> {
    const copy = structuredClone(run);
    const index = this.runs.findIndex(existing => existing.id === run.id);
    if (index >= 0) this.runs[index] = copy;
    else this.runs.push(copy);
  }

  async listRuns(limit: number): Promise<RunRecord[]> {
    return this.newestRuns()
      .slice(0, limit)
      .map(run => structuredClone(run));
  }

  async pruneRuns(keep: number): Promise<void> {
    const kept = new Set(
      this.newestRuns()
        .slice(0, keep)
        .map(run => run.id),
    );
    this.runs = this.runs.filter(run => kept.has(run.id));
  }

  private newestRuns(): RunRecord[] {
    return [...this.runs].sort(
      (a, b) =>
        Date.parse(b.startedAt) - Date.parse(a.startedAt) ||
        compare(b.id, a.id),
    );
  }
}

function isDue(item: QueueItem, now: number): boolean {
  return (
    !item.parked &&
    item.nextAttemptAt <= now &&
    (item.claimedUntil === null || item.claimedUntil < now)
  );
}

function copyRef(state: RefState): RefState {
  return {
    ref: state.ref,
    uid: state.uid,
    etag: state.etag,
    entities: state.entities.map(entity => ({ ...entity })),
  };
}

function keyOf(key: EntityKey): string {
  return `${key.blueprint}\u0000${key.identifier}`;
}

function sortKeys<T extends EntityKey>(entities: T[]): T[] {
  const byKey = new Map<string, T>();
  for (const entity of entities) byKey.set(keyOf(entity), entity);
  return [...byKey.values()].sort(
    (a, b) =>
      compare(a.blueprint, b.blueprint) || compare(a.identifier, b.identifier),
  );
}

/** Code-unit order, as the databases' binary collation gives for ASCII refs. */
function compare(a: string, b: string): number {
  if (a < b) return -1;
  return a > b ? 1 : 0;
}
