/*
 * The reliability suite of issue #15, too slow for CI: what a hostile tester
 * does to portsync, each scenario ending in an exact comparison of the catalog
 * with Port (0 lost, 0 extra, 0 wrong) and the longest event-loop stall.
 *
 *   npm run soak -w @portsync/plugin-port-backend [-- scenario ...]
 *
 * Scenarios: faults, blueprints, defect1, hostile, kill-sqlite, kill-postgres (all by default).
 * SOAK_ENTITIES sets the catalog size (default 400).
 */
import { spawn } from 'child_process';
import fs from 'fs';
import os from 'os';
import path from 'path';
import { AddressInfo } from 'net';
import { monitorEventLoopDelay, performance } from 'perf_hooks';
import { mockCredentials } from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { startSandbox } from '@portsync/port-sandbox';
import { startPostgres } from '@portsync/test-postgres';
import { JsonObject } from '@backstage/types';
import { stringify } from 'yaml';
import {
  hostileMapping,
  REDOS_TEXT,
} from '../src/__testUtils__/hostileMapping';
import {
  BackendProcess,
  fileCatalogConfig,
  freePort,
  SERVICE_TOKEN,
  startBackendProcess,
} from '../src/__testUtils__/startBackendProcess';
import {
  eventually,
  sandboxReader,
  startPortTestBackend,
} from '../src/__testUtils__/startPortTestBackend';

type Sandbox = Awaited<ReturnType<typeof startSandbox>>;
/** What the scenarios use of a sandbox, in this process or in its own. */
type SoakSandbox = Pick<
  Sandbox,
  'url' | 'clientId' | 'clientSecret' | 'close'
> & {
  setFaults(faults: Parameters<Sandbox['setFaults']>[0]): Promise<void>;
  resetFaults(): Promise<void>;
  requests(): Promise<Array<{ status?: number }>>;
};

/**
 * `SOAK_SANDBOX=process` runs the sandbox (ajv validation of every body, its store) in a child
 * process, so that the in-process scenarios measure the stalls of the backend alone.
 */
const SANDBOX_IN_PROCESS = process.env.SOAK_SANDBOX !== 'process';

async function openSandbox(): Promise<SoakSandbox> {
  if (SANDBOX_IN_PROCESS) {
    const sandbox = await startSandbox();
    return {
      url: sandbox.url,
      clientId: sandbox.clientId,
      clientSecret: sandbox.clientSecret,
      setFaults: async rules => sandbox.setFaults(rules),
      resetFaults: async () => sandbox.resetFaults(),
      close: () => sandbox.close(),
      requests: async () => sandbox.requests(),
    };
  }
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const child = spawn(
    process.execPath,
    [
      require.resolve('@portsync/port-sandbox/bin/portsync-sandbox'),
      '--port',
      String(port),
    ],
    { stdio: 'ignore' },
  );
  const admin = (method: string, apiPath: string, body?: object) =>
    fetch(`${url}${apiPath}`, {
      method,
      headers: { 'content-type': 'application/json' },
      body: body && JSON.stringify(body),
    });
  await eventually(
    async () => (await admin('GET', '/_sandbox/requests')).ok || undefined,
    { what: 'the sandbox process', timeoutMs: 120_000 },
  );
  return {
    url,
    clientId: 'sandbox-client',
    clientSecret: 'sandbox-secret',
    setFaults: async rules => {
      await admin('PUT', '/_sandbox/faults', rules);
    },
    resetFaults: async () => {
      await admin('DELETE', '/_sandbox/faults');
    },
    close: async () => {
      child.kill();
    },
    requests: async () =>
      ((await (await admin('GET', '/_sandbox/requests')).json()) as any)
        .requests,
  };
}

const ENTITIES = Number(process.env.SOAK_ENTITIES ?? 400);
const CONVERGE_MS = 10 * 60_000;
const HOSTILE_WINDOW_MS = 30_000;

/** Components with an owner (a relation the blueprint set-up must add) and a revision in the description. */
function catalog(revision: number, count = ENTITIES): Entity[] {
  return Array.from({ length: count }, (_, i) => ({
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: { name: `soak-${i}`, description: `rev ${revision} of ${i}` },
    spec: { type: 'service', lifecycle: 'production', owner: 'user:owner' },
  }));
}

const owner: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'User',
  metadata: { name: 'owner' },
  spec: { profile: { email: 'owner@example.com' } },
};

interface Comparison {
  lost: number;
  extra: number;
  wrong: number;
}

