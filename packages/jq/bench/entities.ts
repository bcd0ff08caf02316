// Seeded synthetic Backstage entities: tags, links, annotations, 1–8 relations, half with titles.

export type Entity = Record<string, any>;

const KINDS = [
  'Component',
  'API',
  'Group',
  'User',
  'Resource',
  'System',
  'Domain',
];
const RELATION_TYPES: [string, string][] = [
  ['ownedBy', 'user'],
  ['ownedBy', 'group'],
  ['partOf', 'system'],
  ['partOf', 'domain'],
  ['subcomponentOf', 'component'],
  ['providesApi', 'api'],
  ['consumesApi', 'api'],
  ['dependsOn', 'component'],
  ['dependsOn', 'resource'],
  ['childOf', 'group'],
  ['hasMember', 'user'],
];
const API_TYPES = ['open-api', 'async-api', 'grpc', 'graphql'];

function mulberry32(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function makeEntities(count: number, seed = 42): Entity[] {
  const rnd = mulberry32(seed);
  const pick = <T>(xs: T[]): T => xs[Math.floor(rnd() * xs.length)];
  const entities: Entity[] = [];
  for (let i = 0; i < count; i++) {
    const kind = KINDS[i % KINDS.length];
    const name = `${kind.toLowerCase()}-${i}`;
    const namespace = rnd() < 0.8 ? 'default' : `team-${Math.floor(rnd() * 5)}`;
    const relations = Array.from({ length: 1 + Math.floor(rnd() * 8) }, () => {
      const [type, targetKind] = pick(RELATION_TYPES);
      return {
        type,
        targetRef: `${targetKind}:default/${targetKind}-${Math.floor(
          rnd() * 500,
        )}`,
      };
    });
    const metadata: Entity = {
      name,
      namespace,
      uid: `uid-${i}`,
      identifier: `${kind.toLowerCase()}:${namespace}/${name}`,
      description: `The ${name} ${kind.toLowerCase()}`,
      labels: {
        tier: pick(['1', '2', '3']),
        team: `team-${Math.floor(rnd() * 20)}`,
      },
      annotations: {
        'backstage.io/managed-by-location': `url:https://github.com/acme/${name}/catalog-info.yaml`,
        'github.com/project-slug': `acme/${name}`,
      },
      tags: Array.from({ length: Math.floor(rnd() * 4) }, () =>
        pick(['java', 'go', 'ts', 'data', 'web']),
      ),
      links: [
        {
          url: `https://${name}.example.com`,
          title: 'Home',
          icon: 'dashboard',
        },
      ],
    };
    if (rnd() < 0.5) metadata.title = `${kind} ${i}`;
    const spec: Entity = {
      type:
        kind === 'API'
          ? pick(API_TYPES)
          : pick(['service', 'website', 'library', 'database']),
      lifecycle: pick(['production', 'experimental', 'deprecated']),
      owner: `group:default/team-${Math.floor(rnd() * 20)}`,
    };
    if (rnd() < 0.7) spec.system = `system-${Math.floor(rnd() * 50)}`;
    if (kind === 'Component')
      spec.language = pick(['java', 'go', 'typescript']);
    if (kind === 'API') {
      spec.definition =
        rnd() < 0.5
          ? `openapi: 3.0.0\ninfo:\n  title: ${name}\n`
          : { openapi: '3.0.0', info: { title: name } };
    }
    entities.push({
      apiVersion: 'backstage.io/v1alpha1',
      kind,
      metadata,
      spec,
      relations,
    });
  }
  return entities;
}
