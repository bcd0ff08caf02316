import type { BackstageEntity } from '@portsync/mapping';
import type { RefState, RunFailure } from '../state/StateStore';
import { guardDeletion, largeDeletionWarning } from './deletionGuard';
import { fieldChanges } from './fieldChanges';
import { portEntities } from './plan';
import {
  EngineContext,
  closeInterruptedRuns,
  logRunError,
  reportProgress,
  saveRun,
  startRunHeartbeat,
} from './EngineContext';
import {
  MappedEntity,
  Produced,
  keyOf,
  mapEntities,
  relationTargets,
} from './produce';
import type { UpsertOutcome } from './PortWriter';
import {
  WriteState,
  countMapped,
  describeFailure,
  failureStatus,
  finalStatus,
  kindFilter,
  mappingFailure,
  nextRecords,
  sameState,
  splitUnchanged,
  stringOrNull,
} from './records';
import { RunTracker } from './RunTracker';
import type { SyncReport } from './types';

/** @public */
export interface ResyncOptions {
  /** Write every entity, even those whose hash Port already holds. */
  force?: boolean;
  /** Only entities of these kinds (and only their records can be stale). */
  kinds?: string[];
  signal?: AbortSignal;
  /** Write nothing to Port or the state. */
  dryRun?: boolean;
  /** The run's id, when the caller handed one out before the run started. */
  runId?: string;
  /**
   * Port as the state (a CLI run that keeps no state file): an entity whose fields already
   * equal Port's is not written, whatever the state store says.
   */
  compareWithPort?: boolean;
}

/** What one resync has seen and written so far. */
interface ResyncPass {
  force: boolean;
  compareWithPort: boolean;
  dryRun: boolean;
  signal?: AbortSignal;
  /** Refs read this run. */
  seen: Set<string>;
  /** Keys of every entity produced this run. */
  produced: Set<string>;
  /** Keys Port holds after this run's writes (accepted or unchanged). */
  present: Set<string>;
  /** Identifiers kept entities point at. */
  relationTargets: Set<string>;
  /** Writes that failed on a missing relation target, by ref, retried at the end. */
  deferred: Map<string, Produced[]>;
  /** Up to five raw entities per kind, masked. */
  examples: Map<string, BackstageEntity[]>;
}

/**
 * A full pass: maps every entity (of `kinds`), writes what differs from the state
 * (everything with `force`), retries unmet relation dependencies at the end, then deletes
 * the owned entities no longer produced, within entityDeletionThreshold. With `dryRun`
 * nothing is written to Port or the state.
 */
export async function resync(
  ctx: EngineContext,
  options: ResyncOptions = {},
): Promise<SyncReport> {
  const run = new RunTracker('resync', ctx.now, options.runId);
  const dryRun = options.dryRun ?? false;
  const { signal } = options;
  let stopHeartbeat = async () => {};
  if (!dryRun) {
    await closeInterruptedRuns(ctx);
    stopHeartbeat = await startRunHeartbeat(ctx, run);
  }
  const pass: ResyncPass = {
    force: options.force ?? false,
    compareWithPort: (options.compareWithPort ?? false) && !options.force,
    dryRun,
    signal,
    seen: new Set(),
    produced: new Set(),
    present: new Set(),
    relationTargets: new Set(),
    deferred: new Map(),
    examples: new Map(),
  };
  let status: 'completed' | 'failed' | 'aborted' = 'completed';
  try {
    await run.time('upsert', () => fullPass(ctx, pass, run, options.kinds));
    if (pass.deferred.size > 0) {
      await run.time('retry', () => retryDeferred(ctx, pass, run));
    }
    if (!dryRun) await ctx.examples.send(pass.examples);
    await run.time('reconcile', () => reconcile(ctx, pass, run, options.kinds));
  } catch (error) {
    status = failureStatus(error, signal);
    run.deletion ??= {
      stale: 0,
      owned: 0,
      threshold: ctx.mapping.config.entityDeletionThreshold,
      skipped: true,
      reason: `the resync ${
        status === 'aborted' ? 'was aborted' : 'failed'
      } before reconciliation: nothing was deleted`,
    };
    logRunError(ctx, run, error, status);
  }
  await stopHeartbeat();
  const final = finalStatus(status, run.counts);
  if (!dryRun) await saveRun(ctx, run, final);
  ctx.logger.info(`resync ${final}`, {
    runId: run.id,
    dryRun,
    ...run.counts,
  });
  return run.report(final, dryRun);
}

