import { callBackend } from './__testUtils__/startBackendProcess';
import {
  componentsYaml,
  startReplicaSet,
} from './__testUtils__/startReplicaSet';
import {
  eventually,
  sandboxReader,
} from './__testUtils__/startPortTestBackend';

jest.setTimeout(300_000);

describe('two backend processes on one PostgreSQL', () => {
  let set: Awaited<ReturnType<typeof startReplicaSet>>;

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
      },
    });
  });

  afterAll(async () => {
    await set?.stop();
  });

  it('pushes every change, runs a resync on one replica at a time, and deletes nothing twice', async () => {
    if (!set) return; // startPostgres already said why.
    const { sandbox, replicas } = set;
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
