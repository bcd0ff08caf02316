import { BlueprintProperty, BlueprintRelation, PortBlueprint } from '../types';

const common: Record<string, BlueprintProperty> = {
  description: { type: 'string', format: 'markdown', title: 'Description' },
  labels: { type: 'object', title: 'Labels' },
  annotations: { type: 'object', title: 'Annotations' },
  links: {
    type: 'array',
    items: { type: 'string', format: 'url' },
    title: 'Links',
  },
  tags: { type: 'array', items: { type: 'string' }, title: 'Tags' },
};

const text = (title: string): BlueprintProperty => ({ type: 'string', title });
const one = (target: string, title: string): BlueprintRelation => ({
  target,
  title,
  required: false,
  many: false,
});
const many = (target: string, title: string): BlueprintRelation => ({
  target,
  title,
  required: false,
  many: true,
});
const owners = {
  owningUser: one('user', 'Owning user'),
  owningGroup: one('group', 'Owning group'),
};

function blueprint(
  identifier: string,
  title: string,
  icon: string | undefined,
  properties: Record<string, BlueprintProperty>,
  relations: Record<string, BlueprintRelation>,
): PortBlueprint {
  return {
    identifier,
    title,
    ...(icon ? { icon } : {}),
    schema: { properties: { ...properties, ...common }, required: [] },
    relations,
    mirrorProperties: {},
    calculationProperties: {},
  };
}

/** The blueprint that every kind without its own blueprint maps to. */
export const GENERIC_BLUEPRINT = 'backstageEntity';

/**
 * portsync's default blueprints. The seven of Port's Backstage defaults keep their identifiers, titles, icons,
 * properties and relations (so data written by Ocean's integration lands in the same place), plus Template, Location
 * and one generic blueprint for every other kind. Ordered targets before sources; component and resource point at
 * each other, so create them bare first and add relations after, as Ocean does.
 *
 * @public
 */
export const defaultBlueprints: PortBlueprint[] = [
  blueprint(
    'user',
    'User',
    'TwoUsers',
    {
      email: { type: 'string', format: 'email', title: 'Email' },
    },
    {},
  ),
  blueprint(
    'group',
    'Group',
    'TwoUsers',
    {
      type: text('Type'),
      email: { type: 'string', format: 'email', title: 'Email' },
    },
    { parent: one('group', 'Parent'), members: many('user', 'Members') },
  ),
  blueprint(
    'domain',
    'Domain',
    'TwoUsers',
    {},
    {
      ...owners,
      subdomainOf: one('domain', 'Subdomain of'),
    },
  ),
  blueprint(
    'system',
    'System',
    'Server',
    {},
    {
      ...owners,
      domain: one('domain', 'Domain'),
    },
  ),
  blueprint(
    'api',
    'api',
    'ApiDoc',
    {
      type: text('Type'),
      lifecycle: text('Lifecycle'),
      definition: text('Definition'),
      definitionOpenAPI: {
        type: 'object',
        spec: 'open-api',
        title: 'OpenAPI definition',
      },
      definitionAsyncAPI: {
        type: 'object',
        spec: 'async-api',
        title: 'AsyncAPI definition',
      },
      definitionGRPC: {
        type: 'string',
        format: 'proto',
        title: 'gRPC definition',
      },
      definitionGraphQL: text('GraphQL definition'),
    },
    { ...owners, system: one('system', 'System') },
  ),
  blueprint(
    'resource',
    'Resource',
    'Server',
    { type: text('Type') },
    {
      dependsOnResource: many('resource', 'Depends on resources'),
      dependsOnComponent: many('component', 'Depends on components'),
      system: one('system', 'System'),
      ...owners,
    },
  ),
  blueprint(
    'component',
    'Component',
    'Cloud',
    {
      type: text('Type'),
      lifecycle: text('Lifecycle'),
      language: text('Language'),
    },
    {
      ...owners,
      system: one('system', 'System'),
      subcomponentOf: one('component', 'Subcomponent of'),
      providesApis: many('api', 'Provides APIs'),
      consumesApis: many('api', 'Consumes APIs'),
      dependsOnComponent: many('component', 'Depends on components'),
      dependsOnResource: many('resource', 'Depends on resources'),
    },
  ),
  blueprint(
    'template',
    'Template',
    undefined,
    { type: text('Type'), lifecycle: text('Lifecycle') },
    { ...owners, system: one('system', 'System') },
  ),
  blueprint(
    'location',
    'Location',
    undefined,
    {
      type: text('Type'),
      target: text('Target'),
      targets: { type: 'array', items: { type: 'string' }, title: 'Targets' },
      presence: text('Presence'),
    },
    {},
  ),
  blueprint(
    GENERIC_BLUEPRINT,
    'Backstage entity',
    undefined,
    {
      kind: text('Kind'),
      type: text('Type'),
      lifecycle: text('Lifecycle'),
      spec: { type: 'object', title: 'Spec' },
      backstageRelations: {
        type: 'array',
        items: { type: 'string' },
        title: 'Backstage relations',
      },
    },
    { ...owners, system: one('system', 'System') },
  ),
];