/** Port's components against the catalog: identifiers, description and owner relation. */
async function compare(
  sandbox: SoakSandbox,
  entities: Entity[],
): Promise<Comparison> {
  const inPort = await sandboxReader(sandbox as Sandbox).entities('component');
  const byId = new Map(inPort.map(e => [e.identifier as string, e]));
  const wanted = new Map(
    entities.map(e => [`component:default/${e.metadata.name}`, e]),
  );
  let lost = 0;
  let wrong = 0;
  for (const [identifier, entity] of wanted) {
    const found = byId.get(identifier);
    if (!found) lost += 1;
    else if (
      found.properties?.description !== entity.metadata.description ||
      found.relations?.owningUser !== 'user:default/owner'
    ) {
      wrong += 1;
    }
  }
  const extra = inPort.filter(e => !wanted.has(e.identifier)).length;
  return { lost, extra, wrong };
}

async function converge(sandbox: SoakSandbox, entities: Entity[]) {
  const started = Date.now();
  const result = await eventually(
    async () => {
      const c = await compare(sandbox, entities);
      return c.lost + c.extra + c.wrong === 0 ? c : undefined;
    },
    { what: 'Port to match the catalog', timeoutMs: CONVERGE_MS },
  ).catch(async () => compare(sandbox, entities));
  return { ...result, seconds: (Date.now() - started) / 1000 };
}

function stallMonitor() {
  const histogram = monitorEventLoopDelay({ resolution: 10 });
  histogram.enable();
  return () => {
    histogram.disable();
    return histogram.max / 1e6;
  };
}

/** What a probe aims at: a base URL and the header that authenticates to the catalog. */
interface Target {
  url: string;
  authorization: string;
}

const PROBE_PATHS = ['/api/port/health', '/api/catalog/entities?limit=1'];

/**
 * Polls `/api/port/health` and `GET /api/catalog/entities?limit=1` every ~50 ms and keeps every
 * answer time, for the max and p99 of the scenario. A refused connection (between a kill and the
 * restart) is not an answer.
 */
function answerProbe(target: () => Target | undefined) {
  const times: number[] = [];
  let stopped = false;
  const loop = (async () => {
    while (!stopped) {
      const current = target();
      if (current) {
        for (const apiPath of PROBE_PATHS) {
          const started = performance.now();
          try {
            const res = await fetch(`${current.url}${apiPath}`, {
              headers: { authorization: current.authorization },
            });
            await res.arrayBuffer();
            if (res.ok) times.push(performance.now() - started);
          } catch {
            // between a kill and the restart
          }
        }
      }
      await new Promise(resolve => setTimeout(resolve, 50));
    }
  })();
  return async () => {
    stopped = true;
    await loop;
    const sorted = [...times].sort((a, b) => a - b);
    return {
      answers: sorted.length,
      'answer max ms': sorted[sorted.length - 1] ?? 0,
      'answer p99 ms': sorted[Math.floor(sorted.length * 0.99)] ?? 0,
    };
  };
}

function inProcessTarget(
  backend: Awaited<ReturnType<typeof startPortTestBackend>>['backend'],
): Target {
  const { port } = backend.server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    authorization: mockCredentials.service.header(),
  };
}

function print(name: string, figures: Record<string, unknown>) {
  const where = SANDBOX_IN_PROCESS ? '' : ' (sandbox in its own process)';
  console.log(
    `${(name + where).padEnd(14)} ${Object.entries(figures)
      .map(([k, v]) => `${k} ${typeof v === 'number' ? +v.toFixed(1) : v}`)
      .join('  ')}`,
  );
}

/** 25% of every request to Port fails (500, 502, 503, 504, dropped) while the catalog is pushed, then updated. */
async function faults() {
  const sandbox = await openSandbox();
  const { backend, provider } = await startPortTestBackend({
    sandbox: sandbox as Sandbox,
  });
  // From here on: startup (module loading, migrations) is not what is measured.
  const stall = stallMonitor();
  const answers = answerProbe(() => inProcessTarget(backend));
  try {
    await sandbox.setFaults({
      rules: [
        { path: '^/v1/(?!auth)', status: 500, rate: 0.05 },
        { path: '^/v1/(?!auth)', status: 502, rate: 0.05 },
        { path: '^/v1/(?!auth)', status: 503, rate: 0.05 },
        { path: '^/v1/(?!auth)', status: 504, rate: 0.05 },
        { path: '^/v1/(?!auth)', drop: true, rate: 0.05 },
      ],
    });
    await provider.replaceAll([owner, ...catalog(1)]);
    const first = await converge(sandbox, catalog(1));
    await provider.replaceAll([owner, ...catalog(2)]);
    const second = await converge(sandbox, catalog(2));
    const failed = (await sandbox.requests()).filter(
      r => !r.status || r.status >= 500,
    );
    print('faults', {
      entities: ENTITIES,
      'faults injected': failed.length,
      'push s': first.seconds,
      'update s': second.seconds,
      lost: second.lost,
      extra: second.extra,
      wrong: second.wrong,
      'max stall ms': stall(),
      ...(await answers()),
    });
  } finally {
    await answers();
    await backend.stop();
    await sandbox.close();
  }
}

