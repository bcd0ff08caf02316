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
  /** portsync's own cap: more stale entities than this in one run and nothing is deleted. Off when undefined. */
  maxDeletions?: number;
}

/** At or above this many deletions in one run, or this share of what is owned, a deletion is logged before it starts. */
const LARGE_DELETION_COUNT = 50;
const LARGE_DELETION_SHARE = 0.2;

/**
 * The two limits on one run's deletions: Ocean's `entityDeletionThreshold` (a share of what is owned) and
 * portsync's optional absolute cap. Shared by the resync's reconcile and the change scan, whose reasons differ
 * only in what they count.
 */
export function checkDeletionLimits(input: {
  stale: number;
  owned: number;
  threshold: number;
  maxDeletions?: number;
  /** What is counted and what is held back, for the reason: `owned entities are stale` / `nothing was deleted`. */
  counted: string;
  withheld: string;
}): { skipped: boolean; reason?: string } {
  const ratio = input.owned === 0 ? 0 : input.stale / input.owned;
  const share = `${input.stale} of ${input.owned} ${input.counted} (${(
    ratio * 100
  ).toFixed(1)}%)`;
  if (ratio > input.threshold) {
    return {
      skipped: true,
      reason: `${share}, above the entityDeletionThreshold of ${(
        input.threshold * 100
      ).toFixed(1)}%: ${input.withheld}`,
    };
  }
  if (input.maxDeletions !== undefined && input.stale > input.maxDeletions) {
    return {
      skipped: true,
      reason: `${share}, more than maxDeletionsPerRun (${input.maxDeletions}): ${input.withheld}`,
    };
  }
  return { skipped: false };
}

/**
 * The line logged before a large deletion goes ahead (Port's default threshold of 0.9 lets a run delete most of
 * the catalog); undefined for a small one or one the guard skipped.
 */
export function largeDeletionWarning(
  report: DeletionReport,
): string | undefined {
  if (report.skipped || report.stale === 0) return undefined;
  const share = report.owned === 0 ? 0 : report.stale / report.owned;
  if (report.stale < LARGE_DELETION_COUNT && share < LARGE_DELETION_SHARE) {
    return undefined;
  }
  return `Deleting ${report.stale} of ${report.owned} entities from Port (${(
    share * 100
  ).toFixed(1)}%), within the entityDeletionThreshold of ${(
    report.threshold * 100
  ).toFixed(1)}%; set maxDeletionsPerRun to cap deletions per run`;
}

/**
 * Ocean's stale-entity rule with its threshold (port-api-notes §4.2 step 5): stale = owned
 * minus produced; nothing is deleted when stale / owned exceeds the threshold, or when there
 * are more stale entities than portsync's optional `maxDeletions`.
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
    maxDeletions: input.maxDeletions,
    source: input.source,
    what: 'owned entities are stale',
    outcome: 'nothing was deleted',
  });
  return { stale: report.skipped ? [] : stale, report };
}

/**
 * The deletion limits as a report, for the resync (owned entities) and the change scan (known
 * refs that vanished).
 */
export function deletionVerdict(input: {
  stale: number;
  owned: number;
  threshold: number;
  maxDeletions?: number;
  source: 'datasource' | 'state';
  /** How the reason names the stale ones: `${stale} of ${owned} ${what}`. */
  what: string;
  /** What the reason says happened when the guard tripped. */
  outcome: string;
}): DeletionReport {
  const { skipped, reason } = checkDeletionLimits({
    stale: input.stale,
    owned: input.owned,
    threshold: input.threshold,
    maxDeletions: input.maxDeletions,
    counted: input.what,
    withheld: input.outcome,
  });
  return {
    stale: input.stale,
    owned: input.owned,
    threshold: input.threshold,
    skipped,
    source: input.source,
    ...(reason ? { reason } : {}),
  };
}
