import { Command, FlagSpec, ParsedCommand } from './Command';
import { HELP_FLAG } from './parseCommandLine';

const INDENT = '  ';

function flagLabel(flag: FlagSpec): string {
  const short = flag.short ? `-${flag.short}, ` : '    ';
  const value = flag.type === 'string' ? ` ${flag.value ?? 'VALUE'}` : '';
  return `${short}--${flag.name}${value}`;
}

function flagText(flag: FlagSpec): string {
  const notes = [
    flag.multiple ? 'repeatable' : undefined,
    flag.fallback ? `else ${flag.fallback}` : undefined,
  ].filter(Boolean);
  return notes.length
    ? `${flag.description} (${notes.join('; ')})`
    : flag.description;
}

function table(rows: Array<[string, string]>): string {
  const width = Math.max(...rows.map(([left]) => left.length));
  return rows
    .map(([left, right]) => `${INDENT}${left.padEnd(width)}  ${right}\n`)
    .join('');
}

/** The `--help` text of one command, from its flag table and examples. */
export function formatCommandHelp(command: ParsedCommand): string {
  const args = command.args ? ` ${command.args}` : '';
  const examples = command.examples
    .map(
      example =>
        `${INDENT}# ${example.description}\n${INDENT}${example.command}\n`,
    )
    .join('\n');
  return (
    `Usage: portsync ${command.name} [options]${args}\n\n` +
    `${command.description}\n\n` +
    `Options:\n${table(
      [...command.flags, HELP_FLAG].map(flag => [
        flagLabel(flag),
        flagText(flag),
      ]),
    )}\n` +
    `Examples:\n${examples}`
  );
}

/** The top-level `--help`: every command with its summary, and the exit codes. */
export function formatMainHelp(
  commands: Command[],
  exitCodes: Array<[number, string]>,
): string {
  return (
    `Usage: portsync <command> [options]\n\n` +
    `Keeps Port's software catalog in step with a Backstage catalog: one-shot sync for CI, a dry-run diff, a\n` +
    `mapping playground, the local Port sandbox.\n\n` +
    `Commands:\n${table(commands.map(c => [c.name, c.summary]))}\n` +
    `Options:\n${table([
      ['-h, --help', 'Show this help'],
      ['-V, --version', 'Show the version'],
    ])}\n` +
    `Exit codes:\n${table(
      exitCodes.map(([code, text]) => [String(code), text]),
    )}\n` +
    `Run 'portsync <command> --help' for a command's options and examples.\n`
  );
}
