import { PortClient } from './PortClient';
import { PortClientOptions } from './resolveOptions';
import {
  RecordedRequest,
  Script,
  scriptedFetch,
  virtualClock,
  withTokens,
} from './__testUtils__/scriptedFetch';
import { PortEntity } from './types';

const MIB = 1024 * 1024;

function setup(script: Script, options: Partial<PortClientOptions> = {}) {
  const fake = scriptedFetch(withTokens(script));
  const clock = virtualClock();
  const client = new PortClient({
    baseUrl: 'http://port.test',
    clientId: 'client-id',
    clientSecret: 'client-secret',
    fetch: fake.fetch,
    sleep: clock.sleep,
    now: clock.now,
    ...options,
  });
  const bulkRequests = () =>
    fake.requests.filter(r => r.url.pathname.endsWith('/bulk'));
  return { client, requests: fake.requests, bulkRequests };
}

const entities = (count: number, size = 0): PortEntity[] =>
  Array.from({ length: count }, (_, i) => ({
    identifier: `e${i}`,
    properties: size ? { blob: 'x'.repeat(size) } : {},
  }));

/** Port's answer when every entity in the request succeeds. */
function allCreated(request: RecordedRequest) {
  return {
    status: 200,
    body: {
      ok: true,
      entities: request.body.entities.map((e: PortEntity, index: number) => ({
        identifier: e.identifier,
        index,
        created: true,
      })),
      errors: [],
    },
  };
}

const bodyBytes = (r: RecordedRequest) =>
  Buffer.byteLength(JSON.stringify(r.body));

