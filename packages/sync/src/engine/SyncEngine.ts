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
 */
import type { BackstageEntity, CompiledMapping } from '@portsync/mapping';
import { PortApiError } from '@portsync/port-client';
import type { PortClient } from '@portsync/port-client';
import { stableStringify } from '../hashPayload';
import type {
  EntityRecord,
  QueueItem,
  RefState,
  RunFailure,
  StateStore,
} from '../state/StateStore';
import { defaultBackoff } from './backoff';
import {
  checkDeletionLimits,
  guardDeletion,
  largeDeletionWarning,
} from './deletionGuard';
import { fieldChanges } from './fieldChanges';
import {
  MappedEntity,
  Produced,
  keyOf,
  mapEntity,
  relationTargets,
} from './produce';
import { DeleteTarget, PortWriter, UpsertOutcome } from './PortWriter';
import { RunTracker, emptyCounts } from './RunTracker';
import type {
  EntitySource,
  PlannedWrite,
  Progress,
  ScanReport,
  SyncEngineOptions,
  SyncLogger,
  SyncPlan,
  SyncReport,
  SyncStatus,
} from './types';

const MAX_RAW_EXAMPLES = 5;
const SEARCH_CHUNK = 100;

/** Outcome of one produced entity within a batch. */
type WriteState = 'unchanged' | 'accepted' | 'failed' | 'deferred';

/**
 * Pushes catalog entities to Port: the live path (`enqueue`, `scan`, `drainQueue`), full
 * resyncs with reconciliation, dry-run plans and status. See README.md for the semantics.
 *
 * @public
 */
export class SyncEngine {
  private readonly source: EntitySource;
  private readonly mapping: CompiledMapping;
  private readonly client: PortClient;
  private readonly store: StateStore;
  private readonly logger: SyncLogger;
  private readonly writer: PortWriter;
  private readonly now: () => Date;
  private readonly maxAttempts: number;
  private readonly backoff: (attempts: number) => number;
  private readonly batchSize: number;
  private readonly queueBatchSize: number;
  private readonly claimLeaseMs: number;
  private readonly maxDeletionsPerRun: number | undefined;
  private readonly keepRuns: number;
  private readonly integrationId: string;
  private readonly integrationType: string;
  private readonly sendRawDataExamples: boolean;
  private readonly onProgress?: (progress: Progress) => void;
  /** Whether Port stamps this client's writes with the datasource the listing asks for. */
  private readonly datasourceMatches: boolean;
  /** Hash of the raw examples last sent per kind, so an unchanged catalog sends none. */
  private readonly sentExamples = new Map<string, string>();

  constructor(options: SyncEngineOptions) {
    this.source = options.source;
    this.mapping = options.mapping;
    this.client = options.client;
    this.store = options.store;
    this.logger = options.logger;
    this.now = options.now ?? (() => new Date());
    this.maxAttempts = options.maxAttempts ?? 10;
    this.backoff = options.backoff ?? defaultBackoff;
    this.batchSize = options.batchSize ?? 1000;
    this.queueBatchSize = options.queueBatchSize ?? 200;
    this.claimLeaseMs = options.claimLeaseMs ?? 10 * 60 * 1000;
    this.maxDeletionsPerRun = options.maxDeletionsPerRun;
    this.keepRuns = options.keepRuns ?? 200;
    this.integrationId = options.integration.identifier;
    this.integrationType = options.integration.type ?? 'backstage';
    this.sendRawDataExamples = options.sendRawDataExamples ?? false;
    this.onProgress = options.onProgress;
    const config = this.mapping.config;
    this.writer = new PortWriter(this.client, {
      merge: config.enableMergeEntity,
      createMissingRelatedEntities: config.createMissingRelatedEntities,
      deleteDependentEntities: config.deleteDependentEntities,
    });
    const agent = this.client.userAgent;
    this.datasourceMatches =
      agent.startsWith(this.datasourcePrefix) &&
      agent.endsWith(this.datasourceSuffix);
    if (!this.datasourceMatches) {
      this.logger.warn(
        `The Port client's User-Agent "${agent}" does not match integration ${this.integrationType}/${this.integrationId}; ownership is taken from the state instead of Port's datasource listing`,
      );
    }
  }

