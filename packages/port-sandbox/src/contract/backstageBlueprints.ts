/**
 * The default blueprints of Port's Ocean Backstage integration, transcribed from
 * port-api-notes §5.2 (`.port/resources/blueprints.json`), in file order.
 */

const COMMON_PROPERTIES = {
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

const string = { type: 'string' };

function relation(target: string, many = false) {
  return { target, required: false, many };
}

function blueprint(
  identifier: string,
  title: string,
  icon: string,
  properties: Record<string, unknown>,
  relations: Record<string, unknown>,
) {
  return {
    identifier,
    title,
    icon,
    schema: {
      properties: { ...COMMON_PROPERTIES, ...properties },
      required: [],
    },
    mirrorProperties: {},
    calculationProperties: {},
    relations,
  };
}

const owners = { owningUser: relation('user'), owningGroup: relation('group') };

export const BACKSTAGE_BLUEPRINTS = [
  blueprint(
    'user',
    'User',
    'TwoUsers',
    { email: { type: 'string', format: 'email' } },
    {},
  ),
  blueprint(
    'group',
    'Group',
    'TwoUsers',
    { type: string, email: { type: 'string', format: 'email' } },
    { parent: relation('group'), members: relation('user', true) },
  ),
  blueprint('domain', 'Domain', 'TwoUsers', {}, owners),
  blueprint(
    'system',
    'System',
    'Server',
    {},
    { ...owners, domain: relation('domain') },
  ),
  blueprint(
    'api',
    'api',
    'ApiDoc',
    {
      type: string,
      lifecycle: string,
      definition: string,
      definitionOpenAPI: { type: 'object', spec: 'open-api' },
      definitionAsyncAPI: { type: 'object', spec: 'async-api' },
      definitionGRPC: { type: 'string', format: 'proto' },
      definitionGraphQL: string,
    },
    { ...owners, system: relation('system') },
  ),
  blueprint(
    'resource',
    'Resource',
    'Server',
    { type: string },
    {
      dependsOnResource: relation('resource', true),
      dependsOnComponent: relation('component', true),
      system: relation('system'),
      ...owners,
    },
  ),
  blueprint(
    'component',
    'Component',
    'Cloud',
    { type: string, lifecycle: string, language: string },
    {
      ...owners,
      system: relation('system'),
      subcomponentOf: relation('component'),
      providesApis: relation('api', true),
      consumesApis: relation('api', true),
      dependsOnComponent: relation('component', true),
      dependsOnResource: relation('resource', true),
    },
  ),
];
