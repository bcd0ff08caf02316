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
import { eventually } from './__testUtils__/startPortTestBackend';
import { CONFIG_CHANGE_PREFIX, hashConfig } from './portUi/MappingSource';

jest.setTimeout(300_000);

const ID = 'backstage';

type ResyncRequestJson = {
  id: string;
  portRequestId: string | null;
  status: string;
};

describe("Port's UI with two backend processes on one PostgreSQL", () => {
  let postgres: TestPostgres | undefined;
  let sandbox: Awaited<ReturnType<typeof startSandbox>>;
  let dir: string;
  const replicas: BackendProcess[] = [];

  async function resyncRequests(): Promise<ResyncRequestJson[]> {
    const res = await callBackend(replicas[0], 'GET', '/api/port/status');
    return ((await res.json()) as { resyncRequests: ResyncRequestJson[] })
      .resyncRequests;
  }

  const ranBy = (runId: string) =>
    replicas.filter(r => r.output().includes(`Resync ${runId} started`));

  /** Several polls of both replicas. */
  const settle = () => new Promise(resolve => setTimeout(resolve, 5_000));

  beforeAll(async () => {
    postgres = await startPostgres();
    if (!postgres) return;
    sandbox = await startSandbox();
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'portsync-portui-'));
    fs.writeFileSync(
      path.join(dir, 'catalog.yaml'),
      stringify({
        apiVersion: 'backstage.io/v1alpha1',
        kind: 'Component',
        metadata: { name: 'alpha' },
        spec: { type: 'service', lifecycle: 'production', owner: 'team-a' },
      }),
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
        mapping: { source: 'port', pollInterval: { seconds: 1 } },
        resyncRequests: { pollInterval: { seconds: 1 } },
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

  it('starts exactly one run for a resync requested in the sandbox', async () => {
    if (!postgres) return; // startPostgres already said why.
    await eventually(
      async () => {
        const res = await fetch(`${sandbox.url}/_sandbox/integrations/${ID}`);
        return res.ok || undefined;
      },
      { what: 'the integration in Port', timeoutMs: 90_000 },
    );
    sandbox.clearRequests();
    const res = await fetch(
      `${sandbox.url}/_sandbox/integrations/${ID}/resync-request`,
      { method: 'POST' },
    );
    const { request } = (await res.json()) as { request: { id: string } };

    const filed = await eventually(
      async () =>
        (
          await resyncRequests()
        ).find(r => r.portRequestId === request.id && r.status === 'completed'),
      { what: 'the requested resync to complete', timeoutMs: 90_000 },
    );
    await settle();

    expect(
      (await resyncRequests()).filter(r => r.portRequestId === request.id),
    ).toHaveLength(1);
    expect(ranBy(filed.id)).toHaveLength(1);
    expect(
      sandbox
        .requests()
        .filter(r => r.method === 'PATCH' && r.path.endsWith('/resync-state')),
    ).toHaveLength(2);
  });

  it('files one resync for a mapping edited in the sandbox that both replicas see', async () => {
    if (!postgres) return;
    const base = `${sandbox.url}/_sandbox/integrations/${ID}`;
    const { integration } = (await (await fetch(base)).json()) as {
      integration: { config: { resources: Array<Record<string, any>> } };
    };
    const config = structuredClone(integration.config);
    const resource = config.resources.find(
      r => r.kind.toLowerCase() === 'component',
    )!;
    const mappings = resource.port.entity.mappings;
    (Array.isArray(mappings) ? mappings[0] : mappings).properties.lifecycle =
      '"edited"';
    await fetch(`${base}/config?resync=false`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ config }),
    });

    const filed = await eventually(
      async () =>
        (
          await resyncRequests()
        ).find(
          r =>
            r.portRequestId?.startsWith(CONFIG_CHANGE_PREFIX) &&
            r.status === 'completed',
        ),
      { what: 'the mapping change to be resynced', timeoutMs: 90_000 },
    );
    await settle();

    expect(
      (await resyncRequests()).filter(r =>
        r.portRequestId?.startsWith(CONFIG_CHANGE_PREFIX),
      ),
    ).toHaveLength(1);
    expect(ranBy(filed.id)).toHaveLength(1);
    // Each replica put the edited mapping in use.
    for (const replica of replicas) {
      expect(replica.output()).toContain(
        `Using the mapping from Port (config ${hashConfig(config)})`,
      );
    }
  });
});