  private get datasourcePrefix(): string {
    return `port-ocean/${this.integrationType}/`;
  }

  private get datasourceSuffix(): string {
    return `/${this.integrationId}/exporter`;
  }

  /** Queues refs durably; `drainQueue` does the work. */
  async enqueue(
    items: Array<{ ref: string; op: 'upsert' | 'delete' }>,
  ): Promise<void> {
    await this.store.enqueue(items, this.now().getTime());
  }

  /**
   * Compares the catalog's cheap listing with the state and queues the differences: new refs
   * and changed etags or uids as upserts, vanished refs as deletes. When more refs vanished
   * than entityDeletionThreshold allows, no delete is queued and the report says why.
   */
  async scan(options: { signal?: AbortSignal } = {}): Promise<ScanReport> {
    const started = Date.now();
    const known = new Map(
      (await this.store.listRefs()).map(summary => [summary.ref, summary]),
    );
    const seen = new Set<string>();
    const upserts: Array<{ ref: string; op: 'upsert'; etag: string }> = [];
    for await (const page of this.source.listRefs({ signal: options.signal })) {
      for (const listed of page) {
        seen.add(listed.ref);
        const state = known.get(listed.ref);
        if (!state || state.etag !== listed.etag || state.uid !== listed.uid) {
          upserts.push({ ref: listed.ref, op: 'upsert', etag: listed.etag });
        }
      }
    }
    const vanished = [...known.keys()].filter(ref => !seen.has(ref));
    const threshold = this.mapping.config.entityDeletionThreshold;
    const { skipped, reason } = checkDeletionLimits({
      stale: vanished.length,
      owned: known.size,
      threshold,
      maxDeletions: this.maxDeletionsPerRun,
      counted: 'known refs vanished from the catalog',
      withheld: 'no delete was queued',
    });
    const deletion = {
      stale: vanished.length,
      owned: known.size,
      threshold,
      skipped,
      source: 'state' as const,
      ...(reason ? { reason } : {}),
    };
    if (skipped)
      this.logger.warn(deletion.reason!, { vanished: vanished.length });
    const deletes = skipped
      ? []
      : vanished.map(ref => ({ ref, op: 'delete' as const }));
    await this.store.enqueue([...upserts, ...deletes], this.now().getTime());
    return {
      listed: seen.size,
      known: known.size,
      upserts: upserts.length,
      deletes: deletes.length,
      deletion,
      durationMs: Date.now() - started,
    };
  }

  /**
   * The live path: claims due queue items in batches, reads those refs from the catalog, maps
   * them, writes what changed and deletes what a ref no longer produces. A ref that still
   * exists is upserted whatever its queued op said; one that is gone is deleted. Each ref's
   * state changes only after Port accepted its writes; a ref with a failure stays queued with
   * backoff and is parked after `maxAttempts`.
   */
  async drainQueue(
    options: { signal?: AbortSignal; limit?: number } = {},
  ): Promise<SyncReport> {
    const run = new RunTracker('changes', this.now);
    const handled = new Set<string>();
    const limit = options.limit ?? Infinity;
    let status: SyncReport['status'] = 'completed';
    let claimed: QueueItem[] = [];
    const deferred: QueueItem[] = [];
    try {
      while (handled.size < limit) {
        options.signal?.throwIfAborted();
        claimed = await this.store.claim({
          limit: Math.min(this.queueBatchSize, limit - handled.size),
          now: this.now().getTime(),
          leaseMs: this.claimLeaseMs,
        });
        // Items failed earlier in this call and due again already wait for the next call.
        const fresh = claimed.filter(item => !handled.has(item.ref));
        const again = claimed.filter(item => handled.has(item.ref));
        if (again.length > 0) await this.store.release(again.map(claimOf));
        if (fresh.length === 0) break;
        claimed = fresh;
        const waiting = await run.time('drain', () =>
          this.processQueueBatch(fresh, run, options.signal, true),
        );
        deferred.push(...waiting);
        for (const item of fresh) handled.add(item.ref);
        claimed = [];
        this.progress(run, 'drain', handled.size);
      }
      if (deferred.length > 0) {
        // Relation targets queued in later batches now exist: Ocean's retry at the end.
        claimed = deferred;
        await run.time('retry', () =>
          this.processQueueBatch(deferred, run, options.signal, false),
        );
        claimed = [];
        this.progress(run, 'retry', handled.size);
      }
    } catch (error) {
      status = this.failureStatus(error, options.signal);
      const held = [...claimed, ...deferred.filter(d => !claimed.includes(d))];
      if (held.length > 0) await this.store.release(held.map(claimOf));
      this.logRunError(run, error, status);
    }
    const report = run.report(status, false);
    if (handled.size > 0 || status !== 'completed') {
      await this.saveRun(run, status);
    }
    return report;
  }

