import { ConfigError } from '../framework/CliError';
import { DelegatedCommand } from '../framework/Command';

type PortSandbox = typeof import('@portsync/port-sandbox');

const SANDBOX_PACKAGE = '@portsync/port-sandbox';

/**
 * Loads the sandbox, an optional peer of the CLI: it brings express and the native better-sqlite3, which a CI job
 * that only runs `portsync sync` should not have to install.
 */
export function loadSandbox(requireFrom: NodeRequire): PortSandbox {
  try {
    return requireFrom(SANDBOX_PACKAGE);
  } catch (error) {
    // Only the sandbox itself being absent is the user's setup; a broken dependency inside it stays a crash.
    const missing =
      (error as NodeJS.ErrnoException).code === 'MODULE_NOT_FOUND' &&
      (error as Error).message.startsWith(
        `Cannot find module '${SANDBOX_PACKAGE}'`,
      );
    if (!missing) throw error;
    throw new ConfigError(
      `the sandbox is not installed; it is an optional part of the CLI: npm install ${SANDBOX_PACKAGE}`,
    );
  }
}

/** Resolves when the command is told to stop (Ctrl-C in the process binding). */
function stopped(signal: AbortSignal | undefined): Promise<void> {
  return new Promise(resolve => {
    if (signal?.aborted) resolve();
    signal?.addEventListener('abort', () => resolve(), { once: true });
  });
}

/** `requireFrom` is where the sandbox is looked up; the CLI's own `require` unless a test says otherwise. */
export function createSandboxCommand(
  requireFrom: NodeRequire = require,
): DelegatedCommand {
  return {
    kind: 'delegated',
    name: 'sandbox',
    summary:
      "Run the local emulator of Port's API (the sandbox's own options: portsync sandbox --help)",
    async run(context, argv) {
      const { io } = context;
      const { runCli } = loadSandbox(requireFrom);
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
}

export const sandboxCommand = createSandboxCommand();
