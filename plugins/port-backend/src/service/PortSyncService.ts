import { LoggerService } from '@backstage/backend-plugin-api';
import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import { InputError, NotFoundError } from '@backstage/errors';
import { durationToMilliseconds } from '@backstage/types';
import {
  BackstageEntity,
  CompiledMapping,
  createIsolatedMapping,
  IsolatedMapping,
  MappingConfigError,
} from '@portsync/mapping';
import { ScanReport, SyncEngine, SyncReport } from '@portsync/sync';
import { PortSyncConfig } from '@portsync/config';
import {
  ResyncRequest,
  ResyncRequestStore,
} from '../database/ResyncRequestStore';
import { PortMappingSource } from '../portUi/MappingSource';
import { ResyncStateReporter } from '../portUi/ResyncStateReporter';
import { PortSyncAdmin } from '../router';
import { CatalogEntitySource } from '../source/CatalogEntitySource';
import { BlueprintSetup } from './BlueprintSetup';
import { HintBuffer } from './HintBuffer';
import { SyncMetrics } from './SyncMetrics';
import { TurnBatcher } from './TurnBatcher';
import { PortConnection } from './PortConnection';
import { ExclusiveTasks, scheduleSpacingMs } from './ExclusiveTasks';
import { isTaskRunningError } from './isTaskRunningError';
import { LEASES } from '../database/TaskLeases';
import {
  EntitySyncState,
  EntitySyncStateName,
  PortSyncStatus,
  PreviewResponse,
  portEntityUrl,
} from '@portsync/plugin-port-common';

/**
 * What runs the sync inside the plugin: the live path (hints and the queue),
 * the change scan, full resyncs, and what the admin API asks.
 */
export class PortSyncService implements PortSyncAdmin {
  readonly #config: PortSyncConfig;
  readonly #logger: LoggerService;
  readonly #createEngine: (mapping: CompiledMapping) => SyncEngine;
  #engine: SyncEngine;
  #mapping: CompiledMapping;
  readonly #source: CatalogEntitySource;
  readonly #requests: ResyncRequestStore;
  readonly #exclusive: ExclusiveTasks;
  /** See scheduleSpacingMs: every replica runs the resync schedule, one files each run. */
  readonly #scheduleSpacingMs: number;
  readonly #connection: PortConnection;
  readonly #blueprints: BlueprintSetup;
  readonly #triggerResync: () => Promise<void>;
  readonly #resyncState: ResyncStateReporter;
  readonly #mappingSource: PortMappingSource | undefined;
  readonly #hints: HintBuffer;
  readonly #hintIntake: TurnBatcher<string>;
  readonly #metrics: SyncMetrics | undefined;
  #draining: Promise<unknown> | undefined;
  #lastScan: (ScanReport & { at: string }) | undefined;
  /** Kept until the next trip: a guard that tripped once may not trip on the next scan. */
  #lastGuardTrip: { at: string; reason: string } | undefined;
  #drainAgain = false;
  #stopped = false;
  /**
   * The scheduled resync waits for `resync.schedule.initialDelay` after start; requested ones do not.
   * The delay is kept here, not given to the scheduler: the scheduler's worker ignores triggers
   * during its initial wait, so "Resync now" pressed in the first minutes would wait it out.
   */
  readonly #scheduledNotBefore: number;
  #deferredResync: ReturnType<typeof setTimeout> | undefined;

