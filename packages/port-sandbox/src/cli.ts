import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { DEFAULT_CLIENT_SECRET } from './sandbox/SandboxState';
import { startSandbox } from './startSandbox';
import { DATABASE_FILE } from './store/SqlitePersistence';
import { Sandbox } from './types';

/** @public */
export interface CliIo {
  stdout(line: string): void;
  stderr(line: string): void;
}

/** @public */
export interface CliResult {
  exitCode: number;
  /** The running sandbox when the command started one; the caller owns closing it. */
  sandbox?: Sandbox;
}

export const EXIT_OK = 0;
export const EXIT_USAGE = 2;
export const EXIT_START_FAILED = 1;

const OPTIONS = {
  port: {
    type: 'string',
    default: '7010',
    help: 'port to listen on (0 = any free port)',
  },
  host: {
    type: 'string',
    default: '127.0.0.1',
    help: 'interface to listen on',
  },
  'client-id': {
    type: 'string',
    default: 'sandbox-client',
    help: 'client id that gets tokens',
  },
  'client-secret': {
    type: 'string',
    default: DEFAULT_CLIENT_SECRET,
    help: 'its client secret',
  },
  'data-dir': {
    type: 'string',
    help: `persist to ${DATABASE_FILE} in this directory`,
  },
  'rate-limit': {
    type: 'boolean',
    default: false,
    help: "enforce Port's historical limits (35,000 entity / 15,000 other requests per 5 min)",
  },
  'token-ttl': {
    type: 'string',
    default: '10800',
    help: 'token lifetime in seconds',
  },
  verbose: {
    type: 'boolean',
    default: false,
    help: 'print one line per request',
  },
  help: { type: 'boolean', default: false, help: 'show this help' },
} as const;

function usage(): string {
  const lines = Object.entries(OPTIONS).map(([name, option]) => {
    const value = option.type === 'string' ? ` <${name.split('-').pop()}>` : '';
    const fallback =
      'default' in option && option.type === 'string'
        ? ` (default ${option.default})`
        : '';
    return `  --${name}${value}`.padEnd(32) + option.help + fallback;
  });
  return [
    'Usage: portsync-sandbox [options]',
    '',
    "A local emulator of Port's REST API.",
    '',
    ...lines,
  ].join('\n');
}

function integer(name: string, value: string): number {
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed < 0) {
    throw new Error(`--${name} must be a non-negative integer, got "${value}"`);
  }
  return parsed;
}

/**
 * The `portsync-sandbox` command: parses `argv`, starts a sandbox and prints where it
 * listens and the credentials to use. The secret is printed only when it is the
 * built-in public default; a secret given on the command line is never echoed.
 *
 * @public
 */
export async function runCli(argv: string[], io: CliIo): Promise<CliResult> {
  let values;
  let port: number;
  let tokenTtlSeconds: number;
  try {
    values = parseArgs({
      args: argv,
      options: OPTIONS,
      strict: true,
      allowPositionals: false,
    }).values;
    port = integer('port', values.port);
    tokenTtlSeconds = integer('token-ttl', values['token-ttl']);
  } catch (error) {
    io.stderr(`portsync-sandbox: ${(error as Error).message}`);
    io.stderr(usage());
    return { exitCode: EXIT_USAGE };
  }
  if (values.help) {
    io.stdout(usage());
    return { exitCode: EXIT_OK };
  }
  let sandbox: Sandbox;
  try {
    sandbox = await startSandbox({
      port,
      host: values.host,
      clientId: values['client-id'],
      clientSecret: values['client-secret'],
      tokenTtlSeconds,
      rateLimit: values['rate-limit'],
      dataDir: values['data-dir'],
      logger: values.verbose ? line => io.stdout(line) : undefined,
    });
  } catch (error) {
    io.stderr(`portsync-sandbox: could not start: ${(error as Error).message}`);
    return { exitCode: EXIT_START_FAILED };
  }
  const secret =
    sandbox.clientSecret === DEFAULT_CLIENT_SECRET
      ? sandbox.clientSecret
      : '(the value given with --client-secret)';
  io.stdout(
    [
      `Port sandbox listening on ${sandbox.url}`,
      `  port.baseUrl:       ${sandbox.url}`,
      `  port.clientId:      ${sandbox.clientId}`,
      `  port.clientSecret:  ${secret}`,
      `  web view:           ${sandbox.url}/`,
      `  data:               ${
        values['data-dir']
          ? join(values['data-dir'], DATABASE_FILE)
          : 'in memory'
      }`,
      `  rate limit:         ${
        values['rate-limit'] ? "on (Port's historical limits)" : 'off'
      }`,
    ].join('\n'),
  );
  return { exitCode: EXIT_OK, sandbox };
}

/** Binds `runCli` to the process: real streams, exit codes, and a clean stop on signals. */
export async function main(argv = process.argv.slice(2)): Promise<void> {
  const result = await runCli(argv, {
    stdout: line => process.stdout.write(`${line}\n`),
    stderr: line => process.stderr.write(`${line}\n`),
  });
  const { sandbox } = result;
  if (!sandbox) {
    process.exitCode = result.exitCode;
    return;
  }
  const stop = () => {
    sandbox.close().then(
      () => process.exit(EXIT_OK),
      () => process.exit(EXIT_START_FAILED),
    );
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}
