import { mockCredentials } from '@backstage/backend-test-utils';
import { startSandbox } from '@portsync/port-sandbox';
import request from 'supertest';
import {
  component,
  eventually,
  sandboxReader,
  startPortTestBackend,
} from './__testUtils__/startPortTestBackend';
import { MASK } from '@portsync/sync';
import { waitForPolls } from './__testUtils__/waitForPolls';

jest.setTimeout(180_000);

type Sandbox = Awaited<ReturnType<typeof startSandbox>>;
type Json = Record<string, any>;

const INTEGRATION = 'backstage';
/** Short polls so each test sees Port's UI acted on within seconds. */
const POLL = { seconds: 1 };
const RESYNC_INTERVAL_MINUTES = 30;

/** What Port's UI does, through the sandbox's admin routes. */
function portUi(sandbox: Sandbox) {
  const base = `${sandbox.url}/_sandbox/integrations/${INTEGRATION}`;
  return {
    async integration(): Promise<Json> {
      const res = await fetch(base);
      return ((await res.json()) as { integration: Json }).integration;
    },
    async pressResync(): Promise<{ id: string; updatedAt: string }> {
      const res = await fetch(`${base}/resync-request`, { method: 'POST' });
      return ((await res.json()) as { request: any }).request;
    },
    async saveMapping(config: Json, options: { resync: boolean }) {
      const res = await fetch(`${base}/config?resync=${options.resync}`, {
        method: 'PUT',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ config }),
      });
      if (!res.ok) throw new Error(`saving the mapping: ${res.status}`);
    },
  };
}

/** The integration's config with the component resource's lifecycle mapped by `expression`. */
function withLifecycle(config: Json, expression: string): Json {
  const copy = structuredClone(config);
  const resource = copy.resources.find(
    (r: Json) => r.kind.toLowerCase() === 'component',
  );
  const mappings = resource.port.entity.mappings;
  (Array.isArray(mappings) ? mappings[0] : mappings).properties.lifecycle =
    expression;
  return copy;
}

