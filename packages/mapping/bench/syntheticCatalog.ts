import { BackstageEntity } from '../src';

/** A small deterministic PRNG (mulberry32), so every run maps the same catalog. */
function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const OPENAPI = `openapi: 3.0.3
info:
  title: Synthetic API
  version: 1.0.0
paths:
  /items/{id}:
    get:
      operationId: getItem
      parameters:
        - name: id
          in: path
          required: true
          schema: { type: string }
      responses:
        "200":
          description: The item
`;

/** Kinds in roughly the proportions of a real catalog, including a custom kind. */
const MIX: Array<[string, number]> = [
  ['Component', 0.38],
  ['API', 0.14],
  ['User', 0.2],
  ['Group', 0.08],
  ['Resource', 0.08],
  ['System', 0.05],
  ['Domain', 0.02],
  ['Template', 0.02],
  ['Pipeline', 0.03],
];

/**
 * `count` stitched entities as the catalog API returns them: metadata with labels, annotations, links and tags, a
 * spec per kind, and the relations Backstage would compute.
 */
export function syntheticCatalog(count: number, seed = 42): BackstageEntity[] {
  const rnd = random(seed);
  const pick = <T>(list: T[]): T => list[Math.floor(rnd() * list.length)];
  const n = (prefix: string, max: number) =>
    `${prefix}-${Math.floor(rnd() * max)}`;
  const entities: BackstageEntity[] = [];
  for (let i = 0; i < count; i++) {
    let r = rnd();
    let kind = MIX[MIX.length - 1][0];
    for (const [k, share] of MIX) {
      if (r < share) {
        kind = k;
        break;
      }
      r -= share;
    }
    const namespace = rnd() < 0.9 ? 'default' : 'platform';
    const owner = `group:${namespace}/${n('team', 40)}`;
    const system = `system:${namespace}/${n('system', 50)}`;
    const relations: Array<{ type: string; targetRef: string }> = [];
    const spec: Record<string, unknown> = {};
    const metadata: BackstageEntity['metadata'] = {
      name: `${kind.toLowerCase()}-${i}`,
      namespace,
      description: `Synthetic ${kind} number ${i}`,
      labels: { tier: pick(['1', '2', '3']) },
      annotations: {
        'backstage.io/managed-by-location': `url:https://git.example.com/repo-${i}/catalog-info.yaml`,
        'github.com/project-slug': `example/repo-${i}`,
      },
      links: [{ url: `https://docs.example.com/${i}`, title: 'Docs' }],
      tags: [pick(['java', 'go', 'typescript']), pick(['web', 'data'])],
    };
    if (rnd() < 0.3) {
      metadata.title = `Synthetic ${kind} ${i}`;
    }
    switch (kind) {
      case 'Component':
        Object.assign(spec, {
          type: pick(['service', 'website', 'library']),
          lifecycle: pick(['production', 'experimental']),
        });
        relations.push({ type: 'ownedBy', targetRef: owner });
        relations.push({ type: 'partOf', targetRef: system });
        for (let k = Math.floor(rnd() * 4); k > 0; k--) {
          relations.push({
            type: 'providesApi',
            targetRef: `api:${namespace}/${n('api', 500)}`,
          });
        }
        for (let k = Math.floor(rnd() * 4); k > 0; k--) {
          relations.push({
            type: 'consumesApi',
            targetRef: `api:${namespace}/${n('api', 500)}`,
          });
        }
        for (let k = Math.floor(rnd() * 3); k > 0; k--) {
          relations.push({
            type: 'dependsOn',
            targetRef: `resource:${namespace}/${n('resource', 300)}`,
          });
          relations.push({
            type: 'dependsOn',
            targetRef: `component:${namespace}/${n('component', 1000)}`,
          });
        }
        break;
      case 'API':
        Object.assign(spec, {
          type: pick(['openapi', 'grpc', 'graphql']),
          lifecycle: 'production',
        });
        spec.definition =
          spec.type === 'openapi'
            ? OPENAPI
            : 'type Query { item(id: ID!): String }';
        relations.push({ type: 'ownedBy', targetRef: owner });
        relations.push({ type: 'partOf', targetRef: system });
        break;
      case 'User':
        spec.profile = {
          displayName: `User ${i}`,
          email: `user${i}@example.com`,
        };
        relations.push({ type: 'memberOf', targetRef: owner });
        break;
      case 'Group':
        Object.assign(spec, {
          type: 'team',
          profile: { displayName: `Team ${i}`, email: `team${i}@example.com` },
        });
        relations.push({
          type: 'childOf',
          targetRef: `group:${namespace}/${n('dept', 5)}`,
        });
        for (let k = 1 + Math.floor(rnd() * 8); k > 0; k--) {
          relations.push({
            type: 'hasMember',
            targetRef: `user:${namespace}/${n('user', 2000)}`,
          });
        }
        break;
      case 'Resource':
        spec.type = pick(['database', 's3-bucket']);
        relations.push({ type: 'ownedBy', targetRef: owner });
        relations.push({ type: 'partOf', targetRef: system });
        break;
      case 'System':
        relations.push({ type: 'ownedBy', targetRef: owner });
        relations.push({
          type: 'partOf',
          targetRef: `domain:${namespace}/${n('domain', 10)}`,
        });
        break;
      case 'Domain':
        relations.push({ type: 'ownedBy', targetRef: owner });
        break;
      case 'Template':
        Object.assign(spec, { type: 'service', lifecycle: 'production' });
        relations.push({ type: 'ownedBy', targetRef: owner });
        break;
      default:
        Object.assign(spec, { type: 'github-actions', stages: 3 });
        relations.push({ type: 'ownedBy', targetRef: owner });
        relations.push({ type: 'partOf', targetRef: system });
    }
    entities.push({
      apiVersion:
        kind === 'Template'
          ? 'scaffolder.backstage.io/v1beta3'
          : 'backstage.io/v1alpha1',
      kind,
      metadata,
      spec,
      relations,
    });
  }
  return entities;
}
