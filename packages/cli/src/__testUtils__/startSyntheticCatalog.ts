import { createServer } from 'node:http';
import { AddressInfo } from 'node:net';

function component(index: number) {
  const name = `service-${String(index).padStart(5, '0')}`;
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: {
      name,
      namespace: 'default',
      uid: `uid-${index}`,
      etag: `etag-${index}`,
      description: `Synthetic service number ${index}`,
    },
    spec: {
      type: 'service',
      lifecycle: 'production',
      owner: 'group:default/platform',
    },
    relations: [],
  };
}

/** Keeps only the requested dot paths, as the catalog's `fields` parameter does. */
function pick(entity: Record<string, any>, fields: string[]) {
  const result: Record<string, any> = {};
  for (const field of fields) {
    const [head, ...rest] = field.split('.');
    if (rest.length === 0) result[head] = entity[head];
    else {
      result[head] = { ...result[head], [rest[0]]: entity[head]?.[rest[0]] };
    }
  }
  return result;
}

/**
 * A stand-in for Backstage's catalog with `count` synthetic components: the two routes the CLI reads
 * (`GET /entities/by-query` with keyset-style cursors, `POST /entities/by-refs`), nothing else.
 */
export async function startSyntheticCatalog(count: number) {
  const entities = Array.from({ length: count }, (_, i) => component(i));
  const byRef = new Map(
    entities.map(e => [`component:default/${e.metadata.name}`, e]),
  );
  const query = (url: URL) => {
    const cursor = url.searchParams.get('cursor');
    const offset = cursor
      ? JSON.parse(Buffer.from(cursor, 'base64').toString()).offset
      : 0;
    const limit = Number(url.searchParams.get('limit') ?? 200);
    const fields = url.searchParams.getAll('fields').flatMap(f => f.split(','));
    const page = entities.slice(offset, offset + limit);
    const next = offset + limit;
    return {
      items: fields.length ? page.map(e => pick(e, fields)) : page,
      totalItems: entities.length,
      pageInfo:
        next < entities.length
          ? {
              nextCursor: Buffer.from(
                JSON.stringify({ offset: next }),
              ).toString('base64'),
            }
          : {},
    };
  };
  const server = createServer(async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    let body = '';
    for await (const chunk of req) body += chunk;
    let answer: unknown;
    if (
      req.method === 'GET' &&
      url.pathname === '/api/catalog/entities/by-query'
    ) {
      answer = query(url);
    } else if (
      req.method === 'POST' &&
      url.pathname === '/api/catalog/entities/by-refs'
    ) {
      const refs: string[] = JSON.parse(body).entityRefs;
      answer = { items: refs.map(ref => byRef.get(ref) ?? null) };
    } else {
      res.writeHead(404).end();
      return;
    }
    res
      .writeHead(200, { 'content-type': 'application/json' })
      .end(JSON.stringify(answer));
  });
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () => new Promise<void>(resolve => server.close(() => resolve())),
  };
}