describe('PortClient.upsertEntities', () => {
  it('sends 21 entities as 20 and 1, with the upsert flags, and reports each in input order', async () => {
    const { client, bulkRequests } = setup(allCreated);
    const results = await client.upsertEntities('service', entities(21), {
      merge: true,
      createMissingRelatedEntities: true,
      runId: 'run-1',
    });
    expect(bulkRequests().map(r => r.body.entities.length)).toEqual([20, 1]);
    expect(bulkRequests()[0].url.pathname).toBe(
      '/v1/blueprints/service/entities/bulk',
    );
    expect(Object.fromEntries(bulkRequests()[0].url.searchParams)).toEqual({
      upsert: 'true',
      merge: 'true',
      validation_only: 'false',
      create_missing_related_entities: 'true',
      run_id: 'run-1',
    });
    expect(results).toEqual(
      entities(21).map(e => ({
        ok: true,
        identifier: e.identifier,
        created: true,
      })),
    );
  });

  it('gives an entity near 1 MiB a request of its own and keeps every body within 1 MiB', async () => {
    const { client, bulkRequests } = setup(allCreated);
    const input = entities(5, 1000);
    input[2] = {
      identifier: 'big',
      properties: { blob: 'x'.repeat(MIB - 100) },
    };
    const results = await client.upsertEntities('service', input);
    expect(
      bulkRequests().map(r =>
        r.body.entities.map((e: PortEntity) => e.identifier),
      ),
    ).toEqual([['e0', 'e1'], ['big'], ['e3', 'e4']]);
    for (const request of bulkRequests())
      expect(bodyBytes(request)).toBeLessThanOrEqual(MIB);
    expect(results.every(r => r.ok)).toBe(true);
  });

  it('counts multi-byte characters in bytes when filling a body', async () => {
    const { client, bulkRequests } = setup(allCreated);
    // 120,000 characters but 360,000 bytes each: three fit by characters, only two by bytes.
    const input = entities(3).map(e => ({
      ...e,
      properties: { text: '€'.repeat(120_000) },
    }));
    await client.upsertEntities('service', input);
    expect(bulkRequests().map(r => r.body.entities.length)).toEqual([2, 1]);
    for (const request of bulkRequests())
      expect(bodyBytes(request)).toBeLessThanOrEqual(MIB);
  });

  it('maps a 207 back to the input by index, across batches', async () => {
    const { client } = setup(request => {
      const sent: PortEntity[] = request.body.entities;
      const failing = sent.length === 5 ? [1, 3] : [0];
      return {
        status: 207,
        body: {
          ok: false,
          entities: sent
            .map((e, index) => ({
              identifier: e.identifier,
              index,
              created: index % 2 === 0,
            }))
            .filter(r => !failing.includes(r.index)),
          errors: failing.map(index => ({
            identifier: sent[index].identifier,
            index,
            statusCode: index === 0 ? 404 : 422,
            error: index === 0 ? 'not_found' : 'invalid_request',
            message: `bad ${sent[index].identifier}`,
          })),
        },
      };
    });
    const results = await client.upsertEntities('service', entities(25));
    const failures = results.flatMap((r, i) => (r.ok ? [] : [{ i, ...r }]));
    expect(failures).toEqual([
      {
        i: 0,
        ok: false,
        identifier: 'e0',
        status: 404,
        error: 'not_found',
        message: 'bad e0',
      },
      {
        i: 21,
        ok: false,
        identifier: 'e21',
        status: 422,
        error: 'invalid_request',
        message: 'bad e21',
      },
      {
        i: 23,
        ok: false,
        identifier: 'e23',
        status: 422,
        error: 'invalid_request',
        message: 'bad e23',
      },
    ]);
    expect(results[1]).toEqual({ ok: true, identifier: 'e1', created: false });
    expect(results[22]).toEqual({ ok: true, identifier: 'e22', created: true });
  });

  it('splits a batch again when Port answers 413, until the pieces fit', async () => {
    const { client, bulkRequests } = setup(request =>
      request.body.entities.length > 5
        ? { status: 413, body: { ok: false, error: 'request_too_large' } }
        : allCreated(request),
    );
    const results = await client.upsertEntities('service', entities(20));
    expect(bulkRequests().map(r => r.body.entities.length)).toEqual([
      20, 10, 10, 5, 5, 5, 5,
    ]);
    expect(results.map(r => r.identifier)).toEqual(
      entities(20).map(e => e.identifier),
    );
    expect(results.every(r => r.ok)).toBe(true);
  });

  it('reports a 413 for a single entity that Port still finds too large', async () => {
    const { client } = setup(request =>
      request.body.entities.some((e: PortEntity) => e.identifier === 'e1')
        ? {
            status: 413,
            body: {
              ok: false,
              error: 'request_too_large',
              message: 'limit is 1MiB',
            },
          }
        : allCreated(request),
    );
    const results = await client.upsertEntities('service', entities(3));
    expect(results[1]).toMatchObject({
      ok: false,
      identifier: 'e1',
      status: 413,
      error: 'request_too_large',
    });
    expect(results[0].ok && results[2].ok).toBe(true);
  });

  it('does not send an entity that alone exceeds the body limit', async () => {
    const { client, bulkRequests } = setup(allCreated);
    const input = entities(2);
    input[0] = { identifier: 'huge', properties: { blob: 'x'.repeat(MIB) } };
    const results = await client.upsertEntities('service', input);
    expect(results[0]).toMatchObject({
      ok: false,
      identifier: 'huge',
      status: 413,
      error: 'entity_too_large',
    });
    expect(bulkRequests().map(r => r.body.entities.length)).toEqual([1]);
  });

  it('marks every entity of a batch that failed as a whole', async () => {
    const { client } = setup(() => ({
      status: 422,
      body: { ok: false, error: 'invalid_request', message: 'schema mismatch' },
    }));
    const results = await client.upsertEntities('service', entities(2));
    expect(results).toEqual([
      expect.objectContaining({
        ok: false,
        identifier: 'e0',
        status: 422,
        error: 'invalid_request',
      }),
      expect.objectContaining({
        ok: false,
        identifier: 'e1',
        status: 422,
        error: 'invalid_request',
      }),
    ]);
  });

  it('sends the entities of a batch Port refused with 422 again one by one, so only the bad one fails', async () => {
    const { client, bulkRequests } = setup(request => {
      const sent: PortEntity[] = request.body.entities;
      if (sent.length > 1 || sent[0].identifier === 'e1') {
        return {
          status: 422,
          body: {
            ok: false,
            error: 'invalid_request',
            message: 'body/entities/1/identifier must match pattern',
          },
        };
      }
      return allCreated(request);
    });
    const results = await client.upsertEntities('service', entities(3));
    expect(results).toEqual([
      { ok: true, identifier: 'e0', created: true },
      {
        ok: false,
        identifier: 'e1',
        status: 422,
        error: 'invalid_request',
        message: 'body/entities/1/identifier must match pattern',
      },
      { ok: true, identifier: 'e2', created: true },
    ]);
    expect(bulkRequests().map(r => r.body.entities.length)).toEqual([
      3, 1, 1, 1,
    ]);
  });

  it('reports an entity that Port left out of its answer', async () => {
    const { client } = setup(() => ({
      status: 200,
      body: {
        ok: true,
        entities: [{ identifier: 'e0', index: 0, created: true }],
        errors: [],
      },
    }));
    const results = await client.upsertEntities('service', entities(2));
    expect(results[1]).toMatchObject({
      ok: false,
      identifier: 'e1',
      error: 'missing_result',
    });
  });

  it('sends nothing for no entities', async () => {
    const { client, requests } = setup(allCreated);
    expect(await client.upsertEntities('service', [])).toEqual([]);
    expect(requests).toHaveLength(0);
  });
});

