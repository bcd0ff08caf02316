import fs from 'fs';
import os from 'os';
import path from 'path';
import { startSandbox } from '@portsync/port-sandbox';
import {
  BackendProcess,
  callBackend,
  fileCatalogConfig,
  startBackendProcess,
} from './__testUtils__/startBackendProcess';
import { componentsYaml } from './__testUtils__/startReplicaSet';
import {
  eventually,
  sandboxReader,
} from './__testUtils__/startPortTestBackend';

jest.setTimeout(300_000);

interface Status {
  resyncRequests: Array<{ id: string; status: string }>;
}

async function resyncStatus(backend: BackendProcess, runId: string) {
  const res = await callBackend(backend, 'GET', '/api/port/status');
  const body = (await res.json()) as Status;
  return body.resyncRequests.find(r => r.id === runId)?.status;
}

// Issue #15, defect 4: a resync killed with `kill -9` held the scheduler's global lock and its
// `running` request for the resync's 30-minute timeout, so a restarted backend answered 409.
describe('a backend killed during a resync, restarted on the same file SQLite', () => {
  const names = Array.from({ length: 12 }, (_, i) => `svc-${i}`);
  let sandbox: Awaited<ReturnType<typeof startSandbox>>;
  let dir: string;
  let backend: BackendProcess | undefined;

  beforeAll(async () => {
    sandbox = await startSandbox();
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'portsync-crash-'));
  });

  afterAll(async () => {
    await backend?.stop();
    await sandbox?.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('takes a new resync within the lease, runs it, and marks the killed one aborted', async () => {
    const catalogFile = path.join(dir, 'catalog.yaml');
    fs.writeFileSync(
      catalogFile,
      componentsYaml(names.map(name => ({ name }))),
    );
    const config = fileCatalogConfig({
      sandbox,
      catalogFile,
      database: {
        client: 'better-sqlite3',
        connection: { directory: path.join(dir, 'db') },
      },
      port: {
        changeScan: { frequency: { seconds: 2 } },
        changes: { frequency: { seconds: 2 } },
        // One request at a time, each slowed below: the forced resync takes long enough to be killed in.
        client: { concurrency: 1 },
      },
    });
    const port = sandboxReader(sandbox);
    backend = await startBackendProcess({ name: 'first', dir, config });
    await eventually(
      async () =>
        (await port.identifiers('component')).length === names.length ||
        undefined,
      { what: 'the catalog in Port', timeoutMs: 120_000 },
    );

    sandbox.setFaults({
      rules: [{ method: 'POST', path: '/entities', latencyMs: 2_000 }],
    });
    const killed = await callBackend(backend, 'POST', '/api/port/resync', {
      force: true,
    });
    expect(killed.status).toBe(202);
    const { runId: killedRun } = (await killed.json()) as { runId: string };
    await eventually(
      async () =>
        (await resyncStatus(backend!, killedRun)) === 'running' || undefined,
      { what: 'the resync to be running' },
    );
    await backend.kill();
    sandbox.resetFaults();

    backend = await startBackendProcess({ name: 'second', dir, config });
    // Before the fix this answered 409 for 30 minutes; the resync's lease lapses in 15 s.
    const runId = await eventually(
      async () => {
        const res = await callBackend(backend!, 'POST', '/api/port/resync', {
          force: true,
        });
        if (res.status === 409) return undefined;
        expect(res.status).toBe(202);
        return ((await res.json()) as { runId: string }).runId;
      },
      { what: 'a resync accepted after the restart', timeoutMs: 60_000 },
    );
    await eventually(
      async () =>
        (await resyncStatus(backend!, runId)) === 'completed' || undefined,
      { what: 'the new resync to complete', timeoutMs: 120_000 },
    );
    expect(await resyncStatus(backend, killedRun)).toBe('aborted');
    expect(backend.output()).toContain(`Resync ${runId} started`);
  });
});
