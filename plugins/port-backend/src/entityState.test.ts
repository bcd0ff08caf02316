import {
  coreServices,
  createServiceFactory,
} from '@backstage/backend-plugin-api';
import { mockCredentials } from '@backstage/backend-test-utils';
import {
  AuthorizeResult,
  isPermission,
  PolicyDecision,
} from '@backstage/plugin-permission-common';
import {
  EntitySyncState,
  portSyncManagePermission,
  PortSyncStatus,
} from '@portsync/plugin-port-common';
import { startSandbox } from '@portsync/port-sandbox';
import request from 'supertest';
import { MAX_PREVIEW_MAPPING_BYTES } from './router';
import {
  component,
  eventually,
  startPortTestBackend,
} from './__testUtils__/startPortTestBackend';

jest.setTimeout(180_000);

type Sandbox = Awaited<ReturnType<typeof startSandbox>>;

const ADMIN = 'user:default/admin';
const VIEWER = 'user:default/viewer';
const ENTITY_WRITES = {
  method: 'POST',
  path: '^/v1/blueprints/[^/]+/entities',
};

/**
 * A permission policy as an adopter would write one: `port.sync.manage` for the admin only; every
 * user reads the catalog except entities labelled `visibility: secret`; services may do anything.
 */
const permissionsFactory = createServiceFactory({
  service: coreServices.permissions,
  deps: {},
  factory() {
    const isViewer = (credentials: { principal: unknown }) =>
      (credentials.principal as { userEntityRef?: string }).userEntityRef ===
      VIEWER;
    return {
      async authorize(requests, options) {
        return requests.map(({ permission }) => ({
          result:
            isPermission(permission, portSyncManagePermission) &&
            isViewer(options.credentials)
              ? AuthorizeResult.DENY
              : AuthorizeResult.ALLOW,
        }));
      },
      async authorizeConditional(requests, options) {
        const isUser =
          (options.credentials.principal as { type?: string }).type === 'user';
        return requests.map(
          ({ permission }): PolicyDecision =>
            isUser && permission.name === 'catalog.entity.read'
              ? {
                  result: AuthorizeResult.CONDITIONAL,
                  pluginId: 'catalog',
                  resourceType: 'catalog-entity',
                  conditions: {
                    not: {
                      rule: 'HAS_LABEL',
                      resourceType: 'catalog-entity',
                      params: { label: 'visibility', value: 'secret' },
                    },
                  },
                }
              : { result: AuthorizeResult.ALLOW },
        );
      },
    };
  },
});

/** Every component is mapped unless labelled `sync: skip`; `broken` fails on every one of them. */
const mapping = {
  resources: [
    {
      kind: 'component',
      selector: { query: '.metadata.labels.sync != "skip"' },
      port: {
        entity: {
          mappings: {
            identifier: '.metadata.identifier',
            title: '.metadata.title // .metadata.name',
            blueprint: '"component"',
            properties: {
              lifecycle: '.spec.lifecycle',
              broken: '.spec.lifecycle | tonumber',
            },
          },
        },
      },
    },
  ],
};

