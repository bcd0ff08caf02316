import type { CompiledMapping } from '@portsync/mapping';
import type { PortClient } from '@portsync/port-client';
import type { StateStore } from '../state/StateStore';
import { queueBackoff } from './backoff';
import { Ownership } from './ownership';
import { PortWriter } from './PortWriter';
import { RawExamples } from './rawExamples';
import type { RunTracker } from './RunTracker';
import type {
  EntitySource,
  Progress,
  SyncEngineOptions,
  SyncLogger,
  SyncReport,
} from './types';

/** The engine's options with every default applied. */
export interface EngineSettings {
  maxAttempts: number;
  backoff: (attempts: number) => number;
  batchSize: number;
  queueBatchSize: number;
  claimLeaseMs: number;
  /** portsync's cap on deletions per run; undefined = no cap. */
  maxDeletionsPerRun: number | undefined;
  keepRuns: number;
}

/**
 * What every flow (scan, drain, resync, plan) works with. Built once by the facade; the
 * flows are functions of it, so each can be called and tested on its own with a fixed clock.
 */
export interface EngineContext {
  source: EntitySource;
  mapping: CompiledMapping;
  client: PortClient;
  store: StateStore;
  logger: SyncLogger;
  writer: PortWriter;
  /** The one clock: queue times, run times and phase timings all read it. */
  now: () => Date;
  settings: EngineSettings;
  ownership: Ownership;
  examples: RawExamples;
  onProgress?: (progress: Progress) => void;
}

export function createEngineContext(options: SyncEngineOptions): EngineContext {
  const now = options.now ?? (() => new Date());
  const config = options.mapping.config;
  const ownership = new Ownership({
    client: options.client,
    refs: options.store.refs,
    logger: options.logger,
    type: options.integration.type ?? 'backstage',
    identifier: options.integration.identifier,
  });
  return {
    source: options.source,
    mapping: options.mapping,
    client: options.client,
    store: options.store,
    logger: options.logger,
    writer: new PortWriter(options.client, {
      merge: config.enableMergeEntity,
      createMissingRelatedEntities: config.createMissingRelatedEntities,
      deleteDependentEntities: config.deleteDependentEntities,
    }),
    now,
    settings: {
      maxAttempts: options.maxAttempts ?? 10,
      backoff: options.backoff ?? queueBackoff(),
      batchSize: options.batchSize ?? 1000,
      queueBatchSize: options.queueBatchSize ?? 200,
      claimLeaseMs: options.claimLeaseMs ?? 15_000,
      maxDeletionsPerRun: options.maxDeletionsPerRun,
      keepRuns: options.keepRuns ?? 200,
    },
    ownership,
    examples: new RawExamples({
      client: options.client,
      mapping: options.mapping,
      logger: options.logger,
      integrationId: options.integration.identifier,
      enabled: options.sendRawDataExamples ?? false,
    }),
    onProgress: options.onProgress,
  };
}

export function reportProgress(
  ctx: EngineContext,
  run: RunTracker,
  phase: Progress['phase'],
  processed: number,
): void {
  ctx.onProgress?.({
    runId: run.id,
    type: run.type,
    phase,
    processed,
    counts: { ...run.counts },
  });
}

/** Records the finished run and keeps only the newest `keepRuns`. */
export async function saveRun(
  ctx: EngineContext,
  run: RunTracker,
  status: SyncReport['status'],
): Promise<void> {
  await ctx.store.runs.saveRun(run.record(status));
  await ctx.store.runs.pruneRuns(ctx.settings.keepRuns);
}

export function logRunError(
  ctx: EngineContext,
  run: RunTracker,
  error: unknown,
  status: string,
): void {
  const message = (error as Error)?.message ?? String(error);
  const log = status === 'aborted' ? ctx.logger.warn : ctx.logger.error;
  log.call(ctx.logger, `${run.type} run ${status}: ${message}`, {
    runId: run.id,
  });
}

/** A running run re-saves itself this often, so the run log can tell it is alive. */
export const RUN_HEARTBEAT_MS = 10_000;
/** A running run silent this long belonged to a process that died. */
export const RUN_SILENCE_MS = 6 * RUN_HEARTBEAT_MS;

/** Closes the runs left `running` by a process that died; returns their ids. */
export async function closeInterruptedRuns(
  ctx: EngineContext,
): Promise<string[]> {
  const now = ctx.now().getTime();
  const closed = await ctx.store.runs.closeInterrupted(
    now - RUN_SILENCE_MS,
    now,
  );
  if (closed.length > 0) {
    ctx.logger.warn(
      `closed ${
        closed.length
      } run(s) left running by a process that stopped: ${closed.join(', ')}`,
    );
  }
  return closed;
}

/**
 * Saves the run as `running` now and every RUN_HEARTBEAT_MS until the returned stop is
 * called (which waits for a save under way, so it cannot overwrite the final record).
 */
export async function startRunHeartbeat(
  ctx: EngineContext,
  run: RunTracker,
): Promise<() => Promise<void>> {
  await ctx.store.runs.saveRun(run.record('running'));
  let pending: Promise<void> = Promise.resolve();
  const timer = setInterval(() => {
    pending = pending
      .then(() => ctx.store.runs.saveRun(run.record('running')))
      .catch(error =>
        ctx.logger.warn(`could not save run heartbeat: ${error}`),
      );
  }, RUN_HEARTBEAT_MS);
  timer.unref?.();
  return async () => {
    clearInterval(timer);
    await pending;
  };
}
