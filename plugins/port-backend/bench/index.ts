/*
 * Latency benchmark: how long a catalog change takes to reach Port, through
 * the real catalog, the catalog module's hints, the plugin's queue and the
 * Port client, into the sandbox over HTTP, with the plugin's default timings
 * (first look 250 ms after a hint, then every 250 ms; queue every 10 s;
 * change scan every 30 s): creates, updates, relation-only changes (a new
 * user's `memberOf` changes its group, which gets no hint of its own) and
 * deletions. Then a full forced resync of the example catalog.
 *
 *   npm run bench -w @portsync/plugin-port-backend
 */
import fs from 'fs';
import path from 'path';
import { AddressInfo } from 'net';
import { Entity } from '@backstage/catalog-model';
import { startSandbox } from '@portsync/port-sandbox';
import { parseAllDocuments } from 'yaml';
import {
  component,
  eventually,
  sandboxReader,
  startPortTestBackend,
} from '../src/__testUtils__/startPortTestBackend';

const CHANGES = Number(process.env.BENCH_CHANGES ?? 200);
const DELETIONS = Number(process.env.BENCH_DELETIONS ?? 20);
const MEMBERS = Number(process.env.BENCH_MEMBERS ?? 20);
const CHANGE_SPACING_MS = 100;
const DELETION_SPACING_MS = 1000;

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[
    Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)
  ];
}

function summary(label: string, values: number[]) {
  const s = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
  console.log(
    `${label}: n=${values.length} p50 ${s(percentile(values, 50))}  p95 ${s(
      percentile(values, 95),
    )}  max ${s(Math.max(...values))}`,
  );
}

/** Watches Port's entities of `blueprint` and resolves each expectation when it holds. */
function watcher(port: ReturnType<typeof sandboxReader>, blueprint: string) {
  const pending = new Map<
    string,
    {
      test: (e?: Record<string, any>) => boolean;
      start: number;
      done: (ms: number) => void;
    }
  >();
  let running = true;
  const loop = (async () => {
    while (running) {
      if (pending.size > 0) {
        const entities = new Map(
          (await port.entities(blueprint)).map(e => [
            e.identifier as string,
            e,
          ]),
        );
        const now = Date.now();
        for (const [id, waiter] of pending) {
          if (waiter.test(entities.get(id))) {
            pending.delete(id);
            waiter.done(now - waiter.start);
          }
        }
      }
      await new Promise(resolve => setTimeout(resolve, 50));
    }
  })();
  return {
    expect(
      id: string,
      test: (e?: Record<string, any>) => boolean,
    ): Promise<number> {
      return new Promise(done =>
        pending.set(id, { test, start: Date.now(), done }),
      );
    },
    async stop() {
      running = false;
      await loop;
    },
  };
}

function exampleCatalog(): Entity[] {
  const dir = path.resolve(__dirname, '../../../examples/catalog');
  return fs
    .readdirSync(dir)
    .filter(f => f.endsWith('.yaml') && f !== 'all.yaml')
    .flatMap(f => parseAllDocuments(fs.readFileSync(path.join(dir, f), 'utf8')))
    .map(d => d.toJS() as Entity)
    .filter(Boolean);
}