/**
 * An empty Port whose blueprint PATCHes fail: `blueprints` more often than the client retries;
 * `defect1` is issue #15's repro (one PATCH 500, 60 entities), which must converge with no restart.
 */
function blueprintSetup(name: string, patchFailures: number, count: number) {
  return async () => {
    const sandbox = await openSandbox();
    await sandbox.setFaults({
      rules: [
        {
          method: 'PATCH',
          path: '^/v1/blueprints/',
          status: 500,
          times: patchFailures,
        },
      ],
    });
    const { backend, provider } = await startPortTestBackend({
      sandbox: sandbox as Sandbox,
    });
    // From here on: startup (module loading, migrations) is not what is measured.
    const stall = stallMonitor();
    const answers = answerProbe(() => inProcessTarget(backend));
    try {
      await provider.replaceAll([owner, ...catalog(1, count)]);
      const result = await converge(sandbox, catalog(1, count));
      print(name, {
        entities: count,
        'PATCH 500s': patchFailures,
        'converged s': result.seconds,
        'in Port': count - result.lost,
        lost: result.lost,
        extra: result.extra,
        wrong: result.wrong,
        'max stall ms': stall(),
        ...(await answers()),
      });
    } finally {
      await answers();
      await backend.stop();
      await sandbox.close();
    }
  };
}

/** Victims of the hostile mapping: the ReDoS text in every description. */
function victims(count: number): Entity[] {
  return catalog(1, count).map(e => ({
    ...e,
    metadata: { ...e.metadata, description: REDOS_TEXT },
  }));
}

/** Calls `/api/port/preview` with a caller's hostile mapping until `until` resolves. */
async function previewLoop(target: Target, until: Promise<unknown>) {
  let done = false;
  void until.finally(() => {
    done = true;
  });
  let calls = 0;
  while (!done) {
    const res = await fetch(`${target.url}/api/port/preview`, {
      method: 'POST',
      headers: {
        authorization: target.authorization,
        'content-type': 'application/json',
      },
      body: JSON.stringify({
        entity: victims(1)[0],
        mapping: hostileMapping,
      }),
    });
    const body = (await res.json()) as { errors?: unknown[] };
    if (!res.ok || !body.errors?.length) {
      throw new Error(`preview answered ${res.status} without field errors`);
    }
    calls++;
  }
  return calls;
}

/**
 * The hostile mappings of issue #15 (37-`a` regex, ReDoS on entity text, 17 fields of `"x" * 5e8`)
 * from app-config (in this thread) while the catalog is pushed and `/preview` is called with them
 * (in a worker), then kept in Port (`source: port`, in a worker). Port refuses their unknown
 * properties; what is measured is that the backend keeps answering.
 */
async function hostile() {
  const count = Math.max(20, Math.round(ENTITIES / 4));
  const sandbox = await openSandbox();
  const phases: Array<[string, JsonObject]> = [
    ['app-config', { mapping: hostileMapping }],
    [
      'kept in Port',
      {
        integration: { identifier: 'hostile' },
        mapping: { source: 'port', pollInterval: { seconds: 1 } },
      },
    ],
  ];
  try {
    for (const [phase, port] of phases) {
      const { backend, provider } = await startPortTestBackend({
        sandbox: sandbox as Sandbox,
        port,
      });
      const stall = stallMonitor();
      const target = inProcessTarget(backend);
      const answers = answerProbe(() => target);
      try {
        if (phase === 'kept in Port') {
          await eventually(
            async () =>
              (
                await fetch(`${sandbox.url}/_sandbox/integrations/hostile`)
              ).ok || undefined,
            { what: 'the integration registered in Port' },
          );
          const saved = await fetch(
            `${sandbox.url}/_sandbox/integrations/hostile/config?resync=true`,
            {
              method: 'PUT',
              headers: { 'content-type': 'application/json' },
              body: JSON.stringify({ config: hostileMapping }),
            },
          );
          if (!saved.ok) throw new Error(`saving the mapping: ${saved.status}`);
        }
        await provider.replaceAll(victims(count));
        // a fixed window of hostile work: the catalog processes the victims, portsync maps and
        // pushes them, and /preview is called with the hostile mapping all along
        const previews = await previewLoop(
          target,
          new Promise(resolve => setTimeout(resolve, HOSTILE_WINDOW_MS)),
        );
        print(`hostile, ${phase}`, {
          entities: count,
          previews,
          'max stall ms': stall(),
          ...(await answers()),
        });
      } finally {
        await answers();
        await backend.stop();
      }
    }
  } finally {
    await sandbox.close();
  }
}