  constructor(options: {
    config: PortSyncConfig;
    logger: LoggerService;
    /** Builds the engine for a mapping: at startup, and again when the mapping changes. */
    createEngine: (mapping: CompiledMapping) => SyncEngine;
    mapping: CompiledMapping;
    source: CatalogEntitySource;
    requests: ResyncRequestStore;
    /** The resync runs under its lease. */
    exclusive: ExclusiveTasks;
    connection: PortConnection;
    /** Compares Port's blueprints with the mapping again at each resync. */
    blueprints: BlueprintSetup;
    /** Asks the scheduler to run the resync task soon, on whichever replica. */
    triggerResync: () => Promise<void>;
    resyncState: ResyncStateReporter;
    metrics?: SyncMetrics;
    /** The etag last pushed per ref. */
    pushedEtags: (refs: string[]) => Promise<Map<string, string | null>>;
    /** Mapping source `port`: the mapping is reread at the start of each resync. */
    mappingSource?: PortMappingSource;
  }) {
    this.#config = options.config;
    this.#logger = options.logger;
    this.#createEngine = options.createEngine;
    this.#engine = options.createEngine(options.mapping);
    this.#mapping = options.mapping;
    this.#source = options.source;
    this.#requests = options.requests;
    this.#exclusive = options.exclusive;
    this.#scheduleSpacingMs = scheduleSpacingMs(
      options.config.resync.schedule?.frequency,
    );
    this.#connection = options.connection;
    this.#blueprints = options.blueprints;
    this.#triggerResync = options.triggerResync;
    this.#resyncState = options.resyncState;
    this.#mappingSource = options.mappingSource;
    this.#metrics = options.metrics;
    const initialDelay = options.config.resync.schedule?.initialDelay;
    this.#scheduledNotBefore =
      Date.now() + (initialDelay ? durationToMilliseconds(initialDelay) : 0);
    // Runs a killed process left `running` are closed once Port is reachable (the engine needs it built).
    this.#connection
      .whenReady()
      .then(() => this.#currentEngine().recover())
      .catch(error =>
        this.#logger.warn(`Closing interrupted runs failed: ${error}`),
      );
    this.#hintIntake = new TurnBatcher(async refs => {
      await this.#currentEngine().enqueue(
        refs.map(ref => ({ ref, op: 'upsert' as const })),
      );
      for (const ref of refs) this.#hints.add(ref);
    });
    this.#hints = new HintBuffer({
      delayMs: options.config.changes.hintDelayMs,
      stitched: async refs =>
        (await this.#source.getByRefs(refs)).map(
          e =>
            e && {
              etag: e.metadata.etag!,
              relatedRefs: (e.relations ?? []).map(r => r.targetRef),
            },
        ),
      pushedEtags: options.pushedEtags,
      onReady: async refs => {
        await this.#currentEngine().enqueue(
          refs.map(ref => ({ ref, op: 'upsert' as const })),
        );
        await this.drain();
      },
      onError: error =>
        this.#logger.error(`Pushing hinted changes failed: ${error}`),
    });
  }

  /**
   * The engine for the mapping in use. When the mapping source has adopted a
   * new mapping, the engine is rebuilt rather than patched: it derives its
   * write options from the mapping's root flags. Runs under way finish with
   * the engine they started with.
   */
  #currentEngine(): SyncEngine {
    const mapping = this.#mappingSource?.mapping ?? this.#mapping;
    if (mapping !== this.#mapping) {
      this.#mapping = mapping;
      this.#engine = this.#createEngine(mapping);
    }
    return this.#engine;
  }

  stop() {
    this.#stopped = true;
    this.#hints.stop();
    clearTimeout(this.#deferredResync);
  }

  /**
   * True when a scheduled resync came due before the initial delay ended; it is then triggered
   * again when the delay ends (again a little later while a requested resync holds the task).
   */
  #deferScheduledResync(): boolean {
    const wait = this.#scheduledNotBefore - Date.now();
    if (wait <= 0) return false;
    const retrigger = (ms: number) => {
      this.#deferredResync = setTimeout(() => {
        this.#triggerResync().catch(error => {
          if (this.#stopped) return;
          if (isTaskRunningError(error)) retrigger(5_000);
          else
            this.#logger.warn(`Starting the scheduled resync failed: ${error}`);
        });
      }, ms);
      this.#deferredResync.unref?.();
    };
    if (!this.#deferredResync) retrigger(wait);
    return true;
  }

  /**
   * A change hint from the catalog module: queue the ref durably (the hints of one turn in one
   * statement), then push
   * as soon as the catalog has stitched the change (the hint fires before
   * stitching; see HintBuffer). Hints that arrive together join one push.
   */
  onHint(entityRef: string): Promise<void> {
    return this.#hintIntake.add(entityRef);
  }

  /**
   * Pushes what is queued. One drain at a time per replica; a drain asked for
   * while one runs runs once more right after it, so no queued ref waits for
   * the next scheduled run. Other replicas drain in parallel safely: the
   * queue hands each item to one worker.
   */
  async drain(signal?: AbortSignal): Promise<void> {
    if (!this.#connection.ready) return;
    if (this.#draining) {
      this.#drainAgain = true;
      await this.#draining;
      return;
    }
    this.#draining = (async () => {
      do {
        this.#drainAgain = false;
        const report = await this.#currentEngine().drainQueue({ signal });
        this.#logReport(report);
      } while (this.#drainAgain && !signal?.aborted && !this.#stopped);
    })();
    try {
      await this.#draining;
    } finally {
      this.#draining = undefined;
    }
  }

  /** The change scan: queues what differs between the catalog and what was pushed, then pushes it. */
  async scan(signal?: AbortSignal): Promise<void> {
    if (!this.#connection.ready) return;
    const report = await this.#currentEngine().scan({ signal });
    const at = new Date().toISOString();
    this.#lastScan = { at, ...report };
    if (report.deletion.skipped) {
      this.#lastGuardTrip = { at, reason: report.deletion.reason ?? '' };
    }
    if (report.upserts === 0 && report.deletes === 0) return;
    this.#logger.info(
      `Change scan queued ${report.upserts} upserts and ${report.deletes} deletes`,
      { listed: report.listed, known: report.known },
    );
    await this.drain(signal);
  }

  /**
   * The resync task: works through pending resync requests (admin API, Port's
   * UI), or runs a scheduled resync when there is none and `scheduled` is set.
   */
  async runResyncs(options: {
    signal?: AbortSignal;
    scheduled: boolean;
  }): Promise<void> {
    if (!this.#connection.ready) {
      await this.#connection.whenReady(options.signal);
    }
    let createIfNone = options.scheduled && !this.#deferScheduledResync();
    for (;;) {
      const ran = await this.#exclusive.run(
        LEASES.resync,
        { signal: options.signal },
        this.#startRequests.bind(this, createIfNone),
      );
      // Not run: the replica holding the lease starts what is pending before it lets go. Run: a
      // request filed elsewhere after this run's last look, while it held the lease, is started
      // here (its replica could not take the lease).
      if (!ran || options.signal?.aborted || this.#stopped) return;
      if (!(await this.#requests.hasPending())) return;
      createIfNone = false;
    }
  }

  /** Under the resync's lease: runs the pending requests, oldest first (after a scheduled one, if asked). */
  async #startRequests(createIfNone: boolean, signal: AbortSignal) {
    for (let first = true; ; first = false) {
      const now = Date.now();
      const request = await this.#requests.start(now, {
        createIfNone: createIfNone && first,
        scheduledSince: now - this.#scheduleSpacingMs,
      });
      if (!request) return;
      await this.#runResync(request, signal);
      if (signal.aborted || this.#stopped) return;
    }
  }

  async #runResync(request: ResyncRequest, signal?: AbortSignal) {
    await this.#mappingSource?.refresh();
    const startedAt = new Date();
    await this.#resyncState.running(startedAt);
    try {
      await this.#blueprints.ensure(signal);
    } catch (error) {
      // The resync still writes what Port accepts; the state below says why the rest failed.
      this.#logger.warn(
        `Could not set up blueprints before resync ${request.id}: ${
          (error as Error).message
        }`,
      );
    }
    this.#logger.info(`Resync ${request.id} started`, {
      runId: request.id,
      source: request.source,
      force: request.force,
      kinds: request.kinds ?? 'all',
    });
    let report: SyncReport | undefined;
    let thrown: string | undefined;
    try {
      report = await this.#currentEngine().resync({
        runId: request.id,
        force: request.force,
        kinds: request.kinds ?? undefined,
        signal,
      });
      this.#logReport(report);
    } catch (error) {
      thrown = (error as Error).message;
      throw error;
    } finally {
      const finishedAt = new Date();
      await this.#requests.finish(
        request.id,
        report?.status ?? 'failed',
        finishedAt.getTime(),
      );
      // Port's resync state knows no `partial`: a run with failures is `failed` there, with what failed.
      await this.#resyncState.finished(
        report,
        startedAt,
        finishedAt,
        [thrown, this.#blueprints.summary()].filter(Boolean).join('; ') ||
          undefined,
      );
    }
  }

  async startResync(options: {
    force?: boolean;
    kinds?: string[];
    requestedBy?: string;
  }): Promise<{ runId: string }> {
    const request = await this.#requests.add(
      { source: 'api', ...options },
      { now: Date.now() },
    );
    try {
      await this.#triggerResync();
    } catch (error) {
      // The resync task is running right now: it starts pending requests
      // before it ends, so this one is not lost.
      if (!isTaskRunningError(error)) throw error;
    }
    return { runId: request.id };
  }

  async status(): Promise<PortSyncStatus> {
    const { parked, ...engine } = await this.#currentEngine().status();
    const recorded = await Promise.all(
      parked.map(item => this.#currentEngine().refState(item.ref)),
    );
    return {
      port: this.#connection.status(),
      blueprintSetup: this.#blueprints.status(),
      mapping: {
        source: this.#config.mapping.source,
        kinds: this.#mappingSource?.mapping.kinds() ?? this.#mapping.kinds(),
        ...this.#mappingSource?.status(),
      },
      changeScan: {
        last: this.#lastScan,
        lastGuardTrip: this.#lastGuardTrip,
      },
      resyncRequests: await this.#requests.list(10),
      ...engine,
      parked: parked.map((item, i) => ({
        ...item,
        parkedAt: new Date(item.updatedAt).toISOString(),
        portEntities: (recorded[i].recorded?.entities ?? []).map(
          ({ blueprint, identifier }) => ({ blueprint, identifier }),
        ),
      })),
    };
  }

  async preview(request: {
    entityRef?: string;
    entity?: BackstageEntity;
    mapping?: unknown;
  }): Promise<PreviewResponse> {
    let entity = request.entity;
    if (request.entityRef) {
      const [found] = await this.#source.getByRefs([request.entityRef]);
      if (!found)
        throw new NotFoundError(
          `No entity ${request.entityRef} in the catalog`,
        );
      entity = found as BackstageEntity;
    }
    let mapping = this.#mappingSource?.mapping ?? this.#mapping;
    // A caller's mapping is untrusted: it is compiled and run in a worker that is stopped past its
    // deadline; a mapping that does not compile there is the caller's error (400).
    let isolated: IsolatedMapping | undefined;
    if (request.mapping !== undefined) {
      try {
        mapping = isolated = await createIsolatedMapping(
          request.mapping as object,
          {
            configPath: 'mapping',
            ...this.#config.mapping.isolation,
          },
        );
      } catch (error) {
        if (error instanceof MappingConfigError)
          throw new InputError(error.message);
        throw error;
      }
    }
    let result;
    try {
      result = await mapping.applyAsync(entity!);
    } finally {
      await isolated?.close();
    }
    return {
      entityRef: stringifyEntityRef(entity as Entity),
      entities: result.entities,
      errors: result.errors,
      skipped: result.skipped,
    };
  }

  async entityState(entity: Entity): Promise<EntitySyncState> {
    const entityRef = stringifyEntityRef(entity);
    const engine = this.#currentEngine();
    const [result, { recorded, queued }] = await Promise.all([
      this.#mapping.applyAsync(entity as BackstageEntity),
      engine.refState(entityRef),
    ]);
    const produced = result.entities.flatMap(e =>
      typeof e.identifier === 'string'
        ? [{ ...e, identifier: e.identifier }]
        : [],
    );
    const port = this.#connection.status();
    const pushedNow =
      recorded !== undefined &&
      recorded.etag !== null &&
      recorded.etag === entity.metadata.etag;
    const notMapped =
      result.entities.length === 0 && !recorded?.entities.length;
    let state: EntitySyncStateName;
    if (queued?.parked) state = 'parked';
    else if (notMapped) state = 'not-mapped';
    else if (!queued && pushedNow) state = 'pushed';
    else if (!port.connected) state = 'port-unreachable';
    else if (queued && queued.attempts > 0) state = 'failed';
    else state = 'queued';
    // A field error names no entity mapping; its blueprint is known when its resource produced one blueprint only.
    const blueprintOf = (resourceIndex: number) => {
      const blueprints = new Set(
        result.entities
          .filter(e => e.resourceIndex === resourceIndex)
          .map(e => e.blueprint),
      );
      return blueprints.size === 1 ? [...blueprints][0] : undefined;
    };
    return {
      entityRef,
      state,
      // A save with an etag is one where Port accepted every entity of the ref; a failed write saves without one.
      ...(recorded?.etag && recorded.entities.length
        ? { lastPushedAt: new Date(recorded.updatedAt).toISOString() }
        : {}),
      ...(queued?.lastError ? { lastError: queued.lastError } : {}),
      ...(queued ? { attempts: queued.attempts } : {}),
      portEntities: produced.map(e => ({
        blueprint: e.blueprint,
        identifier: e.identifier,
        ...(typeof e.title === 'string' ? { title: e.title } : {}),
        url: portEntityUrl(this.#config.appUrl, e.blueprint, e.identifier),
      })),
      fieldErrors: result.errors.map(error => {
        const blueprint = blueprintOf(error.resourceIndex);
        return {
          ...(blueprint ? { blueprint } : {}),
          field: error.field,
          expression: error.expression,
          message: error.message,
          ...(error.position ? { position: error.position } : {}),
        };
      }),
      port: {
        connected: port.connected,
        ...(port.lastError ? { lastError: port.lastError } : {}),
      },
    };
  }

  /** Parked items of the ref become due now; the drain that pushes them starts without waiting for the schedule. */
  async retryParked(entityRef: string): Promise<number> {
    const requeued = await this.#currentEngine().retryParked([entityRef]);
    if (requeued > 0) {
      this.drain().catch(error =>
        this.#logger.error(`Pushing retried ${entityRef} failed: ${error}`),
      );
    }
    return requeued;
  }

  #logReport(report: SyncReport) {
    this.#metrics?.record(report);
    if (
      report.counts.mapped === 0 &&
      report.counts.deleted === 0 &&
      report.failures.length === 0
    ) {
      return;
    }
    const log =
      report.failures.length > 0 ? this.#logger.warn : this.#logger.info;
    log.call(
      this.#logger,
      `${report.type} run ${report.runId} ${report.status}`,
      {
        runId: report.runId,
        ...report.counts,
      },
    );
    // The live path retries each failure and the engine logs the one line when it parks an item.
    const failures = report.type === 'resync' ? report.failures : [];
    for (const failure of failures.slice(0, 20)) {
      this.#logger.warn(
        `Port rejected ${failure.blueprint}/${failure.identifier}: ${failure.message}`,
        {
          entityRef: failure.ref,
          status: failure.status,
          error: failure.error,
        },
      );
    }
  }
}