describe('PortClient.deleteEntities', () => {
  it('deletes in requests of 100 and trusts only deletedEntities', async () => {
    const { client, requests } = setup(request => ({
      status: 200,
      body: {
        ok: true,
        deletedEntities: request.body.entities.filter(
          (id: string) => id !== 'e150',
        ),
      },
    }));
    const ids = entities(250).map(e => e.identifier as string);
    const result = await client.deleteEntities('service', ids, {
      deleteDependents: true,
    });
    const sent = requests.filter(
      r => r.url.pathname === '/v1/blueprints/service/bulk/entities/delete',
    );
    expect(sent.map(r => r.body.entities.length)).toEqual([100, 100, 50]);
    expect(sent[0].url.searchParams.get('delete_dependents')).toBe('true');
    expect(result.deleted).toHaveLength(249);
    expect(result.notDeleted).toEqual([
      expect.objectContaining({ identifier: 'e150', error: 'not_deleted' }),
    ]);
  });
});

describe('PortClient listing', () => {
  it('pages through the datasource listing until next is empty', async () => {
    const pages: Record<
      string,
      { entities: PortEntity[]; next: string | null }
    > = {
      first: { entities: entities(2), next: 'c1' },
      c1: { entities: entities(1), next: 'c2' },
      c2: { entities: [], next: null },
    };
    const { client, requests } = setup(request => ({
      status: 200,
      body: { ok: true, ...pages[request.body.from ?? 'first'] },
    }));
    const listed = await client.listDatasourceEntities({
      datasourcePrefix: 'port-ocean/backstage/',
      datasourceSuffix: '/portsync/exporter',
      before: new Date('2026-01-01T00:00:00Z'),
    });
    expect(listed).toHaveLength(3);
    expect(requests.slice(1).map(r => r.body)).toEqual([
      {
        datasource_prefix: 'port-ocean/backstage/',
        datasource_suffix: '/portsync/exporter',
        limit: 5000,
        before: '2026-01-01T00:00:00.000Z',
      },
      expect.objectContaining({ from: 'c1' }),
      expect.objectContaining({ from: 'c2' }),
    ]);
  });

  it('sends include and exclude as repeated query keys', async () => {
    const { client, requests } = setup(() => ({
      status: 200,
      body: { ok: true, entities: [{ identifier: 'a' }] },
    }));
    const result = await client.searchEntities(
      {
        combinator: 'and',
        rules: [{ property: '$blueprint', operator: '=', value: 'service' }],
      },
      {
        include: ['identifier', 'properties.owner'],
        excludeCalculatedProperties: true,
      },
    );
    expect(result).toEqual({ entities: [{ identifier: 'a' }] });
    const url = requests[1].url;
    expect(url.searchParams.getAll('include')).toEqual([
      'identifier',
      'properties.owner',
    ]);
    expect(url.searchParams.get('exclude_calculated_properties')).toBe('true');
  });
});
