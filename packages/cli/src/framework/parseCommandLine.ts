import { parseArgs, ParseArgsConfig } from 'node:util';
import { FlagSpec } from './Command';
import { UsageError } from './CliError';
import { ParsedArgs } from './ParsedArgs';

/** Added to every command's table. */
export const HELP_FLAG: FlagSpec = {
  name: 'help',
  short: 'h',
  type: 'boolean',
  description: 'Show this help',
};

/**
 * Parses a command's arguments with Node's `util.parseArgs`, configured from the flag table. Its errors become one
 * `UsageError` line; the caller adds the command name and the pointer to `--help`.
 */
export function parseCommandLine(
  argv: string[],
  flags: FlagSpec[],
  maxPositionals: number,
): ParsedArgs {
  const options: NonNullable<ParseArgsConfig['options']> = {};
  for (const flag of [...flags, HELP_FLAG]) {
    options[flag.name] = {
      type: flag.type,
      multiple: flag.multiple ?? false,
      ...(flag.short ? { short: flag.short } : {}),
    };
  }
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      options,
      strict: true,
      allowPositionals: true,
    });
  } catch (error) {
    throw new UsageError(describeParseError(error as NodeJS.ErrnoException));
  }
  const args = new ParsedArgs(
    parsed.values as Record<string, string | boolean | string[] | undefined>,
    parsed.positionals,
  );
  if (!args.boolean('help') && parsed.positionals.length > maxPositionals) {
    throw new UsageError(
      `unexpected argument '${parsed.positionals[maxPositionals]}'`,
    );
  }
  return args;
}

function describeParseError(error: NodeJS.ErrnoException): string {
  const quoted = /'([^']+)'/.exec(error.message)?.[1];
  if (error.code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION' && quoted) {
    return `unknown option '${quoted}'`;
  }
  // Node's messages run on with advice that does not fit one line; the first sentence says what is wrong.
  const first = error.message.split(/\.\s/)[0].replace(/\.$/, '');
  return first.charAt(0).toLowerCase() + first.slice(1);
}
