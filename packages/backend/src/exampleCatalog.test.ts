import fs from 'fs';
import path from 'path';
import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import {
  Entity,
  stringifyEntityRef,
  parseEntityRef,
} from '@backstage/catalog-model';
import { AlphaEntity } from '@backstage/catalog-model/alpha';
import catalogPlugin from '@backstage/plugin-catalog-backend';
import scaffolderEntityModel from '@backstage/plugin-catalog-backend-module-scaffolder-entity-model';
import request from 'supertest';
import { parseAllDocuments } from 'yaml';

const catalogDir = path.resolve(__dirname, '../../../examples/catalog');

/** Every entity the example catalog's YAML files declare, read directly. */
function declaredEntities(): Entity[] {
  return fs
    .readdirSync(catalogDir)
    .filter(file => file.endsWith('.yaml'))
    .flatMap(file =>
      parseAllDocuments(fs.readFileSync(path.join(catalogDir, file), 'utf8')),
    )
    .map(doc => doc.toJS() as Entity)
    .filter(Boolean);
}

function relationsOf(entity: Entity, type: string): string[] {
  return (entity.relations ?? [])
    .filter(r => r.type === type)
    .map(r => r.targetRef);
}

/** Backstage's relation pairs: the processor that emits one emits the other, in the same run. */
const INVERSE: Record<string, string> = {
  ownedBy: 'ownerOf',
  ownerOf: 'ownedBy',
  partOf: 'hasPart',
  hasPart: 'partOf',
  providesApi: 'apiProvidedBy',
  apiProvidedBy: 'providesApi',
  consumesApi: 'apiConsumedBy',
  apiConsumedBy: 'consumesApi',
  dependsOn: 'dependencyOf',
  dependencyOf: 'dependsOn',
  memberOf: 'hasMember',
  hasMember: 'memberOf',
  parentOf: 'childOf',
  childOf: 'parentOf',
};

/** Every relation points at a stitched entity that has the inverse relation back. */
function relationsSettled(byRef: Map<string, Entity>): boolean {
  return [...byRef.entries()].every(([ref, entity]) =>
    (entity.relations ?? []).every(relation => {
      const target = byRef.get(relation.targetRef);
      const inverse = INVERSE[relation.type];
      return (
        target !== undefined &&
        (inverse === undefined ||
          (target.relations ?? []).some(
            r => r.type === inverse && r.targetRef === ref,
          ))
      );
    }),
  );
}

describe('the example catalog', () => {
  let entities: Map<string, Entity>;
  let stop: () => Promise<void>;

  beforeAll(async () => {
    const declared = declaredEntities().map(e => stringifyEntityRef(e));
    const backend = await startTestBackend({
      features: [
        catalogPlugin,
        scaffolderEntityModel,
        mockServices.rootConfig.factory({
          data: {
            catalog: {
              rules: [
                {
                  allow: [
                    'Component',
                    'System',
                    'API',
                    'Resource',
                    'Location',
                    'Domain',
                    'Group',
                    'User',
                    'Template',
                  ],
                },
              ],
              locations: [
                { type: 'file', target: path.join(catalogDir, 'all.yaml') },
              ],
              processingInterval: { seconds: 1 },
            },
          },
        }),
      ],
    });
    stop = () => backend.stop();

    // Processing and stitching are asynchronous. Each processed entity emits its relations in both directions, so
    // the catalog has settled when every declared entity is stitched (has a uid) and every relation's target is
    // there and carries the inverse relation back: a signal to wait for, not a quiet stretch of time.
    const deadline = Date.now() + 60_000;
    for (;;) {
      const res = await request(backend.server).get('/api/catalog/entities');
      const items = res.body as Entity[];
      const byRef = new Map(items.map(e => [stringifyEntityRef(e), e]));
      entities = byRef;
      if (
        declared.every(ref => byRef.get(ref)?.metadata.uid) &&
        relationsSettled(byRef)
      ) {
        break;
      }
      if (Date.now() > deadline) break;
      await new Promise(resolve => setTimeout(resolve, 250));
    }
  }, 90_000);

  afterAll(async () => {
    await stop?.();
  });

  it('processes every declared entity, including the Template', () => {
    const declared = declaredEntities().map(e => stringifyEntityRef(e));
    expect(declared.length).toBeGreaterThanOrEqual(59);
    const missing = declared.filter(ref => !entities.has(ref));
    expect(missing).toEqual([]);
    expect(declared).toContain('template:default/node-service');
  });

  it('has no processing errors on any entity', () => {
    const withErrors = [...entities.values()]
      .filter(e => ((e as AlphaEntity).status?.items ?? []).length > 0)
      .map(e => ({
        ref: stringifyEntityRef(e),
        status: (e as AlphaEntity).status,
      }));
    expect(withErrors).toEqual([]);
  });

  it('resolves every relation to an entity of the catalog', () => {
    const dangling = [...entities.values()].flatMap(e =>
      (e.relations ?? [])
        .filter(r => !entities.has(r.targetRef))
        .map(r => `${stringifyEntityRef(e)} ${r.type} ${r.targetRef}`),
    );
    expect(dangling).toEqual([]);
  });

  it("derives a component's ownedBy, partOf and providesApi relations", () => {
    const gateway = entities.get('component:default/stream-gateway')!;
    expect(relationsOf(gateway, 'ownedBy')).toEqual([
      'group:default/playback-team',
    ]);
    expect(relationsOf(gateway, 'partOf')).toEqual([
      'system:default/audio-streaming',
    ]);
    expect(relationsOf(gateway, 'providesApi').sort()).toEqual([
      'api:default/legacy-stream-api',
      'api:default/stream-api',
    ]);
    expect(relationsOf(gateway, 'consumesApi')).toEqual([
      'api:payments/entitlements-api',
    ]);
  });

  it("derives a user's memberOf relation", () => {
    const user = entities.get('user:default/amara.okafor')!;
    expect(relationsOf(user, 'memberOf')).toEqual(['group:default/larkspur']);
  });

  it('keeps entities of the payments namespace in their namespace', () => {
    const payments = [...entities.keys()].filter(
      ref => parseEntityRef(ref).namespace === 'payments',
    );
    expect(payments).toContain('system:payments/billing');
    expect(payments.length).toBeGreaterThanOrEqual(5);
  });
});
