// The default Backstage mapping of Port's Ocean integration (port-api-notes.md §5.3), one
// expression per field, in jq and in JSONata, plus a hand-written JS mapping as the reference.
import type { Entity } from './entities';

export interface Field {
  name: string;
  jq: string;
  jsonata: string;
  js: (e: Entity) => unknown;
}

const rel = (
  type: string,
  prefix: string,
): Pick<Field, 'jq' | 'jsonata' | 'js'> => ({
  jq: `.relations[] | select(.type == "${type}" and (.targetRef | startswith("${prefix}:"))) | .targetRef`,
  jsonata: `relations[type = "${type}" and $substring(targetRef, 0, ${
    prefix.length + 1
  }) = "${prefix}:"][0].targetRef`,
  js: e =>
    (e.relations as Entity[]).find(
      r => r.type === type && r.targetRef.startsWith(`${prefix}:`),
    )?.targetRef ?? null,
});

const sys: Pick<Field, 'jq' | 'jsonata' | 'js'> = {
  jq: '"system:" + (.metadata.namespace // "default") + "/" + .spec.system',
  jsonata:
    '"system:" & (metadata.namespace ? metadata.namespace : "default") & "/" & spec.system',
  js: e => `system:${e.metadata.namespace ?? 'default'}/${e.spec.system ?? ''}`,
};

const path = (jq: string, jsonata: string, js: (e: Entity) => unknown) => ({
  jq,
  jsonata,
  js,
});
const field = (
  name: string,
  def: Pick<Field, 'jq' | 'jsonata' | 'js'>,
): Field => ({ name, ...def });

const common = (blueprint: string): Field[] => [
  field(
    'identifier',
    path(
      '.metadata.identifier',
      'metadata.identifier',
      e => e.metadata.identifier ?? null,
    ),
  ),
  field(
    'title',
    path(
      '.metadata.title // .metadata.name',
      'metadata.title ? metadata.title : metadata.name',
      e => e.metadata.title ?? e.metadata.name,
    ),
  ),
  field(
    'blueprint',
    path(`"${blueprint}"`, `"${blueprint}"`, () => blueprint),
  ),
  field(
    'description',
    path(
      '.metadata.description',
      'metadata.description',
      e => e.metadata.description ?? null,
    ),
  ),
  field(
    'labels',
    path('.metadata.labels', 'metadata.labels', e => e.metadata.labels ?? null),
  ),
  field(
    'annotations',
    path(
      '.metadata.annotations',
      'metadata.annotations',
      e => e.metadata.annotations ?? null,
    ),
  ),
  field(
    'links',
    path('.metadata.links', 'metadata.links', e => e.metadata.links ?? null),
  ),
  field(
    'tags',
    path('.metadata.tags', 'metadata.tags', e => e.metadata.tags ?? null),
  ),
];

const owners = [
  field('owningUser', rel('ownedBy', 'user')),
  field('owningGroup', rel('ownedBy', 'group')),
];
const specType = field(
  'type',
  path('.spec.type', 'spec.type', e => e.spec.type ?? null),
);
const lifecycle = field(
  'lifecycle',
  path('.spec.lifecycle', 'spec.lifecycle', e => e.spec.lifecycle ?? null),
);
const definitionOf = (name: string, type: string) =>
  field(
    name,
    path(
      `if .spec.type == "${type}" then .spec.definition else null end`,
      `spec.type = "${type}" ? spec.definition : null`,
      e => (e.spec.type === type ? e.spec.definition : null),
    ),
  );

export const MAPPING: Record<string, Field[]> = {
  Component: [
    ...common('component'),
    specType,
    lifecycle,
    field(
      'language',
      path('.spec.language', 'spec.language', e => e.spec.language ?? null),
    ),
    ...owners,
    field('system', sys),
    field('subcomponentOf', rel('subcomponentOf', 'component')),
    field('providesApis', rel('providesApi', 'api')),
    field('consumesApis', rel('consumesApi', 'api')),
    field('dependsOnComponent', rel('dependsOn', 'component')),
    field('dependsOnResource', rel('dependsOn', 'resource')),
  ],
  API: [
    ...common('api'),
    specType,
    lifecycle,
    field(
      'definition',
      path('.spec.definition | tostring', '$string(spec.definition)', e =>
        typeof e.spec.definition === 'string'
          ? e.spec.definition
          : JSON.stringify(e.spec.definition ?? null),
      ),
    ),
    definitionOf('definitionOpenAPI', 'open-api'),
    definitionOf('definitionAsyncAPI', 'async-api'),
    definitionOf('definitionGRPC', 'grpc'),
    definitionOf('definitionGraphQL', 'graphql'),
    ...owners,
    field('system', sys),
  ],
  Group: [
    ...common('group'),
    field(
      'type',
      path('.metadata.type', 'metadata.type', e => e.metadata.type ?? null),
    ),
    field(
      'email',
      path('.metadata.email', 'metadata.email', e => e.metadata.email ?? null),
    ),
    field('parent', rel('childOf', 'group')),
    field('members', rel('hasMember', 'user')),
  ],
  User: [
    ...common('user'),
    field(
      'email',
      path('.metadata.email', 'metadata.email', e => e.metadata.email ?? null),
    ),
  ],
  Resource: [
    ...common('resource'),
    specType,
    ...owners,
    field('system', sys),
    field('dependsOnResource', rel('dependsOn', 'resource')),
    field('dependsOnComponent', rel('dependsOn', 'component')),
  ],
  System: [
    ...common('system'),
    ...owners,
    field('domain', rel('partOf', 'domain')),
  ],
  Domain: [...common('domain'), ...owners],
};
