/*
 * The engine keeps Port equal to the catalog with as few writes as possible. Each catalog ref
 * has a state row: the Port entities it produced and the hash of the payload Port accepted
 * for each. Every path (the queue drain, the resync) maps entities, skips those whose hash
 * Port already holds, writes the rest, and records state only for what Port accepted, so a
 * run stopped anywhere and started again does the missing work and nothing twice.
 *
 * Deletions come from two places. The live path deletes what a ref no longer produces (an
 * entity gone from the catalog, an identifier or blueprint that changed). The resync deletes
 * what the integration owns in Port but no run produced, guarded by entityDeletionThreshold
 * as Ocean does; the change scan applies the same guard to refs that vanish.
 *
 * This class is only the public face: each flow is a module of functions over one
 * EngineContext (scanChanges, drainQueue, resync, plan), with the shared pure steps in
 * records.ts, ownership in ownership.ts and raw examples in rawExamples.ts.
 */
import { drainQueue } from './drainQueue';
import {
  EngineContext,
  closeInterruptedRuns,
  createEngineContext,
} from './EngineContext';
import { plan } from './plan';
import { ResyncOptions, resync } from './resync';
import { scanChanges } from './scanChanges';
import type { QueueItem, RecordedRefState } from '../state/StateStore';
import type {
  ScanReport,
  SyncEngineOptions,
  SyncPlan,
  SyncReport,
  SyncStatus,
} from './types';

/**
 * Pushes catalog entities to Port: the live path (`enqueue`, `scan`, `drainQueue`), full
 * resyncs with reconciliation, dry-run plans and status. See README.md for the semantics.
 *
 * @public
 */
export class SyncEngine {
  private readonly ctx: EngineContext;

  constructor(options: SyncEngineOptions) {
    this.ctx = createEngineContext(options);
  }

  /**
   * For a process that just started: closes the runs a dead process left `running` (their
   * heartbeat stopped). Queue claims need nothing: a dead worker's leases lapse within
   * `claimLeaseMs`. Returns the ids of the closed runs.
   */
  recover(): Promise<string[]> {
    return closeInterruptedRuns(this.ctx);
  }

  /** Queues refs durably; `drainQueue` does the work. */
  async enqueue(
    items: Array<{ ref: string; op: 'upsert' | 'delete' }>,
  ): Promise<void> {
    await this.ctx.store.queue.enqueue(items, this.ctx.now().getTime());
  }

  /** Catalog listing against the state: queues new, changed and vanished refs (see scanChanges). */
  scan(options: { signal?: AbortSignal } = {}): Promise<ScanReport> {
    return scanChanges(this.ctx, options);
  }

  /** The live path (see drainQueue.ts). */
  drainQueue(
    options: { signal?: AbortSignal; limit?: number } = {},
  ): Promise<SyncReport> {
    return drainQueue(this.ctx, options);
  }

  /** Queues the refs and drains the queue. */
  async applyChanges(
    refs: string[],
    options: { signal?: AbortSignal } = {},
  ): Promise<SyncReport> {
    await this.enqueue(refs.map(ref => ({ ref, op: 'upsert' as const })));
    return this.drainQueue({ signal: options.signal });
  }

  /** A full pass with reconciliation (see resync.ts). */
  resync(options: ResyncOptions = {}): Promise<SyncReport> {
    return resync(this.ctx, options);
  }

  /** What a resync would do, against what Port holds now; writes nothing. */
  plan(
    options: { kinds?: string[]; signal?: AbortSignal } = {},
  ): Promise<SyncPlan> {
    return plan(this.ctx, options);
  }

  /**
   * What the engine holds for one ref: its recorded state (what Port accepted, and when) and
   * its queue item (waiting, failing or parked). Either is absent when there is none.
   */
  async refState(
    ref: string,
  ): Promise<{ recorded?: RecordedRefState; queued?: QueueItem }> {
    const [recorded, queued] = await Promise.all([
      this.ctx.store.refs.getRef(ref),
      this.ctx.store.queue.getItem(ref),
    ]);
    return { recorded, queued };
  }

  /** Makes the parked items of `refs` due now with a fresh attempt count; returns how many. `drainQueue` pushes them. */
  retryParked(refs: string[]): Promise<number> {
    return this.ctx.store.queue.retryParked(refs, this.ctx.now().getTime());
  }

  /** Last runs, queue depth, parked items and recorded entities per blueprint. */
  async status(): Promise<SyncStatus> {
    const { store } = this.ctx;
    return {
      runs: await store.runs.listRuns(10),
      queue: await store.queue.queueStats(this.ctx.now().getTime()),
      parked: await store.queue.listQueue({ parked: true, limit: 50 }),
      blueprints: await store.refs.countByBlueprint(),
    };
  }
}
