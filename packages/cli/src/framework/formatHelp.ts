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

/** Help lines are kept within this many columns, as most terminals and CI logs show them. */
const WIDTH = 100;

function wrap(text: string, width: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(' ')) {
    if (line && line.length + 1 + word.length > width) {
      lines.push(line);
      line = word;
    } else {
      line = line ? `${line} ${word}` : word;
    }
  }
  return [...lines, line];
}

function table(rows: Array<[string, string]>): string {
  const left = Math.max(...rows.map(([label]) => label.length));
  const indent = ' '.repeat(INDENT.length + left + 2);
  return rows
    .map(([label, text]) => {
      const [first, ...rest] = wrap(text, Math.max(30, WIDTH - indent.length));
      return [
        `${INDENT}${label.padEnd(left)}  ${first}\n`,
        ...rest.map(line => `${indent}${line}\n`),
      ].join('');
    })
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
