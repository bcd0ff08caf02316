import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TestApi } from '../contract/testApi';
import { DATABASE_FILE } from './SqlitePersistence';

describe('persistence with dataDir', () => {
  let dataDir: string;
  beforeEach(() => {
    dataDir = mkdtempSync(join(tmpdir(), 'port-sandbox-data-'));
  });
  afterEach(() => rmSync(dataDir, { recursive: true, force: true }));

  it('keeps blueprints, entities, relations, integrations and paging order across a restart', async () => {
    const first = await TestApi.start({ dataDir });
    await first.createServiceBlueprints();
    await first.post('/v1/blueprints/team/entities', {
      identifier: 'platform',
    });
    await first.post(
      '/v1/blueprints/service/entities/bulk',
      {
        entities: [
          { identifier: 'b', relations: { owner: 'platform' } },
          { identifier: 'a', properties: { stars: 2 } },
        ],
      },
      { query: 'upsert=true' },
    );
    await first.post(
      '/v1/blueprints/service/entities',
      { identifier: 'b', title: 'B' },
      { query: 'upsert=true&merge=true' },
    );
    await first.delete('/v1/blueprints/team/entities/platform');
    await first.post('/v1/blueprints/team/entities', { identifier: 'web' });
    await first.post('/v1/blueprints/service/entities', {
      identifier: 'c',
      relations: { owner: 'web' },
    });
    await first.post('/v1/integration', {
      installationId: 'portsync',
      installationAppType: 'backstage',
    });
    await first.post('/_sandbox/integrations/portsync/resync-request');
    const before = await first.get('/v1/blueprints/service/entities/b');
    await first.sandbox.close();
    expect(existsSync(join(dataDir, DATABASE_FILE))).toBe(true);

    const second = await TestApi.start({ dataDir });
    try {
      expect(
        (await second.get('/v1/blueprints')).body.blueprints.map(
          (b: { identifier: string }) => b.identifier,
        ),
      ).toEqual(['team', 'service']);
      expect(
        (await second.get('/v1/blueprints/service/entities/b')).body,
      ).toEqual(before.body);
      expect(before.body.entity.relations).toEqual({});
      const listed = await second.post(
        '/v1/blueprints/entities/datasource-entities',
        { datasource_prefix: 'port-ocean/' },
      );
      expect(
        listed.body.entities.map((e: { identifier: string }) => e.identifier),
      ).toEqual(['b', 'a', 'web', 'c']);
      const related = await second.post('/v1/entities/search', {
        combinator: 'and',
        rules: [
          {
            operator: 'relatedTo',
            blueprint: 'team',
            value: 'web',
            direction: 'downstream',
          },
        ],
      });
      expect(
        related.body.entities.map((e: { identifier: string }) => e.identifier),
      ).toEqual(['c']);
      expect(
        (await second.get('/v1/integration/portsync/resync-request')).body
          .request,
      ).not.toBeNull();
      second.sandbox.reset();
    } finally {
      await second.sandbox.close();
    }
    const third = await TestApi.start({ dataDir });
    try {
      expect((await third.get('/v1/blueprints')).body.blueprints).toEqual([]);
    } finally {
      await third.sandbox.close();
    }
  });
});
