/*
 * Upload benchmark: the client's bulk defaults against a naive one-entity-per-request
 * sequential upload, into the sandbox over real HTTP, in one run (after one discarded warm-up
 * upload; the bulk upload runs three times and the median counts); then the bulk upload with
 * Port's historical rate limit on, and with a tight limit that forces the client to pace.
 * The sandbox runs in its own process, as Port is a separate server.
 *
 *   npm run bench -w @portsync/port-client            (10,000 entities)
 *   BENCH_ENTITIES=2000 npm run bench -w @portsync/port-client
 */
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { resolve } from 'node:path';
import { PortClient, PortEntity } from '../src';

const ENTITIES = Number(process.env.BENCH_ENTITIES ?? 10_000);
const BLUEPRINT = {
  identifier: 'component',
  title: 'Component',
  schema: {
    properties: {
      owner: { type: 'string' },
      lifecycle: { type: 'string' },
      tier: { type: 'number' },
      description: { type: 'string' },
      tags: { type: 'array', items: { type: 'string' } },
    },
    required: [],
  },
};

function makeEntities(count: number): PortEntity[] {
  return Array.from({ length: count }, (_, i) => ({
    identifier: `component:default/service-${String(i).padStart(5, '0')}`,
    title: `Service ${i}`,
    properties: {
      owner: `group:default/team-${i % 40}`,
      lifecycle: i % 5 === 0 ? 'experimental' : 'production',
      tier: i % 3,
      description: `Service number ${i}, part of the benchmark catalog.`,
      tags: ['bench', `shard-${i % 16}`],
    },
  }));
}

interface Run {
  name: string;
  seconds: number;
  entities: number;
  ok: number;
  requests: number;
  retries: number;
  rateLimited: number;
}

interface SandboxProcess {
  url: string;
  clientId: string;
  clientSecret: string;
  admin(method: string, path: string, body?: unknown): Promise<any>;
  stop(): void;
}

/** Starts `sandboxProcess.ts` in a child process and drives it through its `/_sandbox/` routes. */
async function startSandboxProcess(): Promise<SandboxProcess> {
  const child = spawn(
    process.execPath,
    [
      '-r',
      '@backstage/cli/config/nodeTransform.cjs',
      resolve(__dirname, 'sandboxProcess.ts'),
    ],
    { stdio: ['pipe', 'pipe', 'inherit'] },
  );
  const firstLine = await new Promise<string>((resolveLine, reject) => {
    createInterface({ input: child.stdout! }).once('line', resolveLine);
    child.once('exit', code =>
      reject(new Error(`sandbox exited with ${code}`)),
    );
  });
  const info = JSON.parse(firstLine);
  return {
    ...info,
    admin: async (method, path, body) => {
      const response = await fetch(`${info.url}/_sandbox/${path}`, {
        method,
        headers:
          body === undefined
            ? undefined
            : { 'content-type': 'application/json' },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      if (!response.ok)
        throw new Error(`sandbox ${method} ${path}: ${response.status}`);
      return response.json();
    },
    stop: () => child.stdin!.end(),
  };
}

async function freshCatalog(sandbox: SandboxProcess): Promise<void> {
  await sandbox.admin('POST', 'reset');
  await client(sandbox).createBlueprint(BLUEPRINT);
  await sandbox.admin('DELETE', 'requests');
}

function client(sandbox: SandboxProcess): PortClient {
  return new PortClient({
    baseUrl: sandbox.url,
    clientId: sandbox.clientId,
    clientSecret: sandbox.clientSecret,
    integrationIdentifier: 'bench',
  });
}

async function measure(
  name: string,
  sandbox: SandboxProcess,
  upload: (c: PortClient, entities: PortEntity[]) => Promise<number>,
): Promise<Run> {
  await freshCatalog(sandbox);
  const entities = makeEntities(ENTITIES);
  const c = client(sandbox);
  await c.getAccessToken();
  const before = c.getStats();
  const started = process.hrtime.bigint();
  const ok = await upload(c, entities);
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const after = c.getStats();
  return {
    name,
    seconds,
    entities: entities.length,
    ok,
    requests: after.requests - before.requests,
    retries: after.retries - before.retries,
    rateLimited:
      (await sandbox.admin('GET', 'requests')).countsByStatus['429'] ?? 0,
  };
}

const naive = async (c: PortClient, entities: PortEntity[]) => {
  let ok = 0;
  for (const entity of entities) {
    await c.upsertEntity(BLUEPRINT.identifier, entity);
    ok += 1;
  }
  return ok;
};

const bulk = async (c: PortClient, entities: PortEntity[]) =>
  (await c.upsertEntities(BLUEPRINT.identifier, entities)).filter(r => r.ok)
    .length;

function print(run: Run): void {
  const rate = run.entities / run.seconds;
  console.log(
    `${run.name.padEnd(34)} ${run.seconds.toFixed(2).padStart(8)} s ${rate
      .toFixed(0)
      .padStart(7)} entities/s ${String(run.requests).padStart(
      6,
    )} requests ${String(run.retries).padStart(4)} retries ${String(
      run.rateLimited,
    ).padStart(4)} × 429  ok ${run.ok}/${run.entities}`,
  );
}

function printFloor(
  run: Run,
  requestsPerWindow: number,
  windowSeconds: number,
): void {
  const allowedPerSecond = requestsPerWindow / windowSeconds;
  const floor = run.entities / 20 / allowedPerSecond;
  console.log(
    `  floor = ${run.entities} ÷ 20 ÷ ${allowedPerSecond.toFixed(
      1,
    )} req/s = ${floor.toFixed(2)} s; measured ${run.seconds.toFixed(2)} s = ${(
      run.seconds / floor
    ).toFixed(2)} × floor`,
  );
}

async function main(): Promise<void> {
  const sandbox = await startSandboxProcess();
  try {
    console.log(
      `Uploading ${ENTITIES} entities into the sandbox (own process) at ${sandbox.url}\n`,
    );
    // One discarded bulk upload first, so neither contender pays for JIT warm-up alone.
    await measure('warm-up', sandbox, bulk);

    const naiveRun = await measure(
      'naive: 1 per request, sequential',
      sandbox,
      naive,
    );
    print(naiveRun);
    const bulkRuns: Run[] = [];
    for (let i = 1; i <= 3; i++) {
      bulkRuns.push(await measure(`client defaults, run ${i}`, sandbox, bulk));
      print(bulkRuns[bulkRuns.length - 1]);
    }
    const median = [...bulkRuns].sort((a, b) => a.seconds - b.seconds)[1];
    console.log(
      `  ratio (median bulk run): ${(naiveRun.seconds / median.seconds).toFixed(
        1,
      )}× faster (target ≥ 20×)\n`,
    );

    // Port's historical published entity limit, 35,000 per 5 minutes (port-api-notes §3).
    await sandbox.admin('PUT', 'rate-limit', { rateLimit: true });
    const limited = await measure(
      'defaults, Port limit 35000/300 s',
      sandbox,
      bulk,
    );
    print(limited);
    printFloor(limited, 35_000, 300);

    // A limit the upload cannot fit under, so the client has to pace itself.
    const tight = { entityRequests: 50, otherRequests: 50, windowSeconds: 1 };
    await sandbox.admin('PUT', 'rate-limit', { rateLimit: tight });
    const paced = await measure('defaults, tight limit 50/1 s', sandbox, bulk);
    print(paced);
    printFloor(paced, tight.entityRequests, tight.windowSeconds);
  } finally {
    sandbox.stop();
  }
}

main().catch(error => {
  console.error(error);
  process.exitCode = 1;
});
