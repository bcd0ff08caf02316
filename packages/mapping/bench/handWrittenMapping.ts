import { parse } from 'yaml';
import { BackstageEntity, PortEntity } from '../src';

type Rel = { type: string; targetRef: string };

const first = (rels: Rel[], type: string, kind: string): string | null => {
  for (const r of rels) {
    if (r.type === type && r.targetRef.startsWith(`${kind}:`)) {
      return r.targetRef;
    }
  }
  return null;
};
const all = (rels: Rel[], type: string, kind: string): string[] =>
  rels
    .filter(r => r.type === type && r.targetRef.startsWith(`${kind}:`))
    .map(r => r.targetRef);
const orNull = (v: unknown) => (v === undefined ? null : v);
const yaml = (text: unknown) => {
  if (typeof text !== 'string') {
    return null;
  }
  try {
    return parse(text, { maxAliasCount: 100 }) ?? null;
  } catch {
    return null;
  }
};

const RESOURCE_INDEX: Record<string, number> = {
  component: 0,
  api: 1,
  group: 2,
  user: 3,
  resource: 4,
  system: 5,
  domain: 6,
  template: 7,
  location: 8,
};

/**
 * The default mapping written by hand in TypeScript: the ceiling any expression engine is measured against. The
 * benchmark checks that it gives the same entities as the mapping itself.
 */
export function handWrittenMapping(entity: BackstageEntity): PortEntity {
  const m = entity.metadata as Record<string, any>;
  const spec = (entity.spec ?? {}) as Record<string, any>;
  const rels = (entity.relations ?? []) as Rel[];
  const kind = entity.kind.toLowerCase();
  const resourceIndex = RESOURCE_INDEX[kind] ?? 9;
  const profile = spec.profile ?? {};
  const title =
    kind === 'group' || kind === 'user'
      ? profile.displayName ?? m.title ?? m.name
      : m.title ?? m.name;
  const common = {
    description: orNull(m.description),
    labels: orNull(m.labels),
    annotations: orNull(m.annotations),
    links: (m.links ?? []).map((l: { url: string }) => orNull(l.url)),
    tags: orNull(m.tags),
  };
  const owners = {
    owningUser: first(rels, 'ownedBy', 'user'),
    owningGroup: first(rels, 'ownedBy', 'group'),
  };
  const base = {
    identifier: `${entity.kind}:${m.namespace || 'default'}/${
      m.name
    }`.toLowerCase(),
    title,
    resourceIndex,
  };
  switch (kind) {
    case 'component':
      return {
        ...base,
        blueprint: 'component',
        properties: {
          type: orNull(spec.type),
          lifecycle: orNull(spec.lifecycle),
          language: orNull(spec.language),
          ...common,
        },
        relations: {
          ...owners,
          system: first(rels, 'partOf', 'system'),
          subcomponentOf: first(rels, 'partOf', 'component'),
          providesApis: all(rels, 'providesApi', 'api'),
          consumesApis: all(rels, 'consumesApi', 'api'),
          dependsOnComponent: all(rels, 'dependsOn', 'component'),
          dependsOnResource: all(rels, 'dependsOn', 'resource'),
        },
      };
    case 'api': {
      const d = spec.definition;
      return {
        ...base,
        blueprint: 'api',
        properties: {
          type: orNull(spec.type),
          lifecycle: orNull(spec.lifecycle),
          definition:
            d === undefined || d === null || typeof d === 'string'
              ? orNull(d)
              : JSON.stringify(d),
          definitionOpenAPI:
            spec.type === 'openapi' || spec.type === 'open-api'
              ? yaml(d)
              : null,
          definitionAsyncAPI:
            spec.type === 'asyncapi' || spec.type === 'async-api'
              ? yaml(d)
              : null,
          definitionGRPC: spec.type === 'grpc' ? orNull(d) : null,
          definitionGraphQL: spec.type === 'graphql' ? orNull(d) : null,
          ...common,
        },
        relations: { ...owners, system: first(rels, 'partOf', 'system') },
      };
    }
    case 'group':
      return {
        ...base,
        blueprint: 'group',
        properties: {
          type: orNull(spec.type),
          email: orNull(profile.email),
          ...common,
        },
        relations: {
          parent: first(rels, 'childOf', 'group'),
          members: all(rels, 'hasMember', 'user'),
        },
      };
    case 'user':
      return {
        ...base,
        blueprint: 'user',
        properties: { email: orNull(profile.email), ...common },
        relations: {},
      };
    case 'resource':
      return {
        ...base,
        blueprint: 'resource',
        properties: { type: orNull(spec.type), ...common },
        relations: {
          ...owners,
          system: first(rels, 'partOf', 'system'),
          dependsOnResource: all(rels, 'dependsOn', 'resource'),
          dependsOnComponent: all(rels, 'dependsOn', 'component'),
        },
      };
    case 'system':
      return {
        ...base,
        blueprint: 'system',
        properties: { ...common },
        relations: { ...owners, domain: first(rels, 'partOf', 'domain') },
      };
    case 'domain':
      return {
        ...base,
        blueprint: 'domain',
        properties: { ...common },
        relations: { ...owners, subdomainOf: first(rels, 'partOf', 'domain') },
      };
    case 'template':
      return {
        ...base,
        blueprint: 'template',
        properties: {
          type: orNull(spec.type),
          lifecycle: orNull(spec.lifecycle),
          ...common,
        },
        relations: { ...owners, system: first(rels, 'partOf', 'system') },
      };
    case 'location':
      return {
        ...base,
        blueprint: 'location',
        properties: {
          type: orNull(spec.type),
          target: orNull(spec.target),
          targets: orNull(spec.targets),
          presence: orNull(spec.presence),
          ...common,
        },
        relations: {},
      };
    default:
      return {
        ...base,
        blueprint: 'backstageEntity',
        properties: {
          kind: entity.kind,
          type: typeof spec.type === 'string' ? spec.type : null,
          lifecycle: typeof spec.lifecycle === 'string' ? spec.lifecycle : null,
          spec: orNull(entity.spec),
          backstageRelations: rels.map(r => `${r.type} ${r.targetRef}`),
          ...common,
        },
        relations: { ...owners, system: first(rels, 'partOf', 'system') },
      };
  }
}
