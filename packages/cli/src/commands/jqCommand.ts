import { runCli } from '@portsync/jq/cli';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { DelegatedCommand } from '../framework/Command';

async function readAll(
  stream: AsyncIterable<string | Buffer>,
): Promise<string> {
  let text = '';
  for await (const chunk of stream) {
    text += typeof chunk === 'string' ? chunk : chunk.toString('utf8');
  }
  return text;
}

export const jqCommand: DelegatedCommand = {
  kind: 'delegated',
  name: 'jq',
  summary:
    "Run portsync's jq engine, the one mappings use (jq's own options: portsync jq --help)",
  async run(context, argv) {
    const { io } = context;
    // The jq CLI reads its input synchronously and only when it needs it. A pipe or file is read here first;
    // a terminal is read when jq asks, so `-n` never waits for typing.
    const piped =
      io.stdin && !io.stdin.isTTY ? await readAll(io.stdin) : undefined;
    return runCli(argv, {
      readStdin: () => piped ?? (io.stdin ? readFileSync(0, 'utf8') : ''),
      readFile: file => readFileSync(resolve(context.cwd, file), 'utf8'),
      stdout: text => io.stdout.write(text),
      stderr: text => io.stderr.write(text),
      env: context.env,
    });
  },
};
