import { blueprintsForMapping } from '@portsync/mapping';
import { SyncReport, ensureBlueprints } from '@portsync/sync';
import { ParsedCommand } from '../framework/Command';
import { ExitCode } from '../framework/ExitCode';
import { colorsFor } from '../output/colors';
import { createProgressReporter } from '../output/ProgressReporter';
import { formatPlan, formatReport } from '../sync/formatReport';
import { prepareSync, SYNC_FLAGS } from '../sync/prepareSync';
import { saveState } from '../sync/stateFile';

export const syncCommand: ParsedCommand = {
  kind: 'parsed',
  name: 'sync',
  summary:
    'One full sync from a running Backstage into Port, then exit (for CI)',
  description:
    "Reads Backstage's catalog page by page over its REST API (with a static external-access token), maps every\n" +
    'entity and brings Port in line: creates and updates what differs, deletes what the integration owns but no\n' +
    'entity produces any more (within entityDeletionThreshold). Without --state, Port itself is the state: each\n' +
    'entity is compared with Port and ownership comes from its datasource listing. With --state FILE, the\n' +
    'state is read from and saved to that file. Creates the missing default blueprints first unless\n' +
    'port.initializePortResources is false. A progress bar on a terminal, plain lines otherwise. Exits 1 when\n' +
    'any entity failed.',
  maxPositionals: 0,
  flags: [
    {
      name: 'dry-run',
      short: 'n',
      type: 'boolean',
      description: 'Write nothing; print the plan instead',
    },
    {
      name: 'force',
      short: 'f',
      type: 'boolean',
      description: 'Write every entity, even those Port already holds',
    },
    ...SYNC_FLAGS,
  ],
  examples: [
    {
      description: 'A scheduled CI job: everything from the environment',
      command:
        'BACKSTAGE_URL=https://backstage.example.com BACKSTAGE_TOKEN=... \\\n' +
        '  PORT_CLIENT_ID=... PORT_CLIENT_SECRET=... portsync sync',
    },
    {
      description:
        "With the plugin's app-config and a state file kept between runs",
      command:
        'portsync sync -c app-config.yaml -c app-config.production.yaml --state portsync-state.json',
    },
    {
      description: 'See what a sync would do, without writing',
      command: 'portsync sync --dry-run',
    },
    {
      description: 'The run report as JSON, for another tool',
      command: 'portsync sync --json > report.json',
    },
  ],
  async run(context, args) {
    const { stdout, stderr } = context.io;
    const dryRun = args.boolean('dry-run');
    const reporter = createProgressReporter(stderr);
    let report: SyncReport;
    let stateOrigin: string;
    try {
      const prepared = await prepareSync(context, args, reporter);
      if (dryRun) {
        reporter.phase('reading', prepared.total);
        const plan = await prepared.engine.plan({
          kinds: prepared.kinds,
          signal: context.signal,
        });
        reporter.stop();
        stdout.write(
          args.boolean('json')
            ? `${JSON.stringify({ dryRun: true, plan }, null, 2)}\n`
            : `dry run, nothing written:\n${formatPlan(
                plan,
                colorsFor(stdout, context.env),
                { fields: false },
              )}`,
        );
        return plan.failures.length > 0 ? ExitCode.Failed : ExitCode.Ok;
      }
      if (prepared.settings.port().initializePortResources) {
        const { created, added, mismatches } = await ensureBlueprints(
          prepared.client,
          blueprintsForMapping(prepared.mapping.compiled.config),
          { signal: context.signal },
        );
        if (created.length > 0) {
          reporter.log(`created blueprints in Port: ${created.join(', ')}`);
        }
        if (added.length > 0) {
          reporter.log(`added to blueprints in Port: ${added.join(', ')}`);
        }
        for (const mismatch of mismatches) reporter.log(mismatch.message);
      }
      // One resync path for every mode: the state file, or Port itself as the state.
      reporter.phase('reading', prepared.total);
      report = await prepared.engine.resync({
        force: args.boolean('force'),
        kinds: prepared.kinds,
        signal: context.signal,
        compareWithPort: !prepared.statePath,
      });
      if (prepared.statePath) {
        await saveState(prepared.statePath, prepared.store);
      }
      stateOrigin =
        prepared.statePath ??
        (args.boolean('force') ? 'Port, every entity written' : 'Port');
    } finally {
      reporter.stop();
    }
    if (args.boolean('json')) {
      stdout.write(`${JSON.stringify(report, null, 2)}\n`);
    } else {
      stdout.write(
        formatReport(report, stateOrigin, colorsFor(stdout, context.env)),
      );
    }
    return report.status === 'completed' && report.counts.failed === 0
      ? ExitCode.Ok
      : ExitCode.Failed;
  },
};
