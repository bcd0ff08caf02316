import type { DeletionReport } from '../state/StateStore';
import type { DeleteTarget } from './PortWriter';
import { keyOf } from './produce';

export interface DeletionInput {
  /** Port entities this integration owns, as listed (or as the state recorded them). */
  owned: DeleteTarget[];
  source: 'datasource' | 'state';
  /** Keys of every entity produced this run, written or not. */
  produced: ReadonlySet<string>;
  /** Keys produced this run that Port holds (accepted or unchanged): owned too, even when the listing missed them. */
  present: ReadonlySet<string>;
  /** Identifiers that kept entities point at; kept when Port creates missing relation targets (as Ocean does). */
  protectedIdentifiers?: ReadonlySet<string>;
  /** Limits the owned entities considered (a resync of some kinds only). */
  inScope?: (target: DeleteTarget) => boolean;
  threshold: number;
}

/**
 * Ocean's stale-entity rule with its threshold (port-api-notes §4.2 step 5): stale = owned
 * minus produced; nothing is deleted when stale / owned exceeds the threshold.
 */
export function guardDeletion(input: DeletionInput): {
  stale: DeleteTarget[];
  report: DeletionReport;
} {
  const owned = new Set(input.present);
  const stale: DeleteTarget[] = [];
  const seen = new Set<string>();
  for (const target of input.owned) {
    if (input.inScope && !input.inScope(target)) continue;
    const key = keyOf(target.blueprint, target.identifier);
    if (seen.has(key)) continue;
    seen.add(key);
    owned.add(key);
    if (input.produced.has(key)) continue;
    if (input.protectedIdentifiers?.has(target.identifier)) continue;
    stale.push(target);
  }
  const report = deletionVerdict({
    stale: stale.length,
    owned: owned.size,
    threshold: input.threshold,
    source: input.source,
    what: 'owned entities are stale',
    outcome: 'nothing was deleted',
  });
  return { stale: report.skipped ? [] : stale, report };
}

/**
 * The threshold rule itself, for the resync (owned entities) and the change scan (known refs
 * that vanished): deletion is skipped when stale / owned exceeds the threshold.
 */
export function deletionVerdict(input: {
  stale: number;
  owned: number;
  threshold: number;
  source: 'datasource' | 'state';
  /** How the reason names the stale ones: `${stale} of ${owned} ${what}`. */
  what: string;
  /** What the reason says happened when the guard tripped. */
  outcome: string;
}): DeletionReport {
  const ratio = input.owned === 0 ? 0 : input.stale / input.owned;
  const skipped = ratio > input.threshold;
  return {
    stale: input.stale,
    owned: input.owned,
    threshold: input.threshold,
    skipped,
    source: input.source,
    ...(skipped
      ? {
          reason: `${input.stale} of ${input.owned} ${input.what} (${(
            ratio * 100
          ).toFixed(1)}%), above the entityDeletionThreshold of ${(
            input.threshold * 100
          ).toFixed(1)}%: ${input.outcome}`,
        }
      : {}),
  };
}
