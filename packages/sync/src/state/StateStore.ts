import type { RefStateStore } from './RefStateStore';
import type { RunLog } from './RunLog';
import type { WorkQueue } from './WorkQueue';

export type * from './RefStateStore';
export type * from './RunLog';
export type * from './WorkQueue';

/**
 * Everything the engine keeps, as three separate concerns: per-ref state, the work queue and
 * the run log. `KnexStateStore.create` and `MemoryStateStore` build the three together.
 * @public
 */
export interface StateStore {
  refs: RefStateStore;
  queue: WorkQueue;
  runs: RunLog;
}
