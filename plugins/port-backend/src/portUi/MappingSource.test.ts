import { mockServices } from '@backstage/backend-test-utils';
import { compileMapping, presets } from '@portsync/mapping';
import { PortClient } from '@portsync/port-client';
import { startSandbox } from '@portsync/port-sandbox';
import { Knex } from 'knex';
import { memoryDatabase } from '../__testUtils__/testDatabases';
import { ResyncRequestStore } from '../database/ResyncRequestStore';
import { CONFIG_CHANGE_PREFIX, PortMappingSource } from './MappingSource';
import { ResyncRequestPoller } from './ResyncRequestPoller';
import { ResyncStateReporter } from './ResyncStateReporter';

type Sandbox = Awaited<ReturnType<typeof startSandbox>>;
type Json = Record<string, any>;

const ID = 'backstage';
const seed = compileMapping(presets.default, { configPath: 'seed' });

function withLifecycle(expression: string): Json {
  const config = structuredClone(seed.config) as unknown as Json;
  const resource = config.resources.find(
    (r: Json) => r.kind.toLowerCase() === 'component',
  );
  const mappings = resource.port.entity.mappings;
  (Array.isArray(mappings) ? mappings[0] : mappings).properties.lifecycle =
    expression;
  return config;
}

describe('PortMappingSource', () => {
  let sandbox: Sandbox;
  let knex: Knex;
  let requests: ResyncRequestStore;
  let triggers: number;

  function replica() {
    const client = new PortClient({
      baseUrl: sandbox.url,
      clientId: sandbox.clientId,
      clientSecret: sandbox.clientSecret,
      integrationIdentifier: ID,
      maxRetries: 0,
    });
    const logger = mockServices.logger.mock();
    const poller = new ResyncRequestPoller({
      client,
      identifier: ID,
      requests,
      logger,
      triggerResync: async () => {
        triggers += 1;
      },
    });
    const source = new PortMappingSource({
      client,
      identifier: ID,
      logger,
      requests,
      reporter: new ResyncStateReporter({ client, identifier: ID, logger }),
      seed,
      settings: {
        allowEnv: false,
        isolation: { timeoutMs: 2000, maxHeapMb: 128 },
      },
      resyncRequests: poller,
    });
    return { source, logger, poller };
  }

  async function saveInPort(config: Json, resync: boolean) {
    const res = await fetch(
      `${sandbox.url}/_sandbox/integrations/${ID}/config?resync=${resync}`,
      {
        method: 'PUT',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ config }),
      },
    );
    expect(res.status).toBe(200);
  }

  async function integration(): Promise<Json> {
    const res = await fetch(`${sandbox.url}/_sandbox/integrations/${ID}`);
    return ((await res.json()) as { integration: Json }).integration;
  }

  const configRequests = async () =>
    (await requests.list(50)).filter(r =>
      r.portRequestId?.startsWith(CONFIG_CHANGE_PREFIX),
    );

  beforeEach(async () => {
    sandbox = await startSandbox();
    knex = memoryDatabase();
    requests = await ResyncRequestStore.create({ knex });
    triggers = 0;
    const client = new PortClient({
      baseUrl: sandbox.url,
      clientId: sandbox.clientId,
      clientSecret: sandbox.clientSecret,
    });
    await client.createIntegration({
      installationId: ID,
      installationAppType: 'backstage',
      config: {},
    });
  });

  afterEach(async () => {
    await knex.destroy();
    await sandbox.close();
  });

  it('writes the seed mapping to an integration without one, asking Port for no resync', async () => {
    const { source } = replica();
    await source.load();
    const stored = await integration();
    expect(stored.config).toEqual(JSON.parse(JSON.stringify(seed.config)));
    expect(stored.resyncRequest).toBeUndefined();
    expect(source.mapping).toBe(seed);
    expect(source.status().configHash).toEqual(expect.any(String));
  });

  it('files one resync for a change seen by two replicas, and starts the resync task', async () => {
    const a = replica();
    const b = replica();
    await a.source.load();
    await b.source.load();
    await saveInPort(withLifecycle('"v2"'), false);

    await a.source.poll();
    await b.source.poll();

    expect(await configRequests()).toEqual([
      expect.objectContaining({ source: 'port', status: 'pending' }),
    ]);
    expect(triggers).toBeGreaterThanOrEqual(1);
    for (const { source } of [a, b]) {
      const result = await source.mapping.applyAsync({
        apiVersion: 'backstage.io/v1alpha1',
        kind: 'Component',
        metadata: { name: 'x' },
        spec: { lifecycle: 'production' },
      });
      expect(result.entities[0].properties.lifecycle).toBe('v2');
    }
  });

  it('files again when the mapping goes back to an earlier one', async () => {
    const { source } = replica();
    await source.load();
    const first = withLifecycle('"v2"');
    await saveInPort(first, false);
    await source.poll();
    await saveInPort(seed.config as unknown as Json, false);
    await source.poll();
    await saveInPort(first, false);
    await source.poll();
    expect(await configRequests()).toHaveLength(3);
  });

  it("leaves the resync to Port's own request when Port's UI files one with the save", async () => {
    const { source } = replica();
    await source.load();
    await saveInPort(withLifecycle('"v2"'), true);
    const portRequestId = (await integration()).resyncRequest.id;

    await source.poll();

    expect(await configRequests()).toEqual([]);
    expect(await requests.list(10)).toEqual([
      expect.objectContaining({ portRequestId, status: 'pending' }),
    ]);
    expect(triggers).toBe(1);
  });

  it("files nothing when a resync's refresh is still taking the change that a poll reads", async () => {
    const { source } = replica();
    await source.load();
    await saveInPort(withLifecycle('"v2"'), true);
    // The run for Port's request starts (on this replica) and rereads the mapping.
    const record = await replica().poller.latest();
    expect(await requests.start(Date.now(), { createIfNone: false })).toEqual(
      expect.objectContaining({ id: record!.id, status: 'running' }),
    );
    const checkedBefore = source.status().checkedAt;
    const refreshed = source.refresh();
    // The refresh has read the new mapping and is compiling it when the poll starts.
    while (source.status().checkedAt === checkedBefore) {
      await new Promise(resolve => setImmediate(resolve));
    }
    await source.poll();
    await refreshed;

    expect(await configRequests()).toEqual([]);
    expect(await requests.list(10)).toEqual([
      expect.objectContaining({ id: record!.id, status: 'running' }),
    ]);
  });

  it('reports a mapping that does not compile once, keeps the last good one, and adopts the fix', async () => {
    const { source, logger } = replica();
    await source.load();
    const good = source.mapping;
    await saveInPort(withLifecycle('.spec.lifecycle |'), false);

    await source.poll();
    await source.poll();

    expect(source.mapping).toBe(good);
    expect(source.status().rejected?.error).toMatch(
      /^config\.resources\[\d+\]\.port\.entity\.mappings(\[0\])?\.properties\.lifecycle: jq: syntax error/,
    );
    expect(logger.error).toHaveBeenCalledTimes(1);
    const state = (await integration()).resyncState;
    expect(state.status).toBe('failed');
    expect(state.error).toContain(source.status().rejected!.error);
    expect(await configRequests()).toEqual([]);

    await saveInPort(withLifecycle('"fixed"'), false);
    await source.poll();
    expect(source.mapping).not.toBe(good);
    expect(source.status().rejected).toBeUndefined();
    expect(await configRequests()).toHaveLength(1);
  });

  it('rejects an emptied mapping in Port rather than running with none', async () => {
    const { source } = replica();
    await source.load();
    await saveInPort({}, false);
    await source.poll();
    expect(source.mapping).toBe(seed);
    expect(source.status().rejected?.error).toMatch(/empty/);
  });

  it('never takes env access from Port', async () => {
    const { source } = replica();
    await source.load();
    await saveInPort(
      {
        ...withLifecycle('env.HOME'),
        allowEnvironmentVariablesJqAccess: true,
      },
      false,
    );
    await source.poll();
    const result = await source.mapping.applyAsync({
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Component',
      metadata: { name: 'x' },
    });
    expect(result.entities[0].properties.lifecycle).not.toBe(process.env.HOME);
  });

  it('keeps the mapping in use when Port cannot be read, and says why', async () => {
    const { source } = replica();
    await source.load();
    sandbox.setFaults({
      rules: [{ path: `^/v1/integration/${ID}$`, status: 503 }],
    });
    await source.poll();
    await source.refresh();
    expect(source.mapping).toBe(seed);
    expect(source.status().lastError).toMatch(/503/);
  });

  it('throws from load when Port cannot be read, so the connection retries', async () => {
    const { source } = replica();
    sandbox.setFaults({
      rules: [{ path: `^/v1/integration/${ID}$`, status: 503 }],
    });
    await expect(source.load()).rejects.toThrow(/503/);
  });
});
