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

/** Starts `main` with collected streams, as the process binding would with pipes; `output` grows as it runs. */
export function startInProcess(invocation: Invocation): {
  output: Outcome;
  done: Promise<Outcome>;
} {
  const output = { code: -1, stdout: '', stderr: '' };
  const stdin =
    invocation.stdin === undefined
      ? Object.assign(Readable.from([]), { isTTY: true })
      : Readable.from([invocation.stdin]);
  const done = main(
    invocation.args,
    {
      stdout: { write: (text: string) => (output.stdout += text) },
      stderr: { write: (text: string) => (output.stderr += text) },
      stdin,
      env: invocation.env ?? {},
      cwd: invocation.cwd,
      signal: invocation.signal,
    },
    '1.2.3',
  ).then(code => {
    output.code = code;
    return output;
  });
  return { output, done };
}

/** Runs `main` to the end with collected streams. */
export function runInProcess(invocation: Invocation): Promise<Outcome> {
  return startInProcess(invocation).done;
}
