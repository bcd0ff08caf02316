import { Sandbox, startSandbox } from '@portsync/port-sandbox';
import { PortApiError } from './PortApiError';
import { PortClient } from './PortClient';
import {
  sandboxClient,
  serviceBlueprint,
  systemBlueprint,
} from './__testUtils__/sandboxClient';
import { PortEntity } from './types';

let sandbox: Sandbox;
let client: PortClient;

beforeAll(async () => {
  sandbox = await startSandbox();
});

afterAll(async () => {
  await sandbox.close();
});

beforeEach(async () => {
  sandbox.reset();
  sandbox.resetFaults();
  ({ client } = sandboxClient(sandbox));
  await client.createBlueprint(systemBlueprint);
  await client.createBlueprint(serviceBlueprint);
  sandbox.clearRequests();
});

const services = (count: number, from = 0): PortEntity[] =>
  Array.from({ length: count }, (_, i) => ({
    identifier: `svc-${from + i}`,
    title: `Service ${from + i}`,
    properties: { owner: 'team-a', tier: i % 3 },
  }));

async function rejection(promise: Promise<unknown>): Promise<PortApiError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(error instanceof PortApiError))
    throw new Error(`expected a PortApiError, got ${error}`);
  return error;
}

describe('PortClient against the sandbox: auth', () => {
  it('fails once with an auth error for wrong credentials, without leaking them', async () => {
    const { client: wrong } = sandboxClient(sandbox, {
      clientSecret: 'wrong-secret-42',
    });
    const error = await rejection(wrong.listBlueprints());
    expect(error).toMatchObject({
      kind: 'auth',
      status: 401,
      path: '/v1/auth/access_token',
    });
    expect(JSON.stringify(error)).not.toContain('wrong-secret-42');
    expect(sandbox.requests().map(r => `${r.path} ${r.status}`)).toEqual([
      '/v1/auth/access_token 401',
    ]);
  });
});

describe('PortClient against the sandbox: blueprints', () => {
  it('creates, reads, lists, patches, replaces and deletes a blueprint', async () => {
    const created = await client.createBlueprint({
      identifier: 'team-x',
      title: 'Team X',
      schema: { properties: { size: { type: 'number' } }, required: [] },
    });
    expect(created).toMatchObject({ identifier: 'team-x', title: 'Team X' });
    expect(
      (await client.getBlueprint('team-x')).schema.properties,
    ).toHaveProperty('size');
    expect(
      (await client.listBlueprints()).map(b => b.identifier).sort(),
    ).toEqual(['service', 'system', 'team-x']);
    expect(
      await client.patchBlueprint('team-x', { title: 'Team Y' }),
    ).toMatchObject({
      title: 'Team Y',
      schema: { properties: { size: { type: 'number' } } },
    });
    const replaced = await client.putBlueprint('team-x', {
      identifier: 'team-x',
      title: 'Team Z',
      schema: { properties: {}, required: [] },
    });
    expect(replaced.schema.properties).toEqual({});
    await client.deleteBlueprint('team-x');
    const missing = await rejection(client.getBlueprint('team-x'));
    expect(missing).toMatchObject({
      kind: 'not-found',
      status: 404,
      code: 'not_found',
    });
  });

  it('reports a duplicate blueprint as a conflict', async () => {
    const error = await rejection(client.createBlueprint(systemBlueprint));
    expect(error).toMatchObject({
      kind: 'conflict',
      status: 409,
      retryable: false,
    });
    expect(error.traceId).toMatch(/^[0-9a-f]+$/);
  });
});

