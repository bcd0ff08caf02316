import type {
  FailedAttempt,
  QueueItem,
  RefState,
  RunFailure,
} from '../state/StateStore';
import {
  EngineContext,
  logRunError,
  reportProgress,
  saveRun,
} from './EngineContext';
import { MappedEntity, keyOf, mapEntities } from './produce';
import type { DeleteTarget } from './PortWriter';
import {
  claimOf,
  countMapped,
  describeFailure,
  failureStatus,
  finalStatus,
  isPermanent,
  mappingFailure,
  nextRecords,
  splitUnchanged,
  stringOrNull,
} from './records';
import { RunTracker } from './RunTracker';
import type { SyncReport } from './types';

/**
 * The live path: claims due queue items in batches, reads those refs from the catalog, maps
 * them, writes what changed and deletes what a ref no longer produces. A ref that still
 * exists is upserted whatever its queued op said; one that is gone is deleted. Each ref's
 * state changes only after Port accepted its writes; a ref with a failure stays queued with
 * backoff and is parked after `maxAttempts`.
 */
export async function drainQueue(
  ctx: EngineContext,
  options: { signal?: AbortSignal; limit?: number } = {},
): Promise<SyncReport> {
  const run = new RunTracker('changes', ctx.now);
  const handled = new Set<string>();
  const limit = options.limit ?? Infinity;
  let status: 'completed' | 'failed' | 'aborted' = 'completed';
  let claimed: QueueItem[] = [];
  const deferred: QueueItem[] = [];
  try {
    while (handled.size < limit) {
      options.signal?.throwIfAborted();
      claimed = await ctx.store.queue.claim({
        limit: Math.min(ctx.settings.queueBatchSize, limit - handled.size),
        now: ctx.now().getTime(),
        leaseMs: ctx.settings.claimLeaseMs,
      });
      // Items failed earlier in this call and due again already wait for the next call.
      const fresh = claimed.filter(item => !handled.has(item.ref));
      const again = claimed.filter(item => handled.has(item.ref));
      if (again.length > 0) await ctx.store.queue.release(again.map(claimOf));
      if (fresh.length === 0) break;
      claimed = fresh;
      const waiting = await run.time('drain', () =>
        holdingLeases(ctx, fresh, () =>
          processBatch(ctx, fresh, run, options.signal, true),
        ),
      );
      deferred.push(...waiting);
      for (const item of fresh) handled.add(item.ref);
      claimed = [];
      reportProgress(ctx, run, 'drain', handled.size);
    }
    if (deferred.length > 0) {
      // Relation targets queued in later batches now exist: Ocean's retry at the end.
      claimed = deferred;
      await run.time('retry', () =>
        holdingLeases(ctx, deferred, () =>
          processBatch(ctx, deferred, run, options.signal, false),
        ),
      );
      claimed = [];
      reportProgress(ctx, run, 'retry', handled.size);
    }
  } catch (error) {
    status = failureStatus(error, options.signal);
    const held = [...claimed, ...deferred.filter(d => !claimed.includes(d))];
    if (held.length > 0) await ctx.store.queue.release(held.map(claimOf));
    logRunError(ctx, run, error, status);
  }
  const final = finalStatus(status, run.counts);
  const report = run.report(final, false);
  if (handled.size > 0 || final !== 'completed') {
    await saveRun(ctx, run, final);
  }
  return report;
}

/**
 * Handles one claimed batch. With `deferUnmet`, items whose only failures are missing
 * relation targets keep their claim and are returned, to be tried again at the end of the
 * drain; their failures are not counted yet.
 */
