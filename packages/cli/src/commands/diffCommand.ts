import { ParsedCommand } from '../framework/Command';
import { ExitCode } from '../framework/ExitCode';
import { colorsFor } from '../output/colors';
import { createProgressReporter } from '../output/ProgressReporter';
import { formatPlan } from '../sync/formatReport';
import { prepareSync, SYNC_FLAGS } from '../sync/prepareSync';

export const diffCommand: ParsedCommand = {
  kind: 'parsed',
  name: 'diff',
  summary:
    'The plan against Port: creates, updates with field-level diffs, deletes; writes nothing',
  description:
    'Reads the whole catalog from Backstage, maps it, and compares the result with what Port holds now: the\n' +
    'entities a sync would create (+), update (~, with each changed field) and delete (-, within the\n' +
    'entityDeletionThreshold). Coloured on a terminal. Writes nothing, neither to Port nor to --state.',
  maxPositionals: 0,
  flags: [
    {
      name: 'exit-code',
      type: 'boolean',
      description:
        'Exit 1 when there is anything to change, as git diff --exit-code does',
    },
    ...SYNC_FLAGS.filter(flag => flag.name !== 'state'),
  ],
  examples: [
    {
      description: 'What would change in Port',
      command:
        'BACKSTAGE_URL=http://localhost:7007 BACKSTAGE_TOKEN=... PORT_CLIENT_ID=... PORT_CLIENT_SECRET=... portsync diff',
    },
    {
      description: 'Fail a CI step when Port has drifted from the catalog',
      command: 'portsync diff -c app-config.yaml --exit-code',
    },
    {
      description: 'Only components, as JSON',
      command: 'portsync diff --kind component --json',
    },
  ],
  async run(context, args) {
    const { stdout, stderr } = context.io;
    const reporter = createProgressReporter(stderr);
    let plan;
    try {
      const prepared = await prepareSync(context, args, reporter);
      reporter.phase('reading', prepared.total);
      plan = await prepared.engine.plan({
        kinds: prepared.kinds,
        signal: context.signal,
      });
    } finally {
      reporter.stop();
    }
    if (args.boolean('json')) {
      stdout.write(`${JSON.stringify(plan, null, 2)}\n`);
    } else {
      stdout.write(
        formatPlan(plan, colorsFor(stdout, context.env), { fields: true }),
      );
    }
    if (plan.failures.length > 0) {
      return ExitCode.Failed;
    }
    const changes =
      plan.creates.length + plan.updates.length + plan.deletes.length;
    return args.boolean('exit-code') && changes > 0
      ? ExitCode.Failed
      : ExitCode.Ok;
  },
};