describe('PortClient against the sandbox: entities', () => {
  it('upserts, merges, reads and deletes one entity', async () => {
    const entity = await client.upsertEntity('service', services(1)[0]);
    expect(entity).toMatchObject({
      identifier: 'svc-0',
      properties: { owner: 'team-a' },
    });
    await client.upsertEntity(
      'service',
      { identifier: 'svc-0', properties: { tier: 2 } },
      { merge: true },
    );
    expect(
      (await client.getEntity('service', 'svc-0')).properties,
    ).toMatchObject({
      owner: 'team-a',
      tier: 2,
    });
    expect(await client.deleteEntity('service', 'svc-0')).toBe(true);
    expect(await client.deleteEntity('service', 'svc-0')).toBe(false);
    await expect(
      rejection(client.getEntity('service', 'svc-0')),
    ).resolves.toMatchObject({
      kind: 'not-found',
    });
  });

  it('sends the Ocean-style User-Agent with the integration identifier', async () => {
    await client.upsertEntity('service', services(1)[0]);
    expect(client.userAgent).toMatch(
      /^port-ocean\/backstage\/[^/]+\/client-tests\/exporter$/,
    );
    expect(sandbox.requests().map(r => r.userAgent)).toEqual([
      client.userAgent,
    ]);
  });

  it('tells an unmet dependency from a validation error', async () => {
    const dependency = await rejection(
      client.upsertEntity('service', {
        identifier: 'a',
        relations: { system: 'nowhere' },
      }),
    );
    expect(dependency).toMatchObject({
      kind: 'unmet-dependency',
      status: 404,
      code: 'not_found',
    });
    const invalid = await rejection(
      client.upsertEntity('service', {
        identifier: 'b',
        properties: { tier: 'high' },
      }),
    );
    expect(invalid).toMatchObject({ kind: 'validation', status: 422 });
  });

  it('creates missing related entities when asked', async () => {
    await client.upsertEntity(
      'service',
      { identifier: 'a', relations: { system: 'sys-1' } },
      { createMissingRelatedEntities: true },
    );
    expect(await client.getEntity('system', 'sys-1')).toMatchObject({
      identifier: 'sys-1',
    });
  });

  it('upserts 45 entities in three bulk requests', async () => {
    const results = await client.upsertEntities('service', services(45));
    expect(results.every(r => r.ok && r.created)).toBe(true);
    const bulk = sandbox.requests().filter(r => r.path.endsWith('/bulk'));
    expect(bulk.map(r => r.status)).toEqual([200, 200, 200]);
    const again = await client.upsertEntities('service', services(2));
    expect(again).toEqual([
      { ok: true, identifier: 'svc-0', created: false },
      { ok: true, identifier: 'svc-1', created: false },
    ]);
  });

  it('maps a real 207 back to the failing entities', async () => {
    const input = services(5);
    input[1] = { identifier: 'bad-tier', properties: { tier: 'high' } };
    input[3] = { identifier: 'bad-relation', relations: { system: 'nowhere' } };
    const results = await client.upsertEntities('service', input);
    expect(results.map(r => r.ok)).toEqual([true, false, true, false, true]);
    expect(results[1]).toMatchObject({ identifier: 'bad-tier', status: 422 });
    expect(results[3]).toMatchObject({
      identifier: 'bad-relation',
      status: 404,
      error: 'not_found',
    });
    expect(sandbox.requests().map(r => r.status)).toEqual([207]);
  });

  it('splits a batch that the sandbox rejects with 413', async () => {
    const { client: generous } = sandboxClient(sandbox, {
      bulkMaxBytes: 4 * 1024 * 1024,
    });
    const input = services(6).map(e => ({
      ...e,
      properties: { ...e.properties, blob: 'x'.repeat(300_000) },
    }));
    const results = await generous.upsertEntities('service', input);
    expect(results.every(r => r.ok)).toBe(true);
    const statuses = sandbox
      .requests()
      .filter(r => r.path.endsWith('/bulk'))
      .map(r => r.status);
    expect(statuses).toEqual([413, 200, 200]);
  });

  it('deletes in bulk', async () => {
    await client.upsertEntities('service', services(150));
    const ids = services(150).map(e => e.identifier as string);
    const result = await client.deleteEntities('service', [
      ...ids,
      'never-existed',
    ]);
    expect(result.deleted.sort()).toEqual([...ids].sort());
    expect(result.notDeleted.map(n => n.identifier)).toEqual(['never-existed']);
    expect(
      sandbox.requests().filter(r => r.path.endsWith('/bulk/entities/delete')),
    ).toHaveLength(2);
  });

  it('searches with include', async () => {
    await client.upsertEntities('service', services(5));
    const result = await client.searchEntities(
      {
        combinator: 'and',
        rules: [
          { property: '$blueprint', operator: '=', value: 'service' },
          {
            property: '$identifier',
            operator: 'in',
            value: ['svc-1', 'svc-3', 'other'],
          },
        ],
      },
      { include: ['identifier', 'properties.owner'] },
    );
    expect(
      result.entities.sort((a, b) =>
        String(a.identifier).localeCompare(String(b.identifier)),
      ),
    ).toEqual([
      { identifier: 'svc-1', properties: { owner: 'team-a' } },
      { identifier: 'svc-3', properties: { owner: 'team-a' } },
    ]);
  });

  it('lists its own entities by datasource, page by page', async () => {
    await client.upsertEntities('service', services(25));
    const { client: stranger } = sandboxClient(sandbox, {
      integrationIdentifier: 'someone-else',
    });
    await stranger.upsertEntity('service', { identifier: 'foreign' });

    const options = {
      datasourcePrefix: 'port-ocean/backstage/',
      datasourceSuffix: '/client-tests/exporter',
      limit: 10,
    };
    const pages: number[] = [];
    for await (const page of client.iterateDatasourceEntities(options))
      pages.push(page.length);
    expect(pages).toEqual([10, 10, 5]);
    const all = await client.listDatasourceEntities(options);
    expect(all.map(e => e.identifier)).not.toContain('foreign');
    expect(all).toHaveLength(25);
    const none = await client.listDatasourceEntities({
      ...options,
      before: new Date(Date.now() - 60_000),
    });
    expect(none).toEqual([]);
  });
});

