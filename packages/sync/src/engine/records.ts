/*
 * Pure steps every flow shares: which produced entities Port already holds, what a ref's
 * state becomes after a batch, and how failures are described. No I/O here, so each rule is
 * tested directly (records.test.ts).
 */
import type {
  DeletionReport,
  ClaimedItem,
  EntityRecord,
  QueueItem,
  RefState,
  RunCounts,
  RunFailure,
} from '../state/StateStore';
import { MappedEntity, Produced, keyOf } from './produce';

/** Outcome of one produced entity within a batch. */
export type WriteState = 'unchanged' | 'accepted' | 'failed' | 'deferred';

/**
 * Splits produced entities into those to write and those whose payload hash equals what Port
 * last accepted (`unchanged`); with `force` everything is written.
 */
export function splitUnchanged(
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

/** The records a ref keeps: accepted and unchanged writes with their hash, the old record of a failed one. */
export function nextRecords(
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

/** Whether saving `after` would change nothing (so an unchanged catalog rewrites no state). */
export function sameState(
  before: RefState | undefined,
  after: RefState,
): boolean {
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

export function claimOf(item: QueueItem): ClaimedItem {
  return { ref: item.ref, seq: item.seq, claimedBy: item.claimedBy! };
}

export function stringOrNull(value: unknown): string | null {
  return typeof value === 'string' ? value : null;
}

export function mappingFailure(mapped: MappedEntity): RunFailure {
  return {
    ref: mapped.ref,
    blueprint: '',
    identifier: '',
    error: 'mapping_failed',
    message: mapped.error ?? '',
  };
}

/** One line for a queue item's `lastError` and the log. */
export function describeFailure(failure: RunFailure): string {
  const status = failure.status ? `${failure.status} ` : '';
  return `${failure.blueprint}/${failure.identifier}: ${status}${failure.error}: ${failure.message}`;
}

/**
 * A rejection that sending the same payload again cannot fix: Port answered with a 4xx that
 * is about the request itself (422 invalid, 413 too large, 400 malformed), not about timing
 * (408, 409, 425, 429), credentials (401, 403, which a new token may fix) or a target that
 * may appear later (404). A mapping error is permanent too: the entity has to change first.
 */
export function isPermanent(failure: RunFailure): boolean {
  if (failure.error === 'mapping_failed') return true;
  const status = failure.status ?? 0;
  if (status < 400 || status >= 500) return false;
  return ![401, 403, 404, 408, 409, 425, 429].includes(status);
}

/** Keeps refs of `kinds` (all when absent), compared case-insensitively. */
export function kindFilter(
  kinds: string[] | undefined,
): (ref: string) => boolean {
  if (!kinds) return () => true;
  const wanted = new Set(kinds.map(kind => kind.toLowerCase()));
  return ref => wanted.has(ref.slice(0, ref.indexOf(':')).toLowerCase());
}

/** Adds one mapped entity's mapping counts. */
export function countMapped(mapped: MappedEntity, counts: RunCounts): void {
  counts.mapped += mapped.produced.length;
  counts.fieldErrors += mapped.fieldErrors;
  counts.skipped += mapped.skipped;
}

/** `aborted` when the caller stopped the run, `failed` when something else did. */
export function failureStatus(
  error: unknown,
  signal: AbortSignal | undefined,
): 'aborted' | 'failed' {
  return signal?.aborted || (error as Error)?.name === 'AbortError'
    ? 'aborted'
    : 'failed';
}

/**
 * The status a run that reached its end reports: `completed` only when nothing failed,
 * `failed` when everything it tried failed (nothing written, deleted or already in Port),
 * `partial` otherwise. A run that stopped early keeps its `failed` or `aborted`.
 */
export function finalStatus(
  status: 'completed' | 'failed' | 'aborted',
  counts: RunCounts,
): 'completed' | 'partial' | 'failed' | 'aborted' {
  if (status !== 'completed' || counts.failed === 0) return status;
  const wentThrough = counts.upserted + counts.deleted + counts.unchanged;
  return wentThrough === 0 ? 'failed' : 'partial';
}

/**
 * What went wrong in a run, in one line for a log or Port's resync state; undefined when
 * nothing did. Names the failed writes and a deletion the guard skipped.
 */
export function runProblems(report: {
  counts: RunCounts;
  failures: RunFailure[];
  deletion?: DeletionReport;
}): string | undefined {
  const problems: string[] = [];
  const { counts } = report;
  if (counts.failed > 0) {
    const tried = counts.failed + counts.upserted + counts.deleted;
    const first = report.failures[0];
    problems.push(
      `${counts.failed} of ${tried} writes failed${
        first ? ` (first: ${describeFailure(first)})` : ''
      }`,
    );
  }
  if (report.deletion?.skipped && report.deletion.reason) {
    problems.push(`deletion skipped: ${report.deletion.reason}`);
  }
  return problems.length > 0 ? problems.join('; ') : undefined;
}