async function processBatch(
  ctx: EngineContext,
  items: QueueItem[],
  run: RunTracker,
  signal: AbortSignal | undefined,
  deferUnmet: boolean,
): Promise<QueueItem[]> {
  const refs = items.map(item => item.ref);
  const [entities, states] = await Promise.all([
    ctx.source.getByRefs(refs, { signal }),
    ctx.store.refs.getRefStates(refs),
  ]);
  const mapped: MappedEntity[] = [];
  const failuresByRef = new Map<string, RunFailure[]>();
  const unmetRefs = new Set<string>();
  const noteFailure = (ref: string, failure: RunFailure) => {
    failuresByRef.set(ref, [...(failuresByRef.get(ref) ?? []), failure]);
  };
  const present = entities.filter(
    (entity): entity is NonNullable<typeof entity> => entity !== undefined,
  );
  for (const result of await mapEntities(ctx.mapping, present)) {
    // A deferred item's second pass counts only its writes.
    if (deferUnmet) countMapped(result, run.counts);
    if (result.error) {
      noteFailure(result.ref, mappingFailure(result));
    }
    mapped.push(result);
  }
  const mappedByRef = new Map(mapped.map(m => [m.ref, m]));

  // Writes, with unmet dependencies retried once the rest of the batch is in.
  const { toWrite, writeStates } = splitUnchanged(mapped, states, false);
  if (deferUnmet) run.counts.unchanged += writeStates.size;
  const outcomes = await ctx.writer.upsert(toWrite, { signal });
  for (const outcome of outcomes) {
    writeStates.set(outcome.produced, outcome.ok ? 'accepted' : 'failed');
    if (outcome.ok) run.counts.upserted += 1;
    else noteFailure(outcome.produced.ref, outcome.failure!);
    if (outcome.retryLater) unmetRefs.add(outcome.produced.ref);
  }

  // Deletes: what each ref recorded and no longer produces, unless another ref of the batch now produces it.
  const producedNow = new Set(
    mapped.flatMap(m =>
      m.produced
        .filter(p => p.identifier !== undefined)
        .map(p => keyOf(p.blueprint, p.identifier!)),
    ),
  );
  const ownerOf = new Map<string, string>();
  const targets: DeleteTarget[] = [];
  for (const ref of refs) {
    const state = states.get(ref);
    if (!state) continue;
    const mappedRef = mappedByRef.get(ref);
    if (mappedRef?.error) continue;
    for (const record of state.entities) {
      const key = keyOf(record.blueprint, record.identifier);
      if (producedNow.has(key)) continue;
      ownerOf.set(key, ref);
      targets.push({
        blueprint: record.blueprint,
        identifier: record.identifier,
      });
    }
  }
  // ...nor one a ref outside the batch has claimed since (an identifier that moved from
  // one ref to another, the other one drained first).
  const inBatch = new Set(refs);
  const claimedElsewhere = new Set(
    (targets.length > 0 ? await ctx.store.refs.findEntityRecords(targets) : [])
      .filter(record => !inBatch.has(record.ref))
      .map(record => keyOf(record.blueprint, record.identifier)),
  );
  const deletion = await ctx.writer.delete(
    targets.filter(
      t => !claimedElsewhere.has(keyOf(t.blueprint, t.identifier)),
    ),
    { signal },
  );
  run.counts.deleted += deletion.deleted.length;
  const deleted = new Set(
    deletion.deleted.map(k => keyOf(k.blueprint, k.identifier)),
  );
  for (const failure of deletion.failures) {
    const ref = ownerOf.get(keyOf(failure.blueprint, failure.identifier))!;
    noteFailure(ref, { ref, ...failure });
  }

  // State, then the queue: only what Port accepted is recorded.
  const save: RefState[] = [];
  const forget: string[] = [];
  for (const item of items) {
    const state = states.get(item.ref);
    const current = mappedByRef.get(item.ref);
    const failed = failuresByRef.has(item.ref);
    const kept = (state?.entities ?? []).filter(record => {
      const key = keyOf(record.blueprint, record.identifier);
      return !deleted.has(key) && !claimedElsewhere.has(key);
    });
    if (!current) {
      if (kept.length === 0) forget.push(item.ref);
      else
        save.push({
          ref: item.ref,
          uid: state!.uid,
          etag: null,
          entities: kept,
        });
      continue;
    }
    save.push({
      ref: item.ref,
      uid: stringOrNull(current.entity.metadata.uid),
      etag: failed ? null : stringOrNull(current.entity.metadata.etag),
      entities: nextRecords(kept, current, writeStates),
    });
  }
  await ctx.store.refs.saveRefStates(save);
  if (forget.length > 0) await ctx.store.refs.deleteRefStates(forget);

  const done = items.filter(item => !failuresByRef.has(item.ref));
  await ctx.store.queue.complete(done.map(claimOf));
  const waiting: QueueItem[] = [];
  const attempts: FailedAttempt[] = [];
  for (const item of items) {
    const failures = failuresByRef.get(item.ref);
    if (!failures) continue;
    const onlyUnmet = failures.length === 1 && unmetRefs.has(item.ref);
    if (deferUnmet && onlyUnmet) {
      waiting.push(item);
      continue;
    }
    for (const failure of failures) run.fail(failure);
    const attempt = item.attempts + 1;
    // Port will answer a rejected payload the same way again: one retry, then park.
    const permanent = failures.every(isPermanent);
    const parked =
      attempt >= ctx.settings.maxAttempts || (permanent && attempt >= 2);
    if (parked) {
      ctx.logger.warn(
        `parked ${item.ref} after ${attempt} failed attempts: ${describeFailure(
          failures[0],
        )}`,
        { ref: item.ref, permanent },
      );
    }
    attempts.push({
      ...claimOf(item),
      attempts: attempt,
      nextAttemptAt: ctx.now().getTime() + ctx.settings.backoff(attempt),
      lastError: failures.map(describeFailure).join('; '),
      parked,
    });
  }
  // the whole batch in one call: a bounded number of statements, not one transaction per ref
  if (attempts.length > 0) {
    await ctx.store.queue.fail(attempts, ctx.now().getTime());
  }
  return waiting;
}

/**
 * Runs `work` while extending the items' leases every third of the lease, so a live worker
 * keeps its claims however long Port takes, and a killed one loses them within one lease.
 */
async function holdingLeases<T>(
  ctx: EngineContext,
  items: QueueItem[],
  work: () => Promise<T>,
): Promise<T> {
  const { claimLeaseMs } = ctx.settings;
  const timer = setInterval(() => {
    ctx.store.queue
      .extend(items.map(claimOf), ctx.now().getTime() + claimLeaseMs)
      .catch(error =>
        ctx.logger.warn(`could not extend queue leases: ${error}`),
      );
  }, Math.max(1, Math.floor(claimLeaseMs / 3)));
  timer.unref?.();
  try {
    return await work();
  } finally {
    clearInterval(timer);
  }
}