describe('PortClient against the sandbox: one malformed entity', () => {
  it("lands the 99 others of 100 and reports the bad one once with Port's message", async () => {
    const entities = services(100);
    entities[42] = { identifier: 'svc 42 has spaces' };
    const results = await client.upsertEntities('service', entities);
    const failed = results.filter(result => !result.ok);
    expect(failed).toEqual([
      {
        ok: false,
        identifier: 'svc 42 has spaces',
        status: 422,
        error: 'invalid_request',
        message: expect.stringMatching(
          /^The json provided does not match the route's schema: body\/entities\/0\/identifier must match pattern/,
        ),
      },
    ]);
    expect(results.filter(result => result.ok)).toHaveLength(99);
    const { entities: stored } = await client.searchEntities({
      combinator: 'and',
      rules: [{ property: '$blueprint', operator: '=', value: 'service' }],
    });
    expect(stored).toHaveLength(99);
    // The batch with the bad entity and then the bad entity alone: both are
    // the test's deliberate breaches of the spec.
    expect(sandbox.violations().map(v => `${v.kind} ${v.status}`)).toEqual([
      'request 422',
      'request 422',
    ]);
    sandbox.clearViolations();
  });

  it('leaves unmapped (null) title and icon out of the request', async () => {
    const [result] = await client.upsertEntities('service', [
      { identifier: 'untitled', title: null, icon: null },
    ]);
    expect(result.ok).toBe(true);
    const stored = await client.getEntity('service', 'untitled');
    expect(stored).not.toHaveProperty('title');
  });
});

describe('PortClient against the sandbox: integration and organization', () => {
  it('registers an integration and keeps its config and resync state', async () => {
    const created = await client.createIntegration({
      installationId: 'client-tests',
      installationAppType: 'backstage',
      version: '0.1.0',
      config: {},
    });
    expect(created).toMatchObject({ identifier: 'client-tests' });
    expect(await client.getIntegration('client-tests')).toMatchObject({
      identifier: 'client-tests',
    });
    expect(
      await client.patchIntegration('client-tests', { version: '0.2.0' }),
    ).toMatchObject({
      version: '0.2.0',
    });

    const config = {
      resources: [
        {
          kind: 'component',
          selector: { query: 'true' },
          port: {
            entity: {
              mappings: {
                identifier: '.metadata.name',
                blueprint: '"component"',
              },
            },
          },
        },
      ],
    };
    await client.patchIntegrationConfig('client-tests', config, {
      skipResync: true,
    });
    expect(await client.getResyncRequest('client-tests')).toBeUndefined();
    expect(
      (await client.patchIntegrationConfig('client-tests', config)).config,
    ).toEqual(config);
    expect(await client.getResyncRequest('client-tests')).toMatchObject({
      updatedAt: expect.any(String),
    });

    const state = await client.patchResyncState('client-tests', {
      status: 'running',
      lastResyncStart: '2026-01-01T00:00:00.000Z',
    });
    expect(state.resyncState).toMatchObject({ status: 'running' });
    await client.sendRawExamples('client-tests', 'component', [
      { kind: 'Component' },
    ]);
    const stored = await fetch(
      `${sandbox.url}/_sandbox/integrations/client-tests`,
    );
    expect((await stored.json()).integration.examples).toEqual([
      {
        kind: 'component',
        receivedAt: expect.any(String),
        example: { kind: 'Component' },
      },
    ]);

    await expect(
      rejection(client.getIntegration('nobody')),
    ).resolves.toMatchObject({
      kind: 'not-found',
    });
  });

  it('reads the organization', async () => {
    expect(await client.getOrganization()).toMatchObject({
      id: expect.any(String),
    });
  });
});
