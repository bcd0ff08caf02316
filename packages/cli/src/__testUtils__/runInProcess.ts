import { Readable } from 'node:stream';
import { main } from '../main';

export interface Invocation {
  args: string[];
  env?: Record<string, string>;
  /** Standard input; absent means a terminal with nothing typed (so `map` asks for a file). */
  stdin?: string;
  cwd?: string;
  signal?: AbortSignal;
}

export interface Outcome {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs `main` with collected streams, as the process binding would with pipes. */
export async function runInProcess(invocation: Invocation): Promise<Outcome> {
  const outcome = { code: -1, stdout: '', stderr: '' };
  const stdin =
    invocation.stdin === undefined
      ? Object.assign(Readable.from([]), { isTTY: true })
      : Readable.from([invocation.stdin]);
  outcome.code = await main(
    invocation.args,
    {
      stdout: { write: (text: string) => (outcome.stdout += text) },
      stderr: { write: (text: string) => (outcome.stderr += text) },
      stdin,
      env: invocation.env ?? {},
      cwd: invocation.cwd,
      signal: invocation.signal,
    },
    '1.2.3',
  );
  return outcome;
}
