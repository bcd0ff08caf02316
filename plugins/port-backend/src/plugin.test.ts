import { mockCredentials } from '@backstage/backend-test-utils';
import { startSandbox } from '@portsync/port-sandbox';
import request from 'supertest';
import {
  component,
  eventually,
  group,
  sandboxReader,
  startPortTestBackend,
} from './__testUtils__/startPortTestBackend';

jest.setTimeout(120_000);

describe('portPlugin with the real catalog and the sandbox', () => {
  let sandbox: Awaited<ReturnType<typeof startSandbox>>;
  let harness: Awaited<ReturnType<typeof startPortTestBackend>>;
  let port: ReturnType<typeof sandboxReader>;

  beforeAll(async () => {
    sandbox = await startSandbox();
    port = sandboxReader(sandbox);
    harness = await startPortTestBackend({ sandbox });
  });

  afterAll(async () => {
    await harness?.backend.stop();
    await sandbox?.close();
  });

  it('answers /health without credentials', async () => {
    const res = await request(harness.backend.server)
      .get('/api/port/health')
      .set('authorization', mockCredentials.none.header());
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ status: 'ok' });
  });

  it('creates the default blueprints and registers the integration', async () => {
    const integration = await eventually(() => port.integration('backstage'), {
      what: 'the integration in Port',
    });
    expect(integration).toMatchObject({
      identifier: 'backstage',
      installationAppType: 'backstage',
      changelogDestination: {},
    });
    expect(integration.config.resources.length).toBeGreaterThan(0);
  });

  it('pushes a created entity, then its update, then its deletion', async () => {
    const billing = component('billing', { owner: 'group:default/payments' });
    await harness.provider.upsert(group('payments'), billing);
    const created = await eventually(
      () => port.entity('component', 'component:default/billing'),
      { what: 'the component in Port' },
    );
    expect(created.relations.owningGroup).toBe('group:default/payments');
    expect(created.properties.lifecycle).toBe('production');

    await harness.provider.upsert(
      component('billing', {
        owner: 'group:default/payments',
        lifecycle: 'deprecated',
      }),
    );
    await eventually(
      async () =>
        (
          await port.entity('component', 'component:default/billing')
        )?.properties.lifecycle === 'deprecated' || undefined,
      { what: 'the update in Port' },
    );

    await harness.provider.remove(billing);
    await eventually(
      async () =>
        (await port.entity('component', 'component:default/billing')) ===
          undefined || undefined,
      { what: 'the deletion in Port' },
    );
  });

  it('pushes a relation-only change caused by another entity', async () => {
    await harness.provider.upsert(group('ledger-team'));
    await eventually(() => port.entity('group', 'group:default/ledger-team'), {
      what: 'the group in Port',
    });
    // The group's own definition does not change: a new user's memberOf adds
    // a hasMember relation to the group's stitched entity only, which the
    // catalog module never sees (it runs before stitching).
    await harness.provider.upsert({
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'User',
      metadata: { name: 'ada' },
      spec: {
        memberOf: ['ledger-team'],
        profile: { email: 'ada@example.com' },
      },
    });
    const team = await eventually(
      async () => {
        const entity = await port.entity('group', 'group:default/ledger-team');
        return entity?.relations.members?.length ? entity : undefined;
      },
      { what: 'the new member on the group in Port' },
    );
    expect(team.relations.members).toEqual(['user:default/ada']);
  });

  describe('admin API', () => {
    it('rejects a caller without credentials with 401', async () => {
      const res = await request(harness.backend.server)
        .get('/api/port/status')
        .set('authorization', mockCredentials.none.header());
      expect(res.status).toBe(401);
    });

    it('rejects a plain user with 403 while the permission framework is off', async () => {
      const res = await request(harness.backend.server)
        .post('/api/port/resync')
        .set('authorization', mockCredentials.user.header())
        .send({});
      expect(res.status).toBe(403);
    });

    it('accepts a service with 202 and a run id, and answers 409 to a second resync', async () => {
      const first = await request(harness.backend.server)
        .post('/api/port/resync')
        .set('authorization', mockCredentials.service.header())
        .send({ force: true });
      expect(first.status).toBe(202);
      expect(first.body.runId).toEqual(expect.any(String));

      const second = await request(harness.backend.server)
        .post('/api/port/resync')
        .set('authorization', mockCredentials.service.header())
        .send({});
      expect(second.status).toBe(409);

      const status = await eventually(
        async () => {
          const res = await request(harness.backend.server)
            .get('/api/port/status')
            .set('authorization', mockCredentials.service.header());
          const run = res.body.resyncRequests.find(
            (r: { id: string }) => r.id === first.body.runId,
          );
          return run?.status === 'completed' ? res.body : undefined;
        },
        { what: 'the resync to complete' },
      );
      expect(status.port.connected).toBe(true);
      expect(
        status.runs.find((r: { id: string }) => r.id === first.body.runId),
      ).toMatchObject({
        type: 'resync',
        status: 'completed',
      });
    });

    it('rejects a malformed resync body with 400', async () => {
      const res = await request(harness.backend.server)
        .post('/api/port/resync')
        .set('authorization', mockCredentials.service.header())
        .send({ kinds: 'component' });
      expect(res.status).toBe(400);
      expect(res.body.error.message).toMatch(/^Invalid request body: kinds:/);
    });

    it('previews an entity with its field errors, writing nothing', async () => {
      sandbox.clearRequests();
      const res = await request(harness.backend.server)
        .post('/api/port/preview')
        .set('authorization', mockCredentials.service.header())
        .send({
          entity: component('preview-only'),
          mapping: {
            resources: [
              {
                kind: 'component',
                selector: { query: 'true' },
                port: {
                  entity: {
                    mappings: {
                      identifier: '.metadata.name',
                      blueprint: '"component"',
                      properties: { broken: '.spec.lifecycle | tonumber' },
                    },
                  },
                },
              },
            ],
          },
        });
      expect(res.status).toBe(200);
      expect(res.body.entities).toEqual([
        expect.objectContaining({
          identifier: 'preview-only',
          blueprint: 'component',
          properties: { broken: null },
        }),
      ]);
      expect(res.body.errors).toEqual([
        expect.objectContaining({
          field: 'properties.broken',
          expression: '.spec.lifecycle | tonumber',
        }),
      ]);
      expect(sandbox.requests().filter(r => r.method !== 'GET')).toEqual([]);
    });

    it('rejects a preview whose mapping does not compile, naming the expression position', async () => {
      const res = await request(harness.backend.server)
        .post('/api/port/preview')
        .set('authorization', mockCredentials.service.header())
        .send({
          entity: component('x'),
          mapping: {
            resources: [
              {
                kind: 'component',
                selector: { query: 'true' },
                port: {
                  entity: {
                    mappings: {
                      identifier: '.metadata.name |',
                      blueprint: '"component"',
                    },
                  },
                },
              },
            ],
          },
        });
      // compiled in the mapping worker; its MappingConfigError comes back whole
      expect(res.status).toBe(400);
      expect(res.body.error).toMatchObject({
        name: 'InputError',
        message:
          'mapping.resources[0].port.entity.mappings.identifier: jq: syntax error, unexpected end of file in expression ".metadata.name |" at expression line 1, column 17',
      });
    });
  });
});

