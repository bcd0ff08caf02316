/*
 * `npm run bench -w @portsync/sync`: full resyncs of synthetic catalogs into the sandbox
 * (SQLite state store), then an unchanged resync; then a resync under a Port-like fixed-window
 * rate limit, against the floor that limit sets. Options: --sizes=10000,100000.
 */
import { fork } from 'child_process';
import { mkdtempSync, rmSync } from 'fs';
import knexFactory from 'knex';
import { tmpdir } from 'os';
import { join } from 'path';
import { compileMapping } from '@portsync/mapping';
import { PortClient } from '@portsync/port-client';
import type { SandboxOptions } from '@portsync/port-sandbox';
import { SyncEngine } from '../src/engine/SyncEngine';
import { KnexStateStore } from '../src/state/KnexStateStore';
import { silentLogger } from '../src/__testUtils__/engineHarness';
import { testMappingConfig } from '../src/__testUtils__/testMapping';
import { SyntheticCatalog } from './SyntheticCatalog';

const INTEGRATION = 'bench';

interface SandboxHandle {
  url: string;
  clientId: string;
  clientSecret: string;
  stop(): void;
}

function startSandboxProcess(
  rateLimit?: SandboxOptions['rateLimit'],
): Promise<SandboxHandle> {
  const child = fork(join(__dirname, 'sandboxProcess.ts'), [], {
    execArgv: [
      '-r',
      require.resolve('@backstage/cli/config/nodeTransform.cjs'),
    ],
  });
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    // Backstage's node transform also talks over IPC (file watch notices): wait for ours.
    child.on('message', (message: Partial<SandboxHandle>) => {
      if (message?.url && message.clientId && message.clientSecret) {
        resolve({
          url: message.url,
          clientId: message.clientId,
          clientSecret: message.clientSecret,
          stop: () => child.disconnect(),
        });
      }
    });
    child.send({ rateLimit });
  });
}

/** Samples RSS every 20 ms; `peak` minus `baseline` is the growth a run caused. */
function rssMeter() {
  const baseline = process.memoryUsage().rss;
  let peak = baseline;
  const timer = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage().rss);
  }, 20);
  return {
    stop() {
      clearInterval(timer);
      peak = Math.max(peak, process.memoryUsage().rss);
      return { baselineMb: baseline / 2 ** 20, peakMb: peak / 2 ** 20 };
    },
  };
}

async function setup(
  size: number,
  sandbox: SandboxHandle,
  clientOptions: Partial<ConstructorParameters<typeof PortClient>[0]> = {},
) {
  const dir = mkdtempSync(join(tmpdir(), 'portsync-bench-'));
  const knex = knexFactory({
    client: 'better-sqlite3',
    connection: { filename: join(dir, 'state.sqlite') },
    useNullAsDefault: true,
  });
  const store = await KnexStateStore.create({ knex });
  const client = new PortClient({
    baseUrl: sandbox.url,
    clientId: sandbox.clientId,
    clientSecret: sandbox.clientSecret,
    integrationIdentifier: INTEGRATION,
    ...clientOptions,
  });
  const engine = new SyncEngine({
    source: new SyntheticCatalog(size),
    mapping: compileMapping(
      testMappingConfig({ createMissingRelatedEntities: true }),
    ),
    client,
    store,
    logger: silentLogger,
    integration: { identifier: INTEGRATION },
  });
  return {
    engine,
    client,
    async close() {
      await knex.destroy();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

async function timedResync(
  label: string,
  engine: SyncEngine,
  client: PortClient,
) {
  const before = client.getStats();
  const rss = rssMeter();
  const start = process.hrtime.bigint();
  const report = await engine.resync();
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  const memory = rss.stop();
  const after = client.getStats();
  const requests = after.requests - before.requests;
  const entities = report.counts.mapped;
  const line = {
    run: label,
    status: report.status,
    entities,
    upserted: report.counts.upserted,
    unchanged: report.counts.unchanged,
    failed: report.counts.failed,
    seconds: Number(seconds.toFixed(2)),
    entitiesPerSecond: Math.round(entities / seconds),
    requests,
    peakRssMb: Math.round(memory.peakMb),
    rssGrowthMb: Math.round(memory.peakMb - memory.baselineMb),
  };
  // eslint-disable-next-line no-console
  console.log(JSON.stringify(line));
  return { report, seconds, requests, line };
}

async function sizeRun(size: number) {
  const sandbox = await startSandboxProcess();
  const { engine, client, close } = await setup(size, sandbox);
  try {
    await timedResync(`full resync ${size}`, engine, client);
    await timedResync(`unchanged resync ${size}`, engine, client);
  } finally {
    await close();
    sandbox.stop();
  }
}

async function rateLimitedRun(size: number) {
  // Port's historical entity budget is 35,000 requests per 5 minutes; scaled down so the
  // run spans several windows: 150 entity requests per 5 s window.
  const limit = { entityRequests: 150, otherRequests: 150, windowSeconds: 5 };
  const sandbox = await startSandboxProcess(limit);
  const { engine, client, close } = await setup(size, sandbox);
  try {
    const { seconds, requests } = await timedResync(
      `rate-limited full resync ${size}`,
      engine,
      client,
    );
    // Fixed windows: R requests need ceil(R / L) windows; the last one opens (n - 1) W after the first.
    const floor =
      (Math.ceil(requests / limit.entityRequests) - 1) * limit.windowSeconds;
    // eslint-disable-next-line no-console
    console.log(
      JSON.stringify({
        run: `rate limit ${limit.entityRequests}/${limit.windowSeconds}s`,
        requests,
        floorSeconds: floor,
        seconds: Number(seconds.toFixed(2)),
        ratioToFloor: Number((seconds / floor).toFixed(2)),
      }),
    );
  } finally {
    await close();
    sandbox.stop();
  }
}

async function main() {
  const sizesArg = process.argv.find(arg => arg.startsWith('--sizes='));
  const sizes = sizesArg
    ? sizesArg.slice('--sizes='.length).split(',').map(Number)
    : [10_000, 100_000];
  for (const size of sizes) await sizeRun(size);
  await rateLimitedRun(10_000);
}

main().catch(error => {
  // eslint-disable-next-line no-console
  console.error(error);
  process.exit(1);
});
