import { Sandbox } from '@portsync/port-sandbox';
import {
  BackendProcess,
  callBackend,
} from './__testUtils__/startBackendProcess';
import {
  componentsYaml,
  startReplicaSet,
} from './__testUtils__/startReplicaSet';
import {
  eventually,
  sandboxReader,
} from './__testUtils__/startPortTestBackend';
import { waitForPolls } from './__testUtils__/waitForPolls';
import { CONFIG_CHANGE_PREFIX, hashConfig } from './portUi/MappingSource';

jest.setTimeout(300_000);

const ID = 'backstage';

type ResyncRequestJson = {
  id: string;
  portRequestId: string | null;
  status: string;
};

// One replica set for the whole file: a PostgreSQL and two backend processes take most of its time. The tests run
// in order on it: the live path and a forced resync, then Port's UI (a resync requested there, a mapping edited there).
describe('two backend processes on one PostgreSQL', () => {
  let set: Awaited<ReturnType<typeof startReplicaSet>>;
  let sandbox: Sandbox;
  let replicas: BackendProcess[];

  beforeAll(async () => {
    set = await startReplicaSet({
      catalogYaml: componentsYaml(
        ['alpha', 'bravo', 'charlie', 'delta'].map(name => ({ name })),
      ),
      port: {
        changeScan: { frequency: { seconds: 2 } },
        changes: {
          frequency: { seconds: 2 },
          hintDelay: { milliseconds: 300 },
        },
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

  async function resyncRequests(): Promise<ResyncRequestJson[]> {
    const res = await callBackend(replicas[0], 'GET', '/api/port/status');
    return ((await res.json()) as { resyncRequests: ResyncRequestJson[] })
      .resyncRequests;
  }

  /** The replicas whose log says they started the run: exactly one for every run. */
  const ranBy = (runId: string) =>
    replicas.filter(r => r.output().includes(`Resync ${runId} started`));

  it('pushes every change, runs a resync on one replica at a time, and deletes nothing twice', async () => {
    if (!set) return; // startPostgres already said why.
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
    set.writeCatalog(
      componentsYaml([
        { name: 'alpha', lifecycle: 'deprecated' },
        { name: 'charlie' },
        { name: 'delta' },
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
      async () =>
        (await resyncRequests()).find(r => r.id === runId)?.status ===
          'completed' || undefined,
      { what: 'the resync to complete', timeoutMs: 90_000 },
    );

    // Exactly one replica ran the resync, and its log says which.
    expect(ranBy(runId)).toHaveLength(1);
    expect(ranBy(runId)[0].output()).toMatch(/replica/);

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

  describe("with Port's UI in control", () => {
    /**
     * Two more polls by each replica of the mapping (every replica polls it) and two of resync requests (one replica
     * at a time polls them): whatever a poll would start has started.
     */
    const settle = () =>
      waitForPolls(sandbox, ID, {
        mapping: 2 * replicas.length,
        resyncRequests: 2,
      });

    it('starts exactly one run for a resync requested in the sandbox', async () => {
      if (!set) return;
      await eventually(
        async () => {
          const res = await fetch(`${sandbox.url}/_sandbox/integrations/${ID}`);
          return res.ok || undefined;
        },
        { what: 'the integration in Port', timeoutMs: 90_000 },
      );
      // No run of the test before is still under way: its PATCHes of the resync state would count below.
      await eventually(
        async () =>
          (
            await resyncRequests()
          ).every(r => r.status !== 'pending' && r.status !== 'running') ||
          undefined,
        { what: 'no resync under way' },
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
          ).find(
            r => r.portRequestId === request.id && r.status === 'completed',
          ),
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
          .filter(
            r => r.method === 'PATCH' && r.path.endsWith('/resync-state'),
          ),
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
});