  /** Queues the refs and drains the queue. */
  async applyChanges(
    refs: string[],
    options: { signal?: AbortSignal } = {},
  ): Promise<SyncReport> {
    await this.enqueue(refs.map(ref => ({ ref, op: 'upsert' as const })));
    return this.drainQueue({ signal: options.signal });
  }

  /**
   * A full pass: maps every entity (of `kinds`), writes what differs from the state
   * (everything with `force`), retries unmet relation dependencies at the end, then deletes
   * the owned entities no longer produced, within entityDeletionThreshold. With `dryRun`
   * nothing is written to Port or the state.
   */
  async resync(
    options: {
      force?: boolean;
      kinds?: string[];
      signal?: AbortSignal;
      dryRun?: boolean;
      /** The run's id, when the caller handed one out before the run started. */
      runId?: string;
    } = {},
  ): Promise<SyncReport> {
    const run = new RunTracker('resync', this.now, options.runId);
    const dryRun = options.dryRun ?? false;
    const { signal } = options;
    if (!dryRun) await this.store.saveRun(run.record('running'));
    const pass: ResyncPass = {
      force: options.force ?? false,
      dryRun,
      signal,
      seen: new Set(),
      produced: new Set(),
      present: new Set(),
      relationTargets: new Set(),
      deferred: new Map(),
      examples: new Map(),
    };
    let status: SyncReport['status'] = 'completed';
    try {
      await run.time('upsert', () => this.fullPass(pass, run, options.kinds));
      if (pass.deferred.size > 0) {
        await run.time('retry', () => this.retryDeferred(pass, run));
      }
      if (this.sendRawDataExamples && !dryRun) {
        await this.sendExamples(pass.examples);
      }
      await run.time('reconcile', () =>
        this.reconcile(pass, run, options.kinds),
      );
    } catch (error) {
      status = this.failureStatus(error, signal);
      run.deletion ??= {
        stale: 0,
        owned: 0,
        threshold: this.mapping.config.entityDeletionThreshold,
        skipped: true,
        reason: `the resync ${
          status === 'aborted' ? 'was aborted' : 'failed'
        } before reconciliation: nothing was deleted`,
      };
      this.logRunError(run, error, status);
    }
    if (!dryRun) await this.saveRun(run, status);
    this.logger.info(`resync ${status}`, {
      runId: run.id,
      dryRun,
      ...run.counts,
    });
    return run.report(status, dryRun);
  }

