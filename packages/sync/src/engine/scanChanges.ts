import { deletionVerdict } from './deletionGuard';
import { EngineContext, saveRun } from './EngineContext';
import { RunTracker } from './RunTracker';
import type { ScanReport } from './types';

/**
 * Compares the catalog's cheap listing with the state and queues the differences: new refs
 * and changed etags or uids as upserts, vanished refs as deletes. When more refs vanished
 * than entityDeletionThreshold allows, no delete is queued and the report says why.
 */
export async function scanChanges(
  ctx: EngineContext,
  options: { signal?: AbortSignal } = {},
): Promise<ScanReport> {
  const started = ctx.now().getTime();
  const known = new Map(
    (await ctx.store.refs.listRefs()).map(summary => [summary.ref, summary]),
  );
  const seen = new Set<string>();
  const upserts: Array<{ ref: string; op: 'upsert'; etag: string }> = [];
  for await (const page of ctx.source.listRefs({ signal: options.signal })) {
    for (const listed of page) {
      seen.add(listed.ref);
      const state = known.get(listed.ref);
      if (!state || state.etag !== listed.etag || state.uid !== listed.uid) {
        upserts.push({ ref: listed.ref, op: 'upsert', etag: listed.etag });
      }
    }
  }
  const vanished = [...known.keys()].filter(ref => !seen.has(ref));
  const deletion = deletionVerdict({
    stale: vanished.length,
    owned: known.size,
    threshold: ctx.mapping.config.entityDeletionThreshold,
    maxDeletions: ctx.settings.maxDeletionsPerRun,
    source: 'state',
    what: 'known refs vanished from the catalog',
    outcome: 'no delete was queued',
  });
  if (deletion.skipped) {
    ctx.logger.warn(deletion.reason!, { vanished: vanished.length });
    // A tripped guard is recorded as a run, so the status and the run log show it.
    const run = new RunTracker('scan', ctx.now);
    run.deletion = deletion;
    await saveRun(ctx, run, 'completed');
  }
  const deletes = deletion.skipped
    ? []
    : vanished.map(ref => ({ ref, op: 'delete' as const }));
  const now = ctx.now().getTime();
  await ctx.store.queue.enqueue([...upserts, ...deletes], now);
  return {
    listed: seen.size,
    known: known.size,
    upserts: upserts.length,
    deletes: deletes.length,
    deletion,
    durationMs: now - started,
  };
}
