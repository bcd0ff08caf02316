import { RunFailure, SyncPlan, SyncReport } from '@portsync/sync';
import { Colors } from '../output/colors';

/** Failures listed one per line; past this many, a count of the rest. */
const MAX_LISTED = 20;

function failureLines(failures: RunFailure[], colors: Colors): string {
  const listed = failures.slice(0, MAX_LISTED).map(failure => {
    const status = failure.status ? ` ${failure.status}` : '';
    const ref = failure.ref ? ` (${failure.ref})` : '';
    return `${colors.red('failed')} ${failure.blueprint}/${
      failure.identifier
    }${ref}:${status} ${failure.error}: ${failure.message}\n`;
  });
  const rest =
    failures.length > MAX_LISTED
      ? [`... and ${failures.length - MAX_LISTED} more failures\n`]
      : [];
  return [...listed, ...rest].join('');
}

/** The run's outcome in a few lines: the counts, each failure, and why deletion was skipped. */
export function formatReport(
  report: SyncReport,
  stateOrigin: string,
  colors: Colors,
): string {
  const { counts } = report;
  const seconds = ((report.timings.total ?? 0) / 1000).toFixed(1);
  const status =
    report.status === 'completed' && counts.failed === 0
      ? colors.green(report.status)
      : colors.red(report.status);
  const summary =
    `sync ${status} in ${seconds}s: ${counts.mapped} mapped, ${counts.upserted} upserted, ` +
    `${counts.unchanged} unchanged, ${counts.deleted} deleted, ${counts.failed} failed, ` +
    `${counts.skipped} skipped, ${counts.fieldErrors} field errors (state: ${stateOrigin})\n`;
  const deletion =
    report.deletion?.skipped && report.deletion.reason
      ? `${colors.yellow('deletion skipped')}: ${report.deletion.reason}\n`
      : '';
  return `${failureLines(report.failures, colors)}${deletion}${summary}`;
}

function value(data: unknown): string {
  const text = JSON.stringify(data) ?? 'undefined';
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}

/**
 * The plan as `diff` and `sync --dry-run` print it: `+` creates, `~` updates (with each changed field when
 * `fields` is on), `-` deletes, then the totals.
 */
export function formatPlan(
  plan: SyncPlan,
  colors: Colors,
  options: { fields: boolean },
): string {
  const lines: string[] = [];
  for (const write of plan.creates) {
    lines.push(colors.green(`+ ${write.blueprint}/${write.identifier}`));
  }
  for (const write of plan.updates) {
    lines.push(colors.yellow(`~ ${write.blueprint}/${write.identifier}`));
    if (options.fields) {
      for (const change of write.changes) {
        lines.push(
          `    ${change.path}: ${colors.red(
            value(change.before),
          )} → ${colors.green(value(change.after))}`,
        );
      }
    }
  }
  for (const target of plan.deletes) {
    lines.push(colors.red(`- ${target.blueprint}/${target.identifier}`));
  }
  const body = lines.map(line => `${line}\n`).join('');
  const deletion =
    plan.deletion.skipped && plan.deletion.reason
      ? `${colors.yellow('deletion would be skipped')}: ${
          plan.deletion.reason
        }\n`
      : '';
  return (
    `${body}${failureLines(plan.failures, colors)}${deletion}` +
    `${plan.creates.length} to create, ${plan.updates.length} to update, ${plan.deletes.length} to delete, ` +
    `${plan.unchanged} unchanged\n`
  );
}