  /**
   * What a resync would do, compared with what Port holds now: creates, updates with their
   * changed fields, and the deletes the reconciliation would make. Writes nothing.
   */
  async plan(
    options: { kinds?: string[]; signal?: AbortSignal } = {},
  ): Promise<SyncPlan> {
    const counts = emptyCounts();
    const failures: RunFailure[] = [];
    const byBlueprint = new Map<string, Produced[]>();
    const produced = new Set<string>();
    const protectedIds = new Set<string>();
    for await (const page of this.source.pages({
      kinds: options.kinds,
      signal: options.signal,
    })) {
      for (const entity of page) {
        const mapped = await mapEntity(this.mapping, entity);
        this.countMapped(mapped, counts);
        if (mapped.error) {
          counts.failed += 1;
          failures.push(mappingFailure(mapped));
        }
        for (const item of mapped.produced) {
          if (item.identifier === undefined) continue;
          produced.add(keyOf(item.blueprint, item.identifier));
          if (this.mapping.config.createMissingRelatedEntities) {
            for (const target of relationTargets(item.payload))
              protectedIds.add(target);
          }
          const group = byBlueprint.get(item.blueprint) ?? [];
          group.push(item);
          byBlueprint.set(item.blueprint, group);
        }
      }
    }

    const creates: PlannedWrite[] = [];
    const updates: PlannedWrite[] = [];
    const present = new Set<string>();
    let unchanged = 0;
    for (const [blueprint, items] of byBlueprint) {
      for (let i = 0; i < items.length; i += SEARCH_CHUNK) {
        const chunk = items.slice(i, i + SEARCH_CHUNK);
        const current = await this.client.searchEntities(
          {
            combinator: 'and',
            rules: [
              {
                property: '$identifier',
                operator: 'in',
                value: chunk.map(item => item.identifier),
              },
              { property: '$blueprint', operator: '=', value: blueprint },
            ],
          },
          { excludeCalculatedProperties: true, signal: options.signal },
        );
        const byId = new Map(
          current.entities.map(entity => [String(entity.identifier), entity]),
        );
        for (const item of chunk) {
          const identifier = item.identifier!;
          const existing = byId.get(identifier);
          const write = {
            ref: item.ref,
            blueprint,
            identifier,
            payload: item.payload as Record<string, unknown>,
          };
          if (!existing) {
            creates.push({ ...write, changes: [] });
            continue;
          }
          present.add(keyOf(blueprint, identifier));
          const changes = fieldChanges(item.payload, existing);
          if (changes.length > 0) updates.push({ ...write, changes });
          else unchanged += 1;
        }
      }
    }

    const owned = await this.ownedEntities(this.now(), options.signal);
    const { stale, report } = guardDeletion({
      ...owned,
      produced,
      present,
      protectedIdentifiers: this.mapping.config.createMissingRelatedEntities
        ? protectedIds
        : undefined,
      inScope: await this.scopeFor(options.kinds),
      threshold: this.mapping.config.entityDeletionThreshold,
      maxDeletions: this.maxDeletionsPerRun,
    });
    return {
      creates,
      updates,
      deletes: stale.map(({ blueprint, identifier }) => ({
        blueprint,
        identifier,
      })),
      unchanged,
      counts: {
        ...counts,
        upserted: creates.length + updates.length,
        unchanged,
        deleted: stale.length,
      },
      failures,
      deletion: report,
    };
  }

  /** Last runs, queue depth, parked items and recorded entities per blueprint. */
  async status(): Promise<SyncStatus> {
    return {
      runs: await this.store.listRuns(10),
      queue: await this.store.queueStats(this.now().getTime()),
      parked: await this.store.listQueue({ parked: true, limit: 50 }),
      blueprints: await this.store.countByBlueprint(),
    };
  }

  // The live path.

