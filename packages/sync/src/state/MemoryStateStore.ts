import { MemoryRefStateStore } from './memory/MemoryRefStateStore';
import { MemoryRunLog } from './memory/MemoryRunLog';
import { MemoryWorkQueue } from './memory/MemoryWorkQueue';
import type { RefState, RecordedRefState } from './RefStateStore';
import type { RunRecord } from './RunLog';
import type { StateStore } from './StateStore';
import type { QueueItem } from './WorkQueue';

/** What {@link MemoryStateStore.toJSON} writes; `version` guards against reading another layout. @public */
export interface MemoryStateSnapshot {
  version: 1;
  /** `updatedAt` is absent in snapshots written before it was kept. */
  refs: Array<RefState & Partial<Pick<RecordedRefState, 'updatedAt'>>>;
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
  readonly refs = new MemoryRefStateStore();
  readonly queue = new MemoryWorkQueue();
  readonly runs = new MemoryRunLog();

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
    store.refs.restore(data.refs);
    store.queue.restore(data.queue);
    store.runs.restore(data.runs);
    return store;
  }

  toJSON(): MemoryStateSnapshot {
    return {
      version: 1,
      refs: this.refs.snapshot(),
      queue: this.queue.snapshot(),
      runs: this.runs.snapshot(),
    };
  }
}