async function fullPass(
  ctx: EngineContext,
  pass: ResyncPass,
  run: RunTracker,
  kinds: string[] | undefined,
): Promise<void> {
  let buffer: MappedEntity[] = [];
  let inFlight: Promise<void> = Promise.resolve();
  let pushError: unknown;
  let processed = 0;
  // Mapping the next batch overlaps with writing the previous one.
  const push = (batch: MappedEntity[]) => {
    const previous = inFlight;
    inFlight = previous
      .then(() => (pushError ? undefined : pushBatch(ctx, batch, pass, run)))
      .catch(error => {
        pushError ??= error;
      });
  };
  for await (const page of ctx.source.pages({ kinds, signal: pass.signal })) {
    pass.signal?.throwIfAborted();
    const mappedPage = await mapEntities(ctx.mapping, page);
    for (const [i, entity] of page.entries()) {
      const mapped = mappedPage[i];
      countMapped(mapped, run.counts);
      if (mapped.error) run.fail(mappingFailure(mapped));
      pass.seen.add(mapped.ref);
      ctx.examples.collect(pass.examples, entity);
      buffer.push(mapped);
    }
    processed += page.length;
    if (buffer.length >= ctx.settings.batchSize) {
      await inFlight;
      if (pushError) throw pushError;
      push(buffer);
      buffer = [];
      reportProgress(ctx, run, 'upsert', processed);
    }
  }
  if (buffer.length > 0) push(buffer);
  await inFlight;
  if (pushError) throw pushError;
  reportProgress(ctx, run, 'upsert', processed);
}

async function pushBatch(
  ctx: EngineContext,
  mapped: MappedEntity[],
  pass: ResyncPass,
  run: RunTracker,
): Promise<void> {
  const states = await ctx.store.refs.getRefStates(mapped.map(m => m.ref));
  const failedRefs = new Map<string, RunFailure>();
  const split = splitUnchanged(mapped, states, pass.force);
  const { writeStates } = split;
  const toWrite = pass.compareWithPort
    ? await equalInPort(ctx, split.toWrite, writeStates, pass.signal)
    : split.toWrite;
  run.counts.unchanged += writeStates.size;
  for (const m of mapped) {
    if (m.error) {
      // An entity the mapping failed on keeps its Port entities: a mapping error is no deletion.
      for (const record of states.get(m.ref)?.entities ?? []) {
        pass.produced.add(keyOf(record.blueprint, record.identifier));
      }
      failedRefs.set(m.ref, mappingFailure(m));
    }
    for (const item of m.produced) {
      if (item.identifier !== undefined) {
        pass.produced.add(keyOf(item.blueprint, item.identifier));
      }
      if (ctx.mapping.config.createMissingRelatedEntities) {
        for (const target of relationTargets(item.payload)) {
          pass.relationTargets.add(target);
        }
      }
    }
  }
  for (const [item, state] of writeStates) {
    if (state === 'unchanged')
      pass.present.add(keyOf(item.blueprint, item.identifier!));
  }
  const outcomes = await ctx.writer.upsert(toWrite, {
    signal: pass.signal,
    dryRun: pass.dryRun,
  });
  for (const outcome of outcomes) {
    writeStates.set(outcome.produced, writeState(outcome, pass, run));
    if (outcome.failure && !outcome.retryLater) {
      failedRefs.set(outcome.produced.ref, outcome.failure);
    }
  }
  if (pass.dryRun) return;

  const next = mapped.map(m => {
    const incomplete = failedRefs.has(m.ref) || pass.deferred.has(m.ref);
    return {
      ref: m.ref,
      uid: stringOrNull(m.entity.metadata.uid),
      etag: incomplete ? null : stringOrNull(m.entity.metadata.etag),
      // Records of entities no longer produced stay until the reconciliation deletes them.
      entities: nextRecords(states.get(m.ref)?.entities ?? [], m, writeStates),
    };
  });
  // An unchanged catalog rewrites no state either.
  await ctx.store.refs.saveRefStates(
    next.filter(state => !sameState(states.get(state.ref), state)),
  );
  await queueForRetry(ctx, failedRefs);
}

function writeState(
  outcome: UpsertOutcome,
  pass: ResyncPass,
  run: RunTracker,
): WriteState {
  const { produced } = outcome;
  if (outcome.ok) {
    run.counts.upserted += 1;
    const identifier = outcome.identifier ?? produced.identifier;
    if (identifier !== undefined) {
      pass.produced.add(keyOf(produced.blueprint, identifier));
      pass.present.add(keyOf(produced.blueprint, identifier));
    }
    return 'accepted';
  }
  if (outcome.retryLater) {
    const deferred = pass.deferred.get(produced.ref) ?? [];
    deferred.push(produced);
    pass.deferred.set(produced.ref, deferred);
    return 'deferred';
  }
  run.fail(outcome.failure!);
  return 'failed';
}

