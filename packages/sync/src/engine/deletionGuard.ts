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
  const ratio = owned.size === 0 ? 0 : stale.length / owned.size;
  const skipped = ratio > input.threshold;
  return {
    stale: skipped ? [] : stale,
    report: {
      stale: stale.length,
      owned: owned.size,
      threshold: input.threshold,
      skipped,
      source: input.source,
      ...(skipped
        ? {
            reason: `${stale.length} of ${
              owned.size
            } owned entities are stale (${(ratio * 100).toFixed(
              1,
            )}%), above the entityDeletionThreshold of ${(
              input.threshold * 100
            ).toFixed(1)}%: nothing was deleted`,
          }
        : {}),
    },
  };
}