async function main() {
  const sandbox = await startSandbox();
  const port = sandboxReader(sandbox);
  const { backend, provider } = await startPortTestBackend({
    sandbox,
    fast: false,
    extraConfig: {},
  });
  const rssStart = process.memoryUsage().rss;
  try {
    await eventually(() => port.integration('backstage'), {
      what: 'startup',
      timeoutMs: 60_000,
    });
    console.log(
      `portsync plugin latency benchmark (${CHANGES} changes, ${MEMBERS} relation-only changes, ${DELETIONS} deletions, default timings)`,
    );

    const watch = watcher(port, 'component');
    /** Upserts every bench component with a new description, one every CHANGE_SPACING_MS. */
    const changeAll = async (marker: string): Promise<number[]> => {
      const seen: Promise<number>[] = [];
      for (let i = 0; i < CHANGES; i++) {
        const name = `bench-${i}`;
        const description = `${marker}-${i}`;
        await provider.upsert(component(name, {}, { description }));
        seen.push(
          watch.expect(
            `component:default/${name}`,
            e => e?.properties?.description === description,
          ),
        );
        await new Promise(resolve => setTimeout(resolve, CHANGE_SPACING_MS));
      }
      return Promise.all(seen);
    };
    summary('hinted create         → Port', await changeAll('create'));
    summary('hinted update         → Port', await changeAll('update'));

    // Each new member changes the group's stitched relations only: measured until the group in Port lists them.
    const team = 'group:default/bench-team';
    await provider.upsert({
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Group',
      metadata: { name: 'bench-team' },
      spec: { type: 'team', children: [] },
    });
    const groups = watcher(port, 'group');
    await groups.expect(team, e => e !== undefined);
    const joined: number[] = [];
    for (let i = 0; i < MEMBERS; i++) {
      const user = `user:default/bench-user-${i}`;
      const listed = groups.expect(team, e =>
        (e?.relations?.members ?? []).includes(user),
      );
      await provider.upsert({
        apiVersion: 'backstage.io/v1alpha1',
        kind: 'User',
        metadata: { name: `bench-user-${i}` },
        spec: { memberOf: ['bench-team'] },
      });
      joined.push(await listed);
    }
    await groups.stop();
    summary('relation-only change  → Port', joined);

    const deleted: Promise<number>[] = [];
    for (let i = 0; i < DELETIONS; i++) {
      const name = `bench-${i}`;
      await provider.remove(component(name));
      deleted.push(
        watch.expect(`component:default/${name}`, e => e === undefined),
      );
      await new Promise(resolve => setTimeout(resolve, DELETION_SPACING_MS));
    }
    summary('deletion (change scan)→ Port', await Promise.all(deleted));
    await watch.stop();

    const catalog = exampleCatalog();
    await provider.upsert(...catalog);
    const { port: backendPort } = backend.server.address() as AddressInfo;
    const api = `http://127.0.0.1:${backendPort}/api/port`;
    const headers = {
      authorization: 'Bearer mock-service-token',
      'content-type': 'application/json',
    };
    await eventually(
      async () => {
        const res = await fetch(`${api}/status`, { headers });
        const body = (await res.json()) as { queue: { depth: number } };
        return body.queue.depth === 0 || undefined;
      },
      { what: 'the example catalog to be pushed', timeoutMs: 120_000 },
    );
    const started = Date.now();
    const res = await fetch(`${api}/resync`, {
      method: 'POST',
      headers,
      body: JSON.stringify({ force: true }),
    });
    const { runId } = (await res.json()) as { runId: string };
    const run = await eventually(
      async () => {
        const body = (await (
          await fetch(`${api}/status`, { headers })
        ).json()) as {
          runs: Array<{
            id: string;
            status: string;
            counts: Record<string, number>;
          }>;
        };
        const r = body.runs.find(x => x.id === runId);
        return r && r.status !== 'running' ? r : undefined;
      },
      { what: 'the resync', timeoutMs: 120_000 },
    );
    console.log(
      `forced full resync of the example catalog (+ ${
        CHANGES - DELETIONS
      } bench components): ${run.status}, ` +
        `${run.counts.upserted} upserted, ${run.counts.mapped} mapped, in ${(
          (Date.now() - started) /
          1000
        ).toFixed(2)} s (request to completion)`,
    );
    console.log(
      `RSS growth during the run: ${Math.round(
        (process.memoryUsage().rss - rssStart) / 1e6,
      )} MB`,
    );
  } finally {
    await backend.stop();
    await sandbox.close();
  }
}

main().catch(error => {
  console.error(error);
  process.exit(1);
});