  /**
   * Handles one claimed batch. With `deferUnmet`, items whose only failures are missing
   * relation targets keep their claim and are returned, to be tried again at the end of the
   * drain; their failures are not counted yet.
   */
  private async processQueueBatch(
    items: QueueItem[],
    run: RunTracker,
    signal: AbortSignal | undefined,
    deferUnmet: boolean,
  ): Promise<QueueItem[]> {
    const refs = items.map(item => item.ref);
    const [entities, states] = await Promise.all([
      this.source.getByRefs(refs, { signal }),
      this.store.getRefStates(refs),
    ]);
    const mapped: MappedEntity[] = [];
    const failuresByRef = new Map<string, RunFailure[]>();
    const unmetRefs = new Set<string>();
    const noteFailure = (ref: string, failure: RunFailure) => {
      failuresByRef.set(ref, [...(failuresByRef.get(ref) ?? []), failure]);
    };
    for (const entity of entities) {
      if (!entity) continue;
      const result = await mapEntity(this.mapping, entity);
      // A deferred item's second pass counts only its writes.
      if (deferUnmet) this.countMapped(result, run.counts);
      if (result.error) {
        noteFailure(result.ref, mappingFailure(result));
      }
      mapped.push(result);
    }
    const mappedByRef = new Map(mapped.map(m => [m.ref, m]));

    // Writes, with unmet dependencies retried once the rest of the batch is in.
    const { toWrite, writeStates } = this.splitUnchanged(mapped, states, false);
    if (deferUnmet) run.counts.unchanged += writeStates.size;
    const outcomes = await this.writer.upsert(toWrite, { signal });
    for (const outcome of outcomes) {
      writeStates.set(outcome.produced, outcome.ok ? 'accepted' : 'failed');
      if (outcome.ok) run.counts.upserted += 1;
      else noteFailure(outcome.produced.ref, outcome.failure!);
      if (outcome.unmetDependency) unmetRefs.add(outcome.produced.ref);
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
      (targets.length > 0 ? await this.store.findEntityRecords(targets) : [])
        .filter(record => !inBatch.has(record.ref))
        .map(record => keyOf(record.blueprint, record.identifier)),
    );
    const deletion = await this.writer.delete(
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
    await this.store.saveRefStates(save);
    if (forget.length > 0) await this.store.deleteRefStates(forget);

    const done = items.filter(item => !failuresByRef.has(item.ref));
    await this.store.complete(done.map(claimOf));
    const waiting: QueueItem[] = [];
    for (const item of items) {
      const failures = failuresByRef.get(item.ref);
      if (!failures) continue;
      const onlyUnmet = failures.length === 1 && unmetRefs.has(item.ref);
      if (deferUnmet && onlyUnmet) {
        waiting.push(item);
        continue;
      }
      for (const failure of failures) run.fail(failure);
      const attempts = item.attempts + 1;
      const parked = attempts >= this.maxAttempts;
      if (parked) {
        this.logger.warn(
          `parked ${item.ref} after ${attempts} failed attempts`,
          {
            ref: item.ref,
            error: describeFailure(failures[0]),
          },
        );
      }
      await this.store.fail(claimOf(item), {
        attempts,
        nextAttemptAt: this.now().getTime() + this.backoff(attempts),
        lastError: failures.map(describeFailure).join('; '),
        parked,
      });
    }
    return waiting;
  }

  // The resync.

  private async fullPass(
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
        .then(() =>
          pushError ? undefined : this.pushResyncBatch(batch, pass, run),
        )
        .catch(error => {
          pushError ??= error;
        });
    };
    for await (const page of this.source.pages({
      kinds,
      signal: pass.signal,
    })) {
      pass.signal?.throwIfAborted();
      for (const entity of page) {
        const mapped = await mapEntity(this.mapping, entity);
        this.countMapped(mapped, run.counts);
        if (mapped.error) run.fail(mappingFailure(mapped));
        pass.seen.add(mapped.ref);
        this.collectExample(pass, entity);
        buffer.push(mapped);
      }
      processed += page.length;
      if (buffer.length >= this.batchSize) {
        await inFlight;
        if (pushError) throw pushError;
        push(buffer);
        buffer = [];
        this.progress(run, 'upsert', processed);
      }
    }
    if (buffer.length > 0) push(buffer);
    await inFlight;
    if (pushError) throw pushError;
    this.progress(run, 'upsert', processed);
  }