describe("Port's UI in control, with the real catalog and the sandbox", () => {
  let sandbox: Sandbox;
  let harness: Awaited<ReturnType<typeof startPortTestBackend>>;
  let port: ReturnType<typeof sandboxReader>;
  let ui: ReturnType<typeof portUi>;

  async function status(): Promise<Json> {
    const res = await request(harness.backend.server)
      .get('/api/port/status')
      .set('authorization', mockCredentials.service.header());
    expect(res.status).toBe(200);
    return res.body;
  }

  /** Resync runs the engine recorded that started at or after `since`. */
  async function resyncRunsSince(since: number): Promise<Json[]> {
    return (await status()).runs.filter(
      (r: Json) => r.type === 'resync' && Date.parse(r.startedAt) >= since,
    );
  }

  async function waitForCompletedRun(since: number): Promise<Json> {
    return eventually(
      async () =>
        (await resyncRunsSince(since)).find(
          (r: Json) => r.status === 'completed',
        ),
      { what: 'a completed resync' },
    );
  }

  /** Two more polls of each kind: whatever a poll would start has started. */
  const settle = () =>
    waitForPolls(sandbox, INTEGRATION, { mapping: 2, resyncRequests: 2 });

  beforeAll(async () => {
    sandbox = await startSandbox();
    port = sandboxReader(sandbox);
    ui = portUi(sandbox);
    harness = await startPortTestBackend({
      sandbox,
      port: {
        mapping: { source: 'port', pollInterval: POLL },
        resyncRequests: { pollInterval: POLL },
        resync: {
          schedule: {
            frequency: { minutes: RESYNC_INTERVAL_MINUTES },
            timeout: { minutes: 5 },
          },
        },
      },
    });
    const secrets = {
      'example.com/api-token': 'tok-1234567890',
      'example.com/database-url': 'postgres://svc:hunter2@db.internal/app',
      'example.com/deploy-note':
        'curl -H "Authorization: Bearer abcdefghijklmnopqrstuvwxyz0123"',
      'github.com/project-slug': 'acme/service',
    };
    await harness.provider.upsert(
      ...Array.from({ length: 7 }, (_, i) =>
        component(`svc-${i}`, {}, { annotations: secrets }),
      ),
    );
    await eventually(
      async () =>
        (await port.identifiers('component')).length >= 7 || undefined,
      { what: 'the components in Port' },
    );
    // The schedule's first resync runs at startup; the tests count the runs
    // Port's UI starts after it.
    await waitForCompletedRun(0);
  });

  afterAll(async () => {
    await harness?.backend.stop();
    await sandbox?.close();
  });

  it('writes its mapping to an integration that has none in Port, and uses it', async () => {
    const integration = await ui.integration();
    expect(integration.config.resources.length).toBeGreaterThan(0);
    const mapping = (await status()).mapping;
    expect(mapping).toMatchObject({
      source: 'port',
      configHash: expect.any(String),
    });
    expect(mapping.rejected).toBeUndefined();
  });

  it('starts exactly one run for a resync requested in Port, and shows its state there', async () => {
    sandbox.clearRequests();
    const pressedAt = Date.now();
    const portRequest = await ui.pressResync();

    const run = await waitForCompletedRun(pressedAt);
    // Within a poll interval and a run: the test's clock is Port's clock here.
    expect(Date.parse(run.startedAt) - pressedAt).toBeLessThan(5_000);
    await settle();
    expect(await resyncRunsSince(pressedAt)).toHaveLength(1);
    const filed = (await status()).resyncRequests.filter(
      (r: Json) => r.portRequestId === portRequest.id,
    );
    expect(filed).toEqual([
      expect.objectContaining({ source: 'port', status: 'completed' }),
    ]);

    const state = (await ui.integration()).resyncState;
    expect(state).toMatchObject({
      status: 'completed',
      intervalInMinuets: RESYNC_INTERVAL_MINUTES,
    });
    const start = Date.parse(state.lastResyncStart);
    const end = Date.parse(state.lastResyncEnd);
    expect(start).toBeGreaterThanOrEqual(pressedAt);
    expect(start).toBeLessThanOrEqual(Date.parse(run.startedAt));
    expect(end).toBeGreaterThanOrEqual(Date.parse(run.finishedAt));
    expect(Date.parse(state.nextResync)).toBe(
      start + RESYNC_INTERVAL_MINUTES * 60_000,
    );
    // `running` when it began, `completed` when it ended: nothing else.
    expect(
      sandbox
        .requests()
        .filter(r => r.method === 'PATCH' && r.path.endsWith('/resync-state'))
        .map(r => r.status),
    ).toEqual([200, 200]);
  });

  it('sends at most 5 raw examples per kind per resync, with secrets in annotations masked', async () => {
    const examples: Json[] = (await ui.integration()).examples;
    const components = examples.filter(e => e.kind === 'component');
    expect(components.length).toBeGreaterThan(0);
    const perResync = new Map<string, number>();
    for (const e of examples) {
      const key = `${e.kind}@${e.receivedAt}`;
      perResync.set(key, (perResync.get(key) ?? 0) + 1);
    }
    expect(Math.max(...perResync.values())).toBeLessThanOrEqual(5);
    expect(components.length).toBeLessThanOrEqual(5);

    const annotations = components[0].example.metadata.annotations;
    expect(annotations['example.com/api-token']).toBe(MASK);
    expect(annotations['example.com/database-url']).toBe(
      `postgres://svc:${MASK}@db.internal/app`,
    );
    expect(annotations['example.com/deploy-note']).toBe(
      `curl -H "Authorization: ${MASK}"`,
    );
    expect(annotations['github.com/project-slug']).toBe('acme/service');
    expect(JSON.stringify(examples)).not.toMatch(
      /tok-1234567890|hunter2|abcdefghijklmnopqrstuvwxyz0123/,
    );
  });

  it('picks up a mapping edited in Port without a resync request, and resyncs once with it', async () => {
    const before = await ui.integration();
    const savedAt = Date.now();
    await ui.saveMapping(
      withLifecycle(before.config, '"edited-" + .spec.lifecycle'),
      { resync: false },
    );

    await waitForCompletedRun(savedAt);
    const entity = await port.entity('component', 'component:default/svc-0');
    expect(entity?.properties.lifecycle).toBe('edited-production');
    await settle();
    expect(await resyncRunsSince(savedAt)).toHaveLength(1);
    expect((await status()).mapping.configHash).not.toBe(undefined);
  });

  it("resyncs once when Port's UI saves a mapping and files its own resync request", async () => {
    const before = await ui.integration();
    const savedAt = Date.now();
    await ui.saveMapping(
      withLifecycle(before.config, '"saved-" + .spec.lifecycle'),
      { resync: true },
    );

    await waitForCompletedRun(savedAt);
    expect(
      (await port.entity('component', 'component:default/svc-1'))?.properties
        .lifecycle,
    ).toBe('saved-production');
    await settle();
    expect(await resyncRunsSince(savedAt)).toHaveLength(1);
  });

  it('reports a broken mapping edited in Port and keeps running the last good one', async () => {
    const good = (await ui.integration()).config;
    const goodHash = (await status()).mapping.configHash;
    await ui.saveMapping(withLifecycle(good, '.spec.lifecycle |'), {
      resync: false,
    });

    const rejected = await eventually(
      async () => (await status()).mapping.rejected,
      { what: 'the broken mapping to be reported in /status' },
    );
    expect(rejected.error).toMatch(
      /config\.resources\[\d+\]\.port\.entity\.mappings(\[0\])?\.properties\.lifecycle: jq: syntax error/,
    );
    expect((await status()).mapping.configHash).toBe(goodHash);
    const state = (await ui.integration()).resyncState;
    expect(state.status).toBe('failed');
    expect(state.error).toMatch(/The mapping in Port cannot be used/);

    // The live path still maps with the last good mapping...
    await harness.provider.upsert(component('after-break'));
    const entity = await eventually(
      () => port.entity('component', 'component:default/after-break'),
      { what: 'the new component in Port' },
    );
    expect(entity.properties.lifecycle).toBe('saved-production');

    // ...and so does a resync asked for meanwhile.
    const pressedAt = Date.now();
    await ui.pressResync();
    await waitForCompletedRun(pressedAt);
    expect((await ui.integration()).resyncState).toMatchObject({
      status: 'completed',
      error: null,
    });
    expect((await status()).mapping.rejected?.error).toBe(rejected.error);
  });
});
