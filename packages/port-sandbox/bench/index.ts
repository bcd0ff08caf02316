/* eslint-disable no-console */
/**
 * Throughput of the sandbox over HTTP: 100,000 entities bulk-upserted in batches of 20
 * with 8 requests in flight (Ocean's batch size), then 1,000 searches of 50
 * identifiers each (Ocean's diff query). The sandbox runs in its own process through
 * the bin, so the figures are the server's, not shared with this client.
 */
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { searchMillis } from './searchScaling';

const ENTITIES = Number(process.env.BENCH_ENTITIES ?? 100000);
const BATCH = 20;
const IN_FLIGHT = 8;
const SEARCHES = 1000;
const IDS_PER_SEARCH = 50;
const USER_AGENT = 'port-ocean/backstage/0.1.0/bench/exporter';

async function startServer(): Promise<{
  url: string;
  stop: () => Promise<void>;
}> {
  const child = spawn(
    process.execPath,
    [join(__dirname, '../bin/portsync-sandbox'), '--port', '0'],
    {
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  const url = await new Promise<string>((resolve, reject) => {
    let output = '';
    child.stdout!.on('data', chunk => {
      output += chunk;
      const match = /listening on (http:\/\/\S+)/.exec(output);
      if (match) resolve(match[1]);
    });
    child.once('exit', code =>
      reject(new Error(`sandbox exited with ${code}`)),
    );
  });
  return {
    url,
    stop: () =>
      new Promise(resolve => {
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}

async function call(
  url: string,
  token: string,
  path: string,
  body: unknown,
): Promise<any> {
  const response = await fetch(`${url}${path}`, {
    method: 'POST',
    headers: {
      authorization: `Bearer ${token}`,
      'content-type': 'application/json',
      'user-agent': USER_AGENT,
    },
    body: JSON.stringify(body),
  });
  const json = await response.json();
  if (response.status !== 200 && response.status !== 201) {
    throw new Error(`${path}: ${response.status} ${JSON.stringify(json)}`);
  }
  return json;
}

function entity(i: number) {
  return {
    identifier: `component:default/service-${i}`,
    title: `service-${i}`,
    blueprint: 'component',
    properties: {
      description: `Service number ${i}`,
      lifecycle: i % 3 === 0 ? 'production' : 'experimental',
      type: 'service',
      tags: ['bench', `shard-${i % 16}`],
      annotations: {
        'backstage.io/source-location': `url:https://example.com/repos/service-${i}`,
      },
    },
    relations: { owningGroup: `group:default/team-${i % 100}` },
  };
}

async function pool(
  tasks: number,
  inFlight: number,
  run: (index: number) => Promise<void>,
) {
  let next = 0;
  await Promise.all(
    Array.from({ length: inFlight }, async () => {
      while (next < tasks) await run(next++);
    }),
  );
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))];
}

async function main() {
  const server = await startServer();
  try {
    const { url } = server;
    const auth = await fetch(`${url}/v1/auth/access_token`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        clientId: 'sandbox-client',
        clientSecret: 'sandbox-secret',
      }),
    });
    const { accessToken } = (await auth.json()) as { accessToken: string };
    await call(url, accessToken, '/v1/blueprints', {
      identifier: 'group',
      title: 'Group',
      schema: { properties: {} },
    });
    await call(url, accessToken, '/v1/blueprints', {
      identifier: 'component',
      title: 'Component',
      schema: {
        properties: {
          description: { type: 'string', format: 'markdown' },
          lifecycle: { type: 'string' },
          type: { type: 'string' },
          tags: { type: 'array', items: { type: 'string' } },
          annotations: { type: 'object' },
        },
      },
      relations: {
        owningGroup: { target: 'group', required: false, many: false },
      },
    });

    const batches = Math.ceil(ENTITIES / BATCH);
    const upsertStart = performance.now();
    await pool(batches, IN_FLIGHT, async batch => {
      const entities = [];
      for (
        let i = batch * BATCH;
        i < Math.min(ENTITIES, (batch + 1) * BATCH);
        i++
      )
        entities.push(entity(i));
      const result = await call(
        url,
        accessToken,
        '/v1/blueprints/component/entities/bulk?upsert=true&merge=true&create_missing_related_entities=true&validation_only=false',
        { entities },
      );
      if (result.errors.length > 0)
        throw new Error(JSON.stringify(result.errors[0]));
    });
    const upsertSeconds = (performance.now() - upsertStart) / 1000;

    const latencies: number[] = [];
    const searchStart = performance.now();
    await pool(SEARCHES, IN_FLIGHT, async search => {
      const ids = Array.from(
        { length: IDS_PER_SEARCH },
        (_, k) =>
          `component:default/service-${
            (search * IDS_PER_SEARCH + k * 997) % ENTITIES
          }`,
      );
      const started = performance.now();
      const result = await call(
        url,
        accessToken,
        '/v1/entities/search?include=identifier&include=blueprint&include=title&include=properties.lifecycle&include=relations.owningGroup&exclude_calculated_properties=true',
        {
          combinator: 'and',
          rules: [
            { property: '$identifier', operator: 'in', value: ids },
            { property: '$blueprint', operator: '=', value: 'component' },
            {
              property: '$datasource',
              operator: 'contains',
              value: 'port-ocean/backstage/',
            },
          ],
        },
      );
      latencies.push(performance.now() - started);
      if (result.entities.length !== new Set(ids).size)
        throw new Error('search missed entities');
    });
    const searchSeconds = (performance.now() - searchStart) / 1000;
    latencies.sort((a, b) => a - b);

    const stats = (await (await fetch(`${url}/_sandbox/stats`)).json()) as {
      maxRssBytes: number;
      entities: number;
    };
    const mib = (bytes: number) => (bytes / 1024 / 1024).toFixed(0);
    console.log(
      `port-sandbox bench (node ${process.version}, ${ENTITIES} entities)`,
    );
    console.log(
      `bulk upsert: ${batches} requests of ${BATCH} with ${IN_FLIGHT} in flight in ${upsertSeconds.toFixed(
        1,
      )} s: ` +
        `${(batches / upsertSeconds).toFixed(0)} requests/s, ${(
          ENTITIES / upsertSeconds
        ).toFixed(0)} entities/s`,
    );
    console.log(
      `search: ${SEARCHES} searches of ${IDS_PER_SEARCH} identifiers in ${searchSeconds.toFixed(
        1,
      )} s: ` +
        `${(SEARCHES / searchSeconds).toFixed(0)} requests/s, p50 ${percentile(
          latencies,
          0.5,
        ).toFixed(1)} ms, ` +
        `p99 ${percentile(latencies, 0.99).toFixed(1)} ms`,
    );
    console.log(
      `entities stored: ${stats.entities} (incl. ${
        stats.entities - ENTITIES
      } relation stubs); ` +
        `peak RSS: sandbox ${mib(stats.maxRssBytes)} MiB, bench client ${mib(
          process.resourceUsage().maxRSS * 1024,
        )} MiB`,
    );
  } finally {
    await server.stop();
  }
  const small = searchMillis(1000);
  const large = searchMillis(ENTITIES);
  console.log(
    `search in process (no HTTP): ${small.toFixed(
      3,
    )} ms at 1000 entities, ${large.toFixed(3)} ms at ${ENTITIES} entities`,
  );
}

main().catch(error => {
  console.error(error);
  process.exitCode = 1;
});
