import { Sandbox } from '@portsync/port-sandbox';
import {
  BackendProcess,
  callBackend,
} from './__testUtils__/startBackendProcess';
import {
  componentsYaml,
  startReplicaSet,
} from './__testUtils__/startReplicaSet';
import { eventually } from './__testUtils__/startPortTestBackend';
import { waitForPolls } from './__testUtils__/waitForPolls';
import { CONFIG_CHANGE_PREFIX, hashConfig } from './portUi/MappingSource';

jest.setTimeout(300_000);

const ID = 'backstage';

type ResyncRequestJson = {
  id: string;
  portRequestId: string | null;
  status: string;
};

describe("Port's UI with two backend processes on one PostgreSQL", () => {
  let set: Awaited<ReturnType<typeof startReplicaSet>>;
  let sandbox: Sandbox;
  let replicas: BackendProcess[];

  async function resyncRequests(): Promise<ResyncRequestJson[]> {
    const res = await callBackend(replicas[0], 'GET', '/api/port/status');
    return ((await res.json()) as { resyncRequests: ResyncRequestJson[] })
      .resyncRequests;
  }

  const ranBy = (runId: string) =>
    replicas.filter(r => r.output().includes(`Resync ${runId} started`));

  /**
   * Two more polls by each replica of the mapping (every replica polls it) and two of resync requests (one replica
   * at a time polls them): whatever a poll would start has started.
   */
  const settle = () =>
    waitForPolls(sandbox, ID, {
      mapping: 2 * replicas.length,
      resyncRequests: 2,
    });

  beforeAll(async () => {
    set = await startReplicaSet({
      catalogYaml: componentsYaml([{ name: 'alpha' }]),
      port: {
        mapping: { source: 'port', pollInterval: { seconds: 1 } },
        resyncRequests: { pollInterval: { seconds: 1 } },
      },
    });
    if (!set) return;
    ({ sandbox, replicas } = set);
  });

  afterAll(async () => {
    await set?.stop();
  });

  it('starts exactly one run for a resync requested in the sandbox', async () => {
    if (!set) return; // startPostgres already said why.
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
    if (!set) return;
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
