import { ensureBlueprints } from '@portsync/sync';
import { blueprintsForMapping, defaultBlueprints } from '@portsync/mapping';
import { CONFIG_FLAG, MAPPING_FLAGS, PORT_FLAGS } from '../config/commonFlags';
import { resolveMapping } from '../config/resolveMapping';
import { Settings } from '../config/Settings';
import { ParsedCommand } from '../framework/Command';
import { ExitCode } from '../framework/ExitCode';
import { connectPort } from '../port/connectPort';

export const blueprintsCommand: ParsedCommand = {
  kind: 'parsed',
  name: 'blueprints',
  summary:
    'Print the default blueprints a mapping writes to, or create them in Port',
  description:
    'Prints, as a JSON array, the default blueprints the mapping writes to (with every blueprint their relations\n' +
    'point at), or all of them with --all. With --create, creates those Port does not have: bare first, then\n' +
    'their relations, as Ocean does; blueprints that exist are left as they are.',
  maxPositionals: 0,
  flags: [
    {
      name: 'all',
      short: 'a',
      type: 'boolean',
      description: 'Every default blueprint, not only those the mapping needs',
    },
    {
      name: 'create',
      type: 'boolean',
      description: 'Create the missing ones in Port instead of printing them',
    },
    ...MAPPING_FLAGS,
    CONFIG_FLAG,
    ...PORT_FLAGS,
  ],
  examples: [
    {
      description: 'Print the blueprints the default mapping needs',
      command: 'portsync blueprints',
    },
    {
      description: "Create the blueprints Port's own mapping needs",
      command:
        'PORT_CLIENT_ID=... PORT_CLIENT_SECRET=... portsync blueprints --create --preset ocean-compatible',
    },
  ],
  async run(context, args) {
    const { stdout, stderr } = context.io;
    const settings = await Settings.load(context, args);
    const mapping = await resolveMapping(args, settings, context.cwd);
    const needed = blueprintsForMapping(mapping.compiled.config);
    const blueprints = args.boolean('all')
      ? defaultBlueprints
      : needed.blueprints;
    if (needed.unknown.length > 0) {
      stderr.write(
        `# the mapping writes to blueprints portsync has no default for; create them in Port yourself: ${needed.unknown.join(
          ', ',
        )}\n`,
      );
    }
    if (needed.dynamic.length > 0) {
      stderr.write(
        `# blueprints computed by expressions cannot be known before mapping: ${needed.dynamic.join(
          ', ',
        )}\n`,
      );
    }
    if (!args.boolean('create')) {
      stdout.write(`${JSON.stringify(blueprints, null, 2)}\n`);
      return ExitCode.Ok;
    }
    const port = settings.port();
    const client = await connectPort(port);
    const { created, existing, added, mismatches } = await ensureBlueprints(
      client,
      { blueprints, needs: needed.needs },
      { signal: context.signal },
    );
    for (const identifier of created) stdout.write(`created ${identifier}\n`);
    for (const identifier of existing) stdout.write(`exists  ${identifier}\n`);
    for (const field of added) stdout.write(`added   ${field}\n`);
    for (const mismatch of mismatches) stderr.write(`# ${mismatch.message}\n`);
    return ExitCode.Ok;
  },
};