/** Ocean's end-of-resync retry of entities whose relation targets did not exist yet. */
async function retryDeferred(
  ctx: EngineContext,
  pass: ResyncPass,
  run: RunTracker,
): Promise<void> {
  const items = [...pass.deferred.values()].flat();
  reportProgress(ctx, run, 'retry', items.length);
  const outcomes = await ctx.writer.upsert(items, {
    signal: pass.signal,
    dryRun: pass.dryRun,
  });
  const failedRefs = new Map<string, RunFailure>();
  const accepted = new Map<string, Produced[]>();
  for (const outcome of outcomes) {
    const { produced } = outcome;
    if (outcome.ok) {
      run.counts.upserted += 1;
      pass.present.add(
        keyOf(produced.blueprint, outcome.identifier ?? produced.identifier!),
      );
      accepted.set(produced.ref, [
        ...(accepted.get(produced.ref) ?? []),
        produced,
      ]);
    } else {
      run.fail(outcome.failure!);
      failedRefs.set(produced.ref, outcome.failure!);
    }
  }
  if (pass.dryRun) return;
  const refs = [...pass.deferred.keys()];
  const states = await ctx.store.refs.getRefStates(refs);
  const entities = await ctx.source.getByRefs(refs, { signal: pass.signal });
  const save: RefState[] = [];
  refs.forEach((ref, index) => {
    const state = states.get(ref);
    if (!state) return;
    const records = new Map(
      state.entities.map(r => [keyOf(r.blueprint, r.identifier), r]),
    );
    for (const item of accepted.get(ref) ?? []) {
      if (item.identifier === undefined) continue;
      records.set(keyOf(item.blueprint, item.identifier), {
        blueprint: item.blueprint,
        identifier: item.identifier,
        hash: item.hash,
      });
    }
    // The etag is recorded only if every write of the ref is now in, and of the version we mapped.
    const entity = entities[index];
    save.push({
      ...state,
      etag: failedRefs.has(ref) ? null : stringOrNull(entity?.metadata.etag),
      entities: [...records.values()],
    });
  });
  await ctx.store.refs.saveRefStates(save);
  await queueForRetry(ctx, failedRefs);
}

async function reconcile(
  ctx: EngineContext,
  pass: ResyncPass,
  run: RunTracker,
  kinds: string[] | undefined,
): Promise<void> {
  reportProgress(ctx, run, 'reconcile', pass.seen.size);
  const owned = await ctx.ownership.owned(run.startedAt, pass.signal);
  const { stale, report } = guardDeletion({
    ...owned,
    produced: pass.produced,
    present: pass.present,
    protectedIdentifiers: ctx.mapping.config.createMissingRelatedEntities
      ? pass.relationTargets
      : undefined,
    inScope: await ctx.ownership.scope(kinds),
    threshold: ctx.mapping.config.entityDeletionThreshold,
    maxDeletions: ctx.settings.maxDeletionsPerRun,
  });
  run.deletion = report;
  if (report.skipped) {
    ctx.logger.warn(`Skipping deletion: ${report.reason}`, { runId: run.id });
    return;
  }
  const warning = largeDeletionWarning(report);
  if (warning && !pass.dryRun) ctx.logger.warn(warning, { runId: run.id });
  const result = await ctx.writer.delete(stale, {
    signal: pass.signal,
    dryRun: pass.dryRun,
  });
  run.counts.deleted += result.deleted.length;
  for (const failure of result.failures) run.fail(failure);
  if (pass.dryRun) return;

  await ctx.store.refs.deleteEntityRecords(result.deleted);
  // Refs the catalog no longer has and whose Port entities are all gone are forgotten.
  const inScope = kindFilter(kinds);
  const remaining = new Set(
    (await ctx.store.refs.listEntityRecords()).map(record => record.ref),
  );
  const gone = (await ctx.store.refs.listRefs())
    .map(summary => summary.ref)
    .filter(ref => !pass.seen.has(ref) && inScope(ref) && !remaining.has(ref));
  await ctx.store.refs.deleteRefStates(gone);
}

/** Failed refs of a resync go to the queue, so the live path keeps trying them with backoff. */
async function queueForRetry(
  ctx: EngineContext,
  failedRefs: Map<string, RunFailure>,
): Promise<void> {
  if (failedRefs.size === 0) return;
  const now = ctx.now().getTime();
  await ctx.store.queue.enqueue(
    [...failedRefs].map(([ref, failure]) => ({
      ref,
      op: 'upsert' as const,
      attempts: 1,
      nextAttemptAt: now + ctx.settings.backoff(1),
      lastError: describeFailure(failure),
    })),
    now,
  );
}

/**
 * Marks `unchanged` the items whose every field Port already holds, and returns the rest:
 * Port itself as the state.
 */
async function equalInPort(
  ctx: EngineContext,
  items: Produced[],
  writeStates: Map<Produced, WriteState>,
  signal: AbortSignal | undefined,
): Promise<Produced[]> {
  const byBlueprint = new Map<string, Produced[]>();
  for (const item of items) {
    if (item.identifier === undefined) continue;
    byBlueprint.set(item.blueprint, [
      ...(byBlueprint.get(item.blueprint) ?? []),
      item,
    ]);
  }
  for (const [blueprint, group] of byBlueprint) {
    const held = await portEntities(ctx, blueprint, group, signal);
    for (const item of group) {
      const current = held.get(item.identifier!);
      if (current && fieldChanges(item.payload, current).length === 0) {
        writeStates.set(item, 'unchanged');
      }
    }
  }
  return items.filter(item => !writeStates.has(item));
}
