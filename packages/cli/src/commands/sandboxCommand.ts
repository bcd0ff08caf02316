import { runCli } from '@portsync/port-sandbox';
import { DelegatedCommand } from '../framework/Command';

/** Resolves when the command is told to stop (Ctrl-C in the process binding). */
function stopped(signal: AbortSignal | undefined): Promise<void> {
  return new Promise(resolve => {
    if (signal?.aborted) resolve();
    signal?.addEventListener('abort', () => resolve(), { once: true });
  });
}

export const sandboxCommand: DelegatedCommand = {
  kind: 'delegated',
  name: 'sandbox',
  summary:
    "Run the local emulator of Port's API (the sandbox's own options: portsync sandbox --help)",
  async run(context, argv) {
    const { io } = context;
    const result = await runCli(argv, {
      stdout: line => io.stdout.write(`${line}\n`),
      stderr: line => io.stderr.write(`${line}\n`),
    });
    if (result.sandbox) {
      await stopped(context.signal);
      await result.sandbox.close();
    }
    return result.exitCode;
  },
};