function catalogYaml(entities: Entity[]): string {
  return entities.map(e => stringify(e)).join('---\n');
}

/** `kill -9` of the backend process while it pushes, then a restart on the same database. */
async function killMidPush(name: string, database: object) {
  const sandbox = await openSandbox();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'portsync-soak-'));
  const catalogFile = path.join(dir, 'catalog.yaml');
  fs.writeFileSync(catalogFile, catalogYaml([owner, ...catalog(1)]));
  const config = fileCatalogConfig({
    sandbox,
    catalogFile,
    database,
    kinds: ['Component', 'User'],
    port: {
      changeScan: { frequency: { seconds: 2 } },
      changes: { frequency: { seconds: 2 } },
      // Two requests at a time, each slowed below: the push takes seconds, so the kill lands in it.
      client: { concurrency: 2 },
    },
  });
  let backend: BackendProcess | undefined;
  const answers = answerProbe(
    () =>
      backend && {
        url: backend.url,
        authorization: `Bearer ${SERVICE_TOKEN}`,
      },
  );
  try {
    backend = await startBackendProcess({ name, dir, config });
    // Slow writes so the kill lands mid-push.
    await sandbox.setFaults({
      rules: [{ method: 'POST', path: '/entities', latencyMs: 500 }],
    });
    await eventually(
      async () =>
        (
          await sandboxReader(sandbox as Sandbox).entities('component')
        ).length >=
          ENTITIES / 4 || undefined,
      { what: 'a quarter of the push', timeoutMs: CONVERGE_MS },
    );
    const before = (
      await sandboxReader(sandbox as Sandbox).entities('component')
    ).length;
    await backend.kill();
    backend = undefined;
    await sandbox.resetFaults();
    const restarted = Date.now();
    backend = await startBackendProcess({ name: `${name}-2`, dir, config });
    const result = await converge(sandbox, catalog(1));
    print(name, {
      entities: ENTITIES,
      'in Port at kill': before,
      'converged s after restart': (Date.now() - restarted) / 1000,
      lost: result.lost,
      extra: result.extra,
      wrong: result.wrong,
      ...(await answers()),
    });
  } finally {
    await answers();
    await backend?.stop();
    await sandbox.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

async function killSqlite() {
  const directory = fs.mkdtempSync(path.join(os.tmpdir(), 'portsync-soak-db-'));
  try {
    await killMidPush('kill-sqlite', {
      client: 'better-sqlite3',
      connection: { directory },
    });
  } finally {
    fs.rmSync(directory, { recursive: true, force: true });
  }
}

async function killPostgres() {
  const postgres = await startPostgres();
  if (!postgres) {
    console.log('kill-postgres  skipped: PostgreSQL is not installed');
    return;
  }
  try {
    await killMidPush('kill-postgres', {
      client: 'pg',
      connection: postgres.connection,
    });
  } finally {
    await postgres.stop();
  }
}

const scenarios: Record<string, () => Promise<void>> = {
  faults,
  blueprints: blueprintSetup('blueprints', 6, ENTITIES),
  defect1: blueprintSetup('defect1', 1, 60),
  hostile,
  'kill-sqlite': killSqlite,
  'kill-postgres': killPostgres,
};

async function main() {
  const chosen = process.argv.slice(2);
  for (const name of chosen.length > 0 ? chosen : Object.keys(scenarios)) {
    const scenario = scenarios[name];
    if (!scenario) throw new Error(`No scenario ${name}`);
    await scenario();
  }
}

main().then(
  () => process.exit(0),
  error => {
    console.error(error);
    process.exit(1);
  },
);
