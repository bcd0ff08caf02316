import { ChildProcess, spawn } from 'child_process';
import fs from 'fs';
import { createServer } from 'net';
import path from 'path';
import { stringify } from 'yaml';

const repoRoot = path.resolve(__dirname, '../../../..');
const backendEntry = path.join(repoRoot, 'packages/backend/src/index.ts');
const nodeTransform = require.resolve(
  '@backstage/cli/config/nodeTransform.cjs',
);

/** The static external-access token the test backends accept. */
export const SERVICE_TOKEN = 'portsync-test-service-token';

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/**
 * The app-config of a demo backend process whose catalog is one file (processed every second)
 * and which pushes it to a sandbox.
 */
export function fileCatalogConfig(options: {
  sandbox: { url: string; clientId: string; clientSecret: string };
  catalogFile: string;
  database: object;
  /** Kinds the catalog accepts besides Location (default Component). */
  kinds?: string[];
  port?: Record<string, unknown>;
}) {
  return {
    backend: { database: options.database },
    catalog: {
      rules: [{ allow: [...(options.kinds ?? ['Component']), 'Location'] }],
      locations: [{ type: 'file', target: options.catalogFile }],
      processingInterval: { seconds: 1 },
    },
    port: {
      baseUrl: options.sandbox.url,
      clientId: options.sandbox.clientId,
      clientSecret: options.sandbox.clientSecret,
      ...options.port,
    },
  };
}

export interface BackendProcess {
  name: string;
  url: string;
  /** Everything the process printed so far. */
  output(): string;
  stop(): Promise<void>;
  /** `kill -9`: no shutdown hooks, as a crash or an OOM kill. */
  kill(): Promise<void>;
}

/**
 * Starts the demo backend (`packages/backend`) as its own OS process, the way
 * a replica runs in production, with its own app-config written to `dir`.
 */
export async function startBackendProcess(options: {
  name: string;
  dir: string;
  config: Record<string, unknown>;
}): Promise<BackendProcess> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const configFile = path.join(options.dir, `app-config.${options.name}.yaml`);
  fs.writeFileSync(
    configFile,
    stringify({
      // the demo backend's auth plugin (guest sign-in for the demo app) needs the app's address
      app: { baseUrl: url },
      ...options.config,
      backend: {
        baseUrl: url,
        listen: { port, host: '127.0.0.1' },
        auth: {
          externalAccess: [
            {
              type: 'static',
              options: { token: SERVICE_TOKEN, subject: 'tests' },
            },
          ],
        },
        ...(options.config.backend as object),
      },
    }),
  );
  let output = '';
  const child: ChildProcess = spawn(
    process.execPath,
    ['--require', nodeTransform, backendEntry, '--config', configFile],
    {
      cwd: path.dirname(backendEntry),
      env: { ...process.env, NODE_ENV: 'development', LOG_LEVEL: 'info' },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  child.stdout!.on('data', chunk => (output += chunk));
  child.stderr!.on('data', chunk => (output += chunk));
  const exited = new Promise<void>(resolve =>
    child.once('exit', () => resolve()),
  );

  const deadline = Date.now() + 90_000;
  for (;;) {
    if (child.exitCode !== null) {
      // The reason is logged early and may be far from the end.
      const errors = output.split('\n').filter(line => /error/.test(line));
      throw new Error(
        `backend ${options.name} exited early with code ${
          child.exitCode
        }:\n${errors.join('\n')}\n${output.slice(-3000)}`,
      );
    }
    try {
      const res = await fetch(`${url}/api/port/health`);
      if (res.ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(
        `backend ${options.name} did not start:\n${output.slice(-3000)}`,
      );
    }
    await new Promise(resolve => setTimeout(resolve, 500));
  }

  return {
    name: options.name,
    url,
    output: () => output,
    async stop() {
      if (child.exitCode === null) {
        child.kill('SIGTERM');
        const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
        await exited;
        clearTimeout(timer);
      }
    },
    async kill() {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGKILL');
        await exited;
      }
    },
  };
}

/** Calls a backend's API with the test service token. */
export function callBackend(
  backend: BackendProcess,
  method: string,
  apiPath: string,
  body?: unknown,
): Promise<Response> {
  return fetch(`${backend.url}${apiPath}`, {
    method,
    headers: {
      authorization: `Bearer ${SERVICE_TOKEN}`,
      ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
    },
    body: body !== undefined ? JSON.stringify(body) : undefined,
  });
}
