import { commands } from './commands';
import { UsageError } from './framework/CliError';
import { CliIo } from './framework/CliIo';
import { CommandContext } from './framework/Command';
import { ExitCode } from './framework/ExitCode';
import { formatCommandHelp, formatMainHelp } from './framework/formatHelp';
import { maskedIo } from './framework/maskedIo';
import { parseCommandLine } from './framework/parseCommandLine';
import { SecretMasker } from './framework/SecretMasker';
import { toCliError } from './framework/toCliError';

/** Shown in the top-level `--help` and the README. */
export const EXIT_CODES: Array<[ExitCode, string]> = [
  [ExitCode.Ok, 'success'],
  [
    ExitCode.Failed,
    'the command ran and something failed (an entity, a mapping field)',
  ],
  [ExitCode.Usage, 'usage error: unknown command or option, bad argument'],
  [
    ExitCode.Config,
    'configuration: missing setting, unreadable config, invalid mapping',
  ],
  [
    ExitCode.Backstage,
    'Backstage: unreachable, token rejected, entity not found',
  ],
  [
    ExitCode.Port,
    'Port: unreachable, credentials rejected, a call that failed for good',
  ],
];

/**
 * Runs the `portsync` command line and returns its exit code (`portsync jq` returns the jq CLI's own).
 *
 * @public
 */
export async function main(
  argv: string[],
  io: CliIo,
  version: string,
): Promise<number> {
  const secrets = new SecretMasker();
  const out = maskedIo(io, secrets);
  const [first, ...rest] = argv;
  if (first === undefined || first === '-h' || first === '--help') {
    out.stdout.write(formatMainHelp(commands, EXIT_CODES));
    return ExitCode.Ok;
  }
  if (first === '-V' || first === '--version') {
    out.stdout.write(`${version}\n`);
    return ExitCode.Ok;
  }
  const command = commands.find(c => c.name === first);
  if (!command) {
    out.stderr.write(
      `portsync: unknown ${
        first.startsWith('-') ? 'option' : 'command'
      } '${first}' (see portsync --help)\n`,
    );
    return ExitCode.Usage;
  }
  const context: CommandContext = {
    io: out,
    env: io.env ?? {},
    cwd: io.cwd ?? process.cwd(),
    signal: io.signal,
    secrets,
  };
  try {
    if (command.kind === 'delegated') {
      return await command.run(context, rest);
    }
    const args = parseCommandLine(rest, command.flags, command.maxPositionals);
    if (args.boolean('help')) {
      out.stdout.write(formatCommandHelp(command));
      return ExitCode.Ok;
    }
    return await command.run(context, args);
  } catch (error) {
    const cliError = toCliError(error);
    const hint =
      cliError instanceof UsageError
        ? ` (see portsync ${command.name} --help)`
        : '';
    const line = cliError.message.replace(/\s*\n\s*/g, ' ');
    out.stderr.write(`portsync ${command.name}: ${line}${hint}\n`);
    return cliError.exitCode;
  }
}