  private async pushResyncBatch(
    mapped: MappedEntity[],
    pass: ResyncPass,
    run: RunTracker,
  ): Promise<void> {
    const states = await this.store.getRefStates(mapped.map(m => m.ref));
    const failedRefs = new Map<string, RunFailure>();
    const { toWrite, writeStates } = this.splitUnchanged(
      mapped,
      states,
      pass.force,
    );
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
        if (this.mapping.config.createMissingRelatedEntities) {
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
    const outcomes = await this.writer.upsert(toWrite, {
      signal: pass.signal,
      dryRun: pass.dryRun,
    });
    for (const outcome of outcomes) {
      writeStates.set(
        outcome.produced,
        this.resyncWriteState(outcome, pass, run),
      );
      if (outcome.failure && !outcome.unmetDependency) {
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
        entities: nextRecords(
          states.get(m.ref)?.entities ?? [],
          m,
          writeStates,
        ),
      };
    });
    // An unchanged catalog rewrites no state either.
    await this.store.saveRefStates(
      next.filter(state => !sameState(states.get(state.ref), state)),
    );
    await this.queueForRetry(failedRefs);
  }

  private resyncWriteState(
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
    if (outcome.unmetDependency) {
      const deferred = pass.deferred.get(produced.ref) ?? [];
      deferred.push(produced);
      pass.deferred.set(produced.ref, deferred);
      return 'deferred';
    }
    run.fail(outcome.failure!);
    return 'failed';
  }