describe('the scheduled resync and its initial delay', () => {
  const INITIAL_DELAY_MS = 8_000;
  let sandbox: Awaited<ReturnType<typeof startSandbox>>;
  let harness: Awaited<ReturnType<typeof startPortTestBackend>>;
  let startedAt: number;

  beforeAll(async () => {
    sandbox = await startSandbox();
    startedAt = Date.now();
    harness = await startPortTestBackend({
      sandbox,
      port: {
        resync: {
          schedule: {
            frequency: { hours: 6 },
            timeout: { minutes: 5 },
            initialDelay: { milliseconds: INITIAL_DELAY_MS },
          },
        },
      },
    });
  });

  afterAll(async () => {
    await harness?.backend.stop();
    await sandbox?.close();
  });

  async function resyncRequests(): Promise<
    Array<{ id: string; source: string; status: string; startedAt: number }>
  > {
    const res = await request(harness.backend.server)
      .get('/api/port/status')
      .set('authorization', mockCredentials.service.header());
    return res.body.resyncRequests;
  }

  it('runs a requested resync at once during the initial delay, and the scheduled one after it', async () => {
    const requested = await request(harness.backend.server)
      .post('/api/port/resync')
      .set('authorization', mockCredentials.service.header())
      .send({});
    expect(requested.status).toBe(202);
    const done = await eventually(
      async () =>
        (
          await resyncRequests()
        ).find(r => r.id === requested.body.runId && r.status === 'completed'),
      { what: 'the requested resync to complete' },
    );
    expect(done.startedAt).toBeLessThan(startedAt + INITIAL_DELAY_MS);

    const scheduled = await eventually(
      async () =>
        (
          await resyncRequests()
        ).find(r => r.source === 'schedule' && r.status === 'completed'),
      { what: 'the scheduled resync', timeoutMs: 60_000 },
    );
    expect(scheduled.startedAt).toBeGreaterThanOrEqual(
      startedAt + INITIAL_DELAY_MS,
    );
  });
});
