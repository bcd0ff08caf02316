import { RunFailure, SyncPlan, SyncReport } from '@portsync/sync';
import { PreparedSync } from './prepareSync';
import { ProgressReporter } from '../output/ProgressReporter';

/**
 * A sync with Port itself as the state, for a CI job that keeps no file: the plan compares every mapped entity
 * with Port, only the refs whose entities differ are written (through the engine, with its relation ordering
 * and retries), and the plan's deletes (the datasource listing's owned entities that no entity produced, within
 * the deletion threshold) are deleted. A second run over an unchanged catalog writes nothing.
 */
export async function syncFromPort(
  prepared: PreparedSync,
  reporter: ProgressReporter,
  signal: AbortSignal | undefined,
): Promise<SyncReport> {
  const { engine, client, mapping, kinds } = prepared;
  const started = new Date();
  reporter.phase('reading', prepared.total);
  const plan: SyncPlan = await engine.plan({ kinds, signal });

  const refs = [
    ...new Set([...plan.creates, ...plan.updates].map(write => write.ref)),
  ];
  reporter.phase('writing', refs.length);
  const applied = refs.length
    ? await engine.applyChanges(refs, { signal })
    : undefined;

  const failures: RunFailure[] = [
    ...plan.failures,
    ...(applied?.failures ?? []),
  ];
  let deleted = 0;
  const byBlueprint = new Map<string, string[]>();
  for (const target of plan.deletes) {
    byBlueprint.set(target.blueprint, [
      ...(byBlueprint.get(target.blueprint) ?? []),
      target.identifier,
    ]);
  }
  for (const [blueprint, identifiers] of byBlueprint) {
    const result = await client.deleteEntities(blueprint, identifiers, {
      deleteDependents: mapping.compiled.config.deleteDependentEntities,
      signal,
    });
    deleted += result.deleted.length;
    for (const failure of result.notDeleted) {
      failures.push({ blueprint, ...failure });
    }
  }

  const finished = new Date();
  return {
    runId: applied?.runId ?? '',
    type: 'resync',
    status: applied?.status ?? 'completed',
    startedAt: started.toISOString(),
    finishedAt: finished.toISOString(),
    counts: {
      mapped: plan.counts.mapped,
      upserted: applied?.counts.upserted ?? 0,
      unchanged: plan.unchanged,
      deleted,
      failed: failures.length,
      skipped: plan.counts.skipped,
      fieldErrors: plan.counts.fieldErrors,
    },
    failures,
    deletion: plan.deletion,
    timings: {
      ...(applied?.timings ?? {}),
      total: finished.getTime() - started.getTime(),
    },
  };
}