  /** Ocean's end-of-resync retry of entities whose relation targets did not exist yet. */
  private async retryDeferred(
    pass: ResyncPass,
    run: RunTracker,
  ): Promise<void> {
    const items = [...pass.deferred.values()].flat();
    this.progress(run, 'retry', items.length);
    const outcomes = await this.writer.upsert(items, {
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
    const states = await this.store.getRefStates(refs);
    const entities = await this.source.getByRefs(refs, { signal: pass.signal });
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
    await this.store.saveRefStates(save);
    await this.queueForRetry(failedRefs);
  }

  private async reconcile(
    pass: ResyncPass,
    run: RunTracker,
    kinds: string[] | undefined,
  ): Promise<void> {
    this.progress(run, 'reconcile', pass.seen.size);
    const owned = await this.ownedEntities(run.startedAt, pass.signal);
    const { stale, report } = guardDeletion({
      ...owned,
      produced: pass.produced,
      present: pass.present,
      protectedIdentifiers: this.mapping.config.createMissingRelatedEntities
        ? pass.relationTargets
        : undefined,
      inScope: await this.scopeFor(kinds),
      threshold: this.mapping.config.entityDeletionThreshold,
      maxDeletions: this.maxDeletionsPerRun,
    });
    run.deletion = report;
    if (report.skipped) {
      this.logger.warn(`Skipping deletion: ${report.reason}`, {
        runId: run.id,
      });
      return;
    }
    const warning = largeDeletionWarning(report);
    if (warning && !pass.dryRun) {
      this.logger.warn(warning, { runId: run.id });
    }
    const result = await this.writer.delete(stale, {
      signal: pass.signal,
      dryRun: pass.dryRun,
    });
    run.counts.deleted += result.deleted.length;
    for (const failure of result.failures) run.fail(failure);
    if (pass.dryRun) return;

    await this.store.deleteEntityRecords(result.deleted);
    // Refs the catalog no longer has and whose Port entities are all gone are forgotten.
    const inScope = kindFilter(kinds);
    const remaining = new Set(
      (await this.store.listEntityRecords()).map(record => record.ref),
    );
    const gone = (await this.store.listRefs())
      .map(summary => summary.ref)
      .filter(
        ref => !pass.seen.has(ref) && inScope(ref) && !remaining.has(ref),
      );
    await this.store.deleteRefStates(gone);
  }

  /** Owned entities: Port's datasource listing, or the state when that is unavailable. */
  private async ownedEntities(
    before: Date,
    signal: AbortSignal | undefined,
  ): Promise<{ owned: DeleteTarget[]; source: 'datasource' | 'state' }> {
    if (this.datasourceMatches) {
      try {
        const listed = await this.client.listDatasourceEntities({
          datasourcePrefix: this.datasourcePrefix,
          datasourceSuffix: this.datasourceSuffix,
          before,
          signal,
        });
        return {
          source: 'datasource',
          owned: listed
            .filter(
              entity =>
                typeof entity.identifier === 'string' && entity.blueprint,
            )
            .map(entity => ({
              blueprint: String(entity.blueprint),
              identifier: entity.identifier as string,
              dependsOn: relationTargets(entity),
            })),
        };
      } catch (error) {
        if (!(error instanceof PortApiError)) throw error;
        this.logger.warn(
          `Port's datasource listing failed (${error.message}); taking owned entities from the state`,
        );
      }
    }
    return {
      source: 'state',
      owned: (await this.store.listEntityRecords()).map(record => ({
        blueprint: record.blueprint,
        identifier: record.identifier,
      })),
    };
  }

  /**
   * With `kinds`, only entities recorded for refs of those kinds may be stale: the others
   * were not part of this pass.
   */
  private async scopeFor(
    kinds: string[] | undefined,
  ): Promise<((target: DeleteTarget) => boolean) | undefined> {
    if (!kinds) return undefined;
    const inScope = kindFilter(kinds);
    const keys = new Set(
      (await this.store.listEntityRecords())
        .filter(record => inScope(record.ref))
        .map(record => keyOf(record.blueprint, record.identifier)),
    );
    return target => keys.has(keyOf(target.blueprint, target.identifier));
  }

  // Shared steps.

  private splitUnchanged(
    mapped: MappedEntity[],
    states: Map<string, RefState>,
    force: boolean,
  ): { toWrite: Produced[]; writeStates: Map<Produced, WriteState> } {
    const toWrite: Produced[] = [];
    const writeStates = new Map<Produced, WriteState>();
    for (const m of mapped) {
      const held = new Map(
        (states.get(m.ref)?.entities ?? []).map(r => [
          keyOf(r.blueprint, r.identifier),
          r.hash,
        ]),
      );
      for (const item of m.produced) {
        const same =
          !force &&
          item.identifier !== undefined &&
          held.get(keyOf(item.blueprint, item.identifier)) === item.hash;
        if (same) writeStates.set(item, 'unchanged');
        else toWrite.push(item);
      }
    }
    return { toWrite, writeStates };
  }

  private countMapped(
    mapped: MappedEntity,
    counts: SyncReport['counts'],
  ): void {
    counts.mapped += mapped.produced.length;
    counts.fieldErrors += mapped.fieldErrors;
    counts.skipped += mapped.skipped;
  }

  private async queueForRetry(
    failedRefs: Map<string, RunFailure>,
  ): Promise<void> {
    if (failedRefs.size === 0) return;
    const now = this.now().getTime();
    await this.store.enqueue(
      [...failedRefs].map(([ref, failure]) => ({
        ref,
        op: 'upsert' as const,
        attempts: 1,
        nextAttemptAt: now + this.backoff(1),
        lastError: describeFailure(failure),
      })),
      now,
    );
  }

  private collectExample(pass: ResyncPass, entity: BackstageEntity): void {
    const kind = this.resourceKind(entity.kind);
    const examples = pass.examples.get(kind) ?? [];
    if (examples.length >= MAX_RAW_EXAMPLES) return;
    examples.push(entity);
    pass.examples.set(kind, examples);
  }

  /** The kind as the mapping spells it (Ocean reports examples under the resource's kind). */
  private resourceKind(kind: string): string {
    const lower = kind.toLowerCase();
    return this.mapping.kinds().find(k => k.toLowerCase() === lower) ?? kind;
  }

  private async sendExamples(
    examples: Map<string, BackstageEntity[]>,
  ): Promise<void> {
    for (const [kind, entities] of examples) {
      const hash = stableStringify(entities);
      if (this.sentExamples.get(kind) === hash) continue;
      try {
        await this.client.sendRawExamples(this.integrationId, kind, entities);
        this.sentExamples.set(kind, hash);
      } catch (error) {
        // As in Ocean, examples are a convenience: a failure is only logged.
        this.logger.warn(
          `could not send raw examples of kind ${kind}: ${
            (error as Error).message
          }`,
        );
      }
    }
  }

  private async saveRun(
    run: RunTracker,
    status: SyncReport['status'],
  ): Promise<void> {
    await this.store.saveRun(run.record(status));
    await this.store.pruneRuns(this.keepRuns);
  }

  private failureStatus(
    error: unknown,
    signal: AbortSignal | undefined,
  ): 'aborted' | 'failed' {
    return signal?.aborted || (error as Error)?.name === 'AbortError'
      ? 'aborted'
      : 'failed';
  }

  private logRunError(run: RunTracker, error: unknown, status: string): void {
    const message = (error as Error)?.message ?? String(error);
    const log = status === 'aborted' ? this.logger.warn : this.logger.error;
    log.call(this.logger, `${run.type} run ${status}: ${message}`, {
      runId: run.id,
    });
  }

  private progress(
    run: RunTracker,
    phase: Progress['phase'],
    processed: number,
  ): void {
    this.onProgress?.({
      runId: run.id,
      type: run.type,
      phase,
      processed,
      counts: { ...run.counts },
    });
  }
}

interface ResyncPass {
  force: boolean;
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
  /** Up to five raw entities per kind. */
  examples: Map<string, BackstageEntity[]>;
}

/** The records a ref keeps: accepted and unchanged writes with their hash, the old record of a failed one. */
function nextRecords(
  previous: EntityRecord[],
  mapped: MappedEntity,
  writeStates: Map<Produced, WriteState>,
): EntityRecord[] {
  const records = new Map(
    previous.map(r => [keyOf(r.blueprint, r.identifier), r]),
  );
  for (const item of mapped.produced) {
    if (item.identifier === undefined) continue;
    const state = writeStates.get(item);
    if (state === 'accepted' || state === 'unchanged') {
      records.set(keyOf(item.blueprint, item.identifier), {
        blueprint: item.blueprint,
        identifier: item.identifier,
        hash: item.hash,
      });
    }
  }
  return [...records.values()];
}

function sameState(before: RefState | undefined, after: RefState): boolean {
  if (!before || before.uid !== after.uid || before.etag !== after.etag)
    return false;
  if (before.entities.length !== after.entities.length) return false;
  const hashes = new Map(
    before.entities.map(r => [keyOf(r.blueprint, r.identifier), r.hash]),
  );
  return after.entities.every(
    r => hashes.get(keyOf(r.blueprint, r.identifier)) === r.hash,
  );
}

function claimOf(item: QueueItem): {
  ref: string;
  seq: number;
  claimedBy: string;
} {
  return { ref: item.ref, seq: item.seq, claimedBy: item.claimedBy! };
}

function stringOrNull(value: unknown): string | null {
  return typeof value === 'string' ? value : null;
}

function mappingFailure(mapped: MappedEntity): RunFailure {
  return {
    ref: mapped.ref,
    blueprint: '',
    identifier: '',
    error: 'mapping_failed',
    message: mapped.error ?? '',
  };
}

function describeFailure(failure: RunFailure): string {
  const status = failure.status ? `${failure.status} ` : '';
  return `${failure.blueprint}/${failure.identifier}: ${status}${failure.error}: ${failure.message}`;
}

function kindFilter(kinds: string[] | undefined): (ref: string) => boolean {
  if (!kinds) return () => true;
  const wanted = new Set(kinds.map(kind => kind.toLowerCase()));
  return ref => wanted.has(ref.slice(0, ref.indexOf(':')).toLowerCase());
}
