import { stringifyEntityRef } from '@backstage/catalog-model';
import { BackstageError } from '../framework/CliError';
import { exampleCatalog } from '../__testUtils__/repoPaths';
import {
  BACKSTAGE_TOKEN,
  startCatalogBackend,
} from '../__testUtils__/startCatalogBackend';
import { BackstageCatalogSource } from './BackstageCatalogSource';

jest.setTimeout(120_000);

const CATALOG_SIZE = 60;

async function collect<T>(pages: AsyncIterable<T[]>): Promise<T[][]> {
  const all: T[][] = [];
  for await (const page of pages) all.push(page);
  return all;
}

describe('BackstageCatalogSource against the real catalog', () => {
  let backstage: Awaited<ReturnType<typeof startCatalogBackend>>;
  let source: BackstageCatalogSource;

  beforeAll(async () => {
    backstage = await startCatalogBackend({
      catalogFile: exampleCatalog('all.yaml'),
      expected: CATALOG_SIZE,
    });
    source = new BackstageCatalogSource({
      url: `${backstage.url}/`,
      token: BACKSTAGE_TOKEN,
      pageSize: 7,
    });
  });

  afterAll(() => backstage?.backend.stop());

  it('reads every entity once, page by page with the cursor', async () => {
    const pages = await collect(source.pages());
    expect(pages).toHaveLength(Math.ceil(CATALOG_SIZE / 7));
    expect(pages.slice(0, -1).every(page => page.length === 7)).toBe(true);
    const refs = pages.flat().map(entity => stringifyEntityRef(entity));
    expect(new Set(refs).size).toBe(CATALOG_SIZE);
    expect(refs).toContain('component:default/stream-gateway');
  });

  it('reads only the kinds asked for, and counts them', async () => {
    const entities = (
      await collect(source.pages({ kinds: ['Group', 'system'] }))
    ).flat();
    expect(new Set(entities.map(e => e.kind))).toEqual(
      new Set(['Group', 'System']),
    );
    expect(await source.count({ kinds: ['Group', 'system'] })).toBe(
      entities.length,
    );
    expect(await source.count()).toBe(CATALOG_SIZE);
  });

  it('lists refs with uid and etag only', async () => {
    const refs = (await collect(source.listRefs())).flat();
    expect(refs).toHaveLength(CATALOG_SIZE);
    expect(
      refs.find(r => r.ref === 'component:default/stream-gateway'),
    ).toEqual({
      ref: 'component:default/stream-gateway',
      uid: expect.stringMatching(/.+/),
      etag: expect.stringMatching(/.+/),
    });
  });

  it('gets entities by ref in the order asked, undefined for a missing one', async () => {
    const entities = await source.getByRefs([
      'system:default/audio-streaming',
      'component:default/nope',
      'component:default/stream-gateway',
    ]);
    expect(entities.map(e => e && stringifyEntityRef(e))).toEqual([
      'system:default/audio-streaming',
      undefined,
      'component:default/stream-gateway',
    ]);
    expect(entities[2]?.relations?.length).toBeGreaterThan(0);
  });

  it('gets one stitched entity by ref, the namespace optional', async () => {
    const entity = await source.getByRef('component:stream-gateway');
    expect(stringifyEntityRef(entity)).toBe('component:default/stream-gateway');
    await expect(source.getByRef('component:nope')).rejects.toThrow(
      new BackstageError(
        `no entity component:default/nope in the catalog at ${backstage.url}`,
      ),
    );
  });

  it('says the token was rejected', async () => {
    const wrong = new BackstageCatalogSource({
      url: backstage.url,
      token: 'not-a-token',
    });
    await expect(wrong.count()).rejects.toThrow(
      new BackstageError(
        `Backstage at ${backstage.url} rejected the request (401 Unauthorized): check BACKSTAGE_TOKEN against backend.auth.externalAccess`,
      ),
    );
  });

  it('names the URL when the catalog answers with an error', async () => {
    const notBackstage = new BackstageCatalogSource({
      url: `${backstage.url}/not-here`,
      token: BACKSTAGE_TOKEN,
    });
    await expect(notBackstage.count()).rejects.toThrow(
      /^Backstage catalog request to http:\/\/127\.0\.0\.1:\d+\/not-here failed: .*404/,
    );
  });
});
