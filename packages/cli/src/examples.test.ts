import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { commands } from './commands';
import { parseCommandLine } from './framework/parseCommandLine';
import { repoRoot } from './__testUtils__/repoPaths';

/** Shell words of one command line: quotes kept together, `VAR=value` prefixes dropped, stopped at `>` or `|`. */
function words(line: string): string[] {
  const tokens =
    line
      .match(/'[^']*'|"[^"]*"|[^\s]+/g)
      ?.map(token => token.replace(/^(['"])(.*)\1$/, '$2')) ?? [];
  const end = tokens.findIndex(token => ['>', '|', '&&', ';'].includes(token));
  const command = end === -1 ? tokens : tokens.slice(0, end);
  while (command.length && /^[A-Z_]+=/.test(command[0])) command.shift();
  return command;
}

/** Every `portsync ...` invocation in a text, with `\` continuations joined and `npx @portsync/cli@x` read as `portsync`. */
function invocations(text: string): string[][] {
  return text
    .replace(/\\\n\s*/g, ' ')
    .split('\n')
    .filter(line => !line.trim().startsWith('#'))
    .map(line => line.replace(/npx --yes @portsync\/cli@\S+/, 'portsync'))
    .map(line =>
      line.slice(Math.max(0, line.search(/(^|\s)(\S+=\S+\s+)*portsync\s/))),
    )
    .filter(line => /(^|\s)portsync\s/.test(line))
    .map(line => words(line))
    .map(tokens => tokens.slice(tokens.indexOf('portsync') + 1));
}

function expectParses(argv: string[]) {
  const [name, ...rest] = argv;
  const command = commands.find(c => c.name === name);
  expect(command).toBeDefined();
  if (command?.kind === 'parsed') {
    expect(() =>
      parseCommandLine(rest, command.flags, command.maxPositionals),
    ).not.toThrow();
  }
}

const ciDir = path.join(repoRoot(), 'examples', 'ci');
const readme = readFileSync(
  path.join(repoRoot(), 'packages', 'cli', 'README.md'),
  'utf8',
);

describe('documented invocations use commands and flags that exist', () => {
  it.each(readdirSync(ciDir))('examples/ci/%s', file => {
    const text = readFileSync(path.join(ciDir, file), 'utf8');
    expect(() => parse(text)).not.toThrow();
    const found = invocations(text);
    expect(found.length).toBeGreaterThan(0);
    found.forEach(expectParses);
  });

  it('the README', () => {
    const blocks = [...readme.matchAll(/```sh\n([\s\S]*?)```/g)].map(m => m[1]);
    const found = blocks
      .flatMap(invocations)
      .filter(argv => argv[0] !== '--help' && argv[0] !== '--version');
    expect(found.length).toBeGreaterThan(10);
    found.forEach(expectParses);
  });

  it.each(
    commands.flatMap(command =>
      command.kind === 'parsed'
        ? command.examples.map(example => [command.name, example.command])
        : [],
    ),
  )('the --help examples of %s: %s', (_name, example) => {
    const found = invocations(example);
    expect(found).toHaveLength(1);
    found.forEach(expectParses);
  });
});