describe('per-entity sync state and the admin routes, with a permission policy', () => {
  let sandbox: Sandbox;
  let harness: Awaited<ReturnType<typeof startPortTestBackend>>;

  beforeAll(async () => {
    sandbox = await startSandbox();
    harness = await startPortTestBackend({
      sandbox,
      port: {
        appUrl: sandbox.url,
        mapping,
        // Two failed attempts a second apart park an item, so that a test sees parking within seconds.
        changes: {
          frequency: { seconds: 2 },
          hintDelay: { milliseconds: 300 },
          maxAttempts: 2,
          retryDelay: { seconds: 1 },
        },
      },
      extraConfig: { permission: { enabled: true } },
      features: [permissionsFactory],
    });
    await eventually(
      async () => (await adminStatus()).port.connected || undefined,
      { what: 'Port to be connected' },
    );
  });

  afterEach(() => sandbox.resetFaults());

  afterAll(async () => {
    await harness?.backend.stop();
    await sandbox?.close();
  });

  function byRef(ref: string, user = VIEWER) {
    return request(harness.backend.server)
      .get(`/api/port/entities/by-ref/${encodeURIComponent(ref)}`)
      .set('authorization', mockCredentials.user.header(user));
  }

  async function adminStatus(): Promise<PortSyncStatus> {
    const res = await request(harness.backend.server)
      .get('/api/port/status')
      .set('authorization', mockCredentials.user.header(ADMIN));
    expect(res.status).toBe(200);
    return res.body;
  }

  /** Polls the state of `ref` until it is `state`, and returns it. */
  function stateOf(
    ref: string,
    matches: (body: EntitySyncState) => boolean,
    what: string,
  ): Promise<EntitySyncState> {
    return eventually(
      async () => {
        const res = await byRef(ref);
        return res.status === 200 && matches(res.body) ? res.body : undefined;
      },
      { what, timeoutMs: 60_000 },
    );
  }

  it("shows a user without port.sync.manage a pushed entity with its Port entities, a working link and the mapping's field errors", async () => {
    await harness.provider.upsert(
      component('card-pushed', {}, { title: 'Card Pushed' }),
    );
    const state = await stateOf(
      'component:default/card-pushed',
      body => body.state === 'pushed',
      'the entity to be pushed',
    );
    const identifier = 'component:default/card-pushed';
    expect(state).toEqual({
      entityRef: identifier,
      state: 'pushed',
      lastPushedAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
      portEntities: [
        {
          blueprint: 'component',
          identifier,
          title: 'Card Pushed',
          url: `${sandbox.url}/componentEntity?identifier=${encodeURIComponent(
            identifier,
          )}`,
        },
      ],
      fieldErrors: [
        expect.objectContaining({
          blueprint: 'component',
          field: 'properties.broken',
          expression: '.spec.lifecycle | tonumber',
          message: expect.any(String),
        }),
      ],
      port: { connected: true },
    });
    expect(Date.parse(state.lastPushedAt!)).toBeLessThanOrEqual(Date.now());
    // The link opens the entity's page in the sandbox, as it would in Port's app.
    const page = await fetch(state.portEntities[0].url);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('Card Pushed');
  });

  it('says not-mapped when the selector is false, and 404 for an unknown ref, an entity the user may not read and a bad ref', async () => {
    await harness.provider.upsert(
      component('card-skipped', {}, { labels: { sync: 'skip' } }),
      component('card-secret', {}, { labels: { visibility: 'secret' } }),
    );
    const skipped = await stateOf(
      'component:default/card-skipped',
      () => true,
      'the skipped entity in the catalog',
    );
    expect(skipped).toMatchObject({
      state: 'not-mapped',
      portEntities: [],
      fieldErrors: [],
    });

    // A service reads every entity: the secret one exists and is synced...
    await eventually(
      async () => {
        const res = await request(harness.backend.server)
          .get(
            `/api/port/entities/by-ref/${encodeURIComponent(
              'component:default/card-secret',
            )}`,
          )
          .set('authorization', mockCredentials.service.header());
        return res.body.state === 'pushed' || undefined;
      },
      { what: 'the secret entity to be pushed' },
    );
    // ...and a user who may not read it gets the same answer as for an unknown ref.
    const secret = await byRef('component:default/card-secret');
    expect(secret.status).toBe(404);
    const unknown = await byRef('component:default/no-such-entity');
    expect(unknown.status).toBe(404);
    expect(secret.body.error.message).toBe(
      'No entity component:default/card-secret in the catalog',
    );
    const bad = await byRef('component:');
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toMatch(/^Invalid entity ref 'component:'/);
  });

  it('says queued while a write is on its way, failed while Port rejects it, then pushed', async () => {
    const ref = 'component:default/card-slow';
    // A slow Port: the item is claimed and its first attempt is under way.
    sandbox.setFaults({ rules: [{ ...ENTITY_WRITES, latencyMs: 3_000 }] });
    await harness.provider.upsert(component('card-slow'));
    expect(
      await stateOf(ref, body => body.attempts === 0, 'the item in the queue'),
    ).toMatchObject({
      state: 'queued',
      attempts: 0,
      port: { connected: true },
    });
    await stateOf(ref, body => body.state === 'pushed', 'the slow write');

    // Port answers 429 to every write: the item is retried with backoff.
    sandbox.setFaults({
      rules: [{ ...ENTITY_WRITES, status: 429, retryAfterSeconds: 0 }],
    });
    await harness.provider.upsert(component('card-limited'));
    const failed = await stateOf(
      'component:default/card-limited',
      body => body.state === 'failed',
      'a failed attempt',
    );
    expect(failed).toMatchObject({
      attempts: 1,
      lastError: expect.stringContaining('429'),
      port: { connected: true },
    });
    // The next attempt, after the backoff, is accepted.
    sandbox.resetFaults();
    await stateOf(
      'component:default/card-limited',
      body => body.state === 'pushed',
      'the write once Port accepts it',
    );
  });

  it('says port-unreachable while Port fails, parked after the last attempt, and pushed after a retry', async () => {
    const ref = 'component:default/card-outage';
    // Every request fails, so no other answered request (a poll) marks Port reachable in between.
    sandbox.setFaults({ rules: [{ path: '^/v1/', status: 503 }] });
    await harness.provider.upsert(component('card-outage'));
    const unreachable = await stateOf(
      ref,
      body => body.state === 'port-unreachable',
      'Port to be unreachable',
    );
    expect(unreachable.port).toEqual({
      connected: false,
      lastError: expect.stringContaining('HTTP 503'),
    });
    const parked = await stateOf(
      ref,
      body => body.state === 'parked',
      'the item to be parked',
    );
    expect(parked).toMatchObject({
      attempts: 2,
      lastError: expect.stringContaining('503'),
    });
    const [item] = (await adminStatus()).parked.filter(p => p.ref === ref);
    expect(item).toMatchObject({
      ref,
      attempts: 2,
      lastError: expect.stringContaining('503'),
      parkedAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
      portEntities: [],
    });

    sandbox.resetFaults();
    const retryPath = `/api/port/entities/by-ref/${encodeURIComponent(
      ref,
    )}/retry`;
    const retried = await request(harness.backend.server)
      .post(retryPath)
      .set('authorization', mockCredentials.user.header(ADMIN));
    expect(retried.status).toBe(202);
    expect(retried.body).toEqual({ requeued: 1 });
    await stateOf(ref, body => body.state === 'pushed', 'the retried push');
    const again = await request(harness.backend.server)
      .post(retryPath)
      .set('authorization', mockCredentials.user.header(ADMIN));
    expect(again.status).toBe(404);
    expect(again.body.error.message).toBe(`Nothing is parked for ${ref}`);
  });

  it('refuses the admin routes to a user without port.sync.manage', async () => {
    const viewer = mockCredentials.user.header(VIEWER);
    const server = harness.backend.server;
    const ref = encodeURIComponent('component:default/card-pushed');
    const answers = await Promise.all([
      request(server).get('/api/port/status').set('authorization', viewer),
      request(server).post('/api/port/resync').set('authorization', viewer),
      request(server)
        .post('/api/port/preview')
        .set('authorization', viewer)
        .send({ entityRef: 'component:default/card-pushed' }),
      request(server)
        .post(`/api/port/entities/by-ref/${ref}/retry`)
        .set('authorization', viewer),
    ]);
    expect(answers.map(res => res.status)).toEqual([403, 403, 403, 403]);
    expect((await byRef('component:default/card-pushed')).status).toBe(200);
  });

  it('answers 413 to a preview whose mapping is too large, before compiling it', async () => {
    const res = await request(harness.backend.server)
      .post('/api/port/preview')
      .set('authorization', mockCredentials.user.header(ADMIN))
      .send({
        entityRef: 'component:default/card-pushed',
        mapping: {
          ...mapping,
          padding: 'x'.repeat(MAX_PREVIEW_MAPPING_BYTES),
        },
      });
    expect(res.status).toBe(413);
    expect(res.body.error.message).toMatch(
      /^The preview's mapping is \d+ bytes serialized; at most 262144 are accepted$/,
    );
  });
});
