import fs from 'fs';
import os from 'os';
import path from 'path';
import { startSandbox } from '@portsync/port-sandbox';
import { startPostgres, TestPostgres } from '@portsync/sync/testUtils';
import { stringify } from 'yaml';
import {
  BackendProcess,
  callBackend,
  startBackendProcess,
} from './__testUtils__/startBackendProcess';
import {
  eventually,
  sandboxReader,
} from './__testUtils__/startPortTestBackend';

jest.setTimeout(300_000);

function catalogYaml(components: Array<{ name: string; lifecycle: string }>) {
  return components
    .map(c =>
      stringify({
        apiVersion: 'backstage.io/v1alpha1',
        kind: 'Component',
        metadata: { name: c.name },
        spec: { type: 'service', lifecycle: c.lifecycle, owner: 'team-a' },
      }),
    )
    .join('---\n');
}

describe('two backend processes on one PostgreSQL', () => {
  let postgres: TestPostgres | undefined;
  let sandbox: Awaited<ReturnType<typeof startSandbox>>;
  let dir: string;
  const replicas: BackendProcess[] = [];

  beforeAll(async () => {
    postgres = await startPostgres();
    if (!postgres) return;
    sandbox = await startSandbox();
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'portsync-replicas-'));
    fs.writeFileSync(
      path.join(dir, 'catalog.yaml'),
      catalogYaml(
        ['alpha', 'bravo', 'charlie', 'delta'].map(name => ({
          name,
          lifecycle: 'production',
        })),
      ),
    );
    const config = {
      backend: { database: { client: 'pg', connection: postgres.connection } },
      catalog: {
        rules: [{ allow: ['Component', 'Location'] }],
        locations: [{ type: 'file', target: path.join(dir, 'catalog.yaml') }],
        processingInterval: { seconds: 1 },
      },
      port: {
        baseUrl: sandbox.url,
        clientId: sandbox.clientId,
        clientSecret: sandbox.clientSecret,
        changeScan: { frequency: { seconds: 2 } },
        changes: {
          frequency: { seconds: 2 },
          hintDelay: { milliseconds: 300 },
        },
      },
    };
    // One after the other: both would otherwise race to create the databases.
    replicas.push(await startBackendProcess({ name: 'a', dir, config }));
    replicas.push(await startBackendProcess({ name: 'b', dir, config }));
  });

  afterAll(async () => {
    await Promise.all(replicas.map(r => r.stop()));
    await sandbox?.close();
    await postgres?.stop();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  it('pushes every change, runs a resync on one replica at a time, and deletes nothing twice', async () => {
    if (!postgres) {
      // startPostgres already said why.
      return;
    }
    const port = sandboxReader(sandbox);
    const identifiers = async () =>
      (await port.identifiers('component')).join(',');
    await eventually(
      async () =>
        (await identifiers()) ===
          'component:default/alpha,component:default/bravo,component:default/charlie,component:default/delta' ||
        undefined,
      { what: 'the initial catalog in Port', timeoutMs: 90_000 },
    );

    sandbox.clearRequests();
    fs.writeFileSync(
      path.join(dir, 'catalog.yaml'),
      catalogYaml([
        { name: 'alpha', lifecycle: 'deprecated' },
        { name: 'charlie', lifecycle: 'production' },
        { name: 'delta', lifecycle: 'production' },
        { name: 'echo', lifecycle: 'experimental' },
      ]),
    );
    await eventually(
      async () =>
        ((await identifiers()) ===
          'component:default/alpha,component:default/charlie,component:default/delta,component:default/echo' &&
          (
            await port.entity('component', 'component:default/alpha')
          )?.properties.lifecycle === 'deprecated') ||
        undefined,
      {
        what: 'the update, the creation and the deletion in Port',
        timeoutMs: 90_000,
      },
    );

    const first = await callBackend(replicas[0], 'POST', '/api/port/resync', {
      force: true,
    });
    expect(first.status).toBe(202);
    const { runId } = (await first.json()) as { runId: string };
    const second = await callBackend(
      replicas[1],
      'POST',
      '/api/port/resync',
      {},
    );
    expect(second.status).toBe(409);

    await eventually(
      async () => {
        const res = await callBackend(replicas[1], 'GET', '/api/port/status');
        const body = (await res.json()) as {
          resyncRequests: Array<{ id: string; status: string }>;
        };
        return (
          body.resyncRequests.find(r => r.id === runId)?.status ===
            'completed' || undefined
        );
      },
      { what: 'the resync to complete', timeoutMs: 90_000 },
    );

    // Exactly one replica ran the resync, and its log says which.
    const ranIt = replicas.filter(r =>
      r.output().includes(`Resync ${runId} started`),
    );
    expect(ranIt).toHaveLength(1);
    expect(ranIt[0].output()).toMatch(/replica/);

    // bravo was deleted once: one successful delete request, and no delete
    // that found it already gone.
    const deletes = sandbox
      .requests()
      .filter(
        r => r.method === 'DELETE' || /\/bulk\/entities\/delete$/.test(r.path),
      );
    expect(deletes.filter(r => r.status === 404)).toEqual([]);
    expect(deletes.filter(r => r.status === 200)).toHaveLength(1);
  });
});
