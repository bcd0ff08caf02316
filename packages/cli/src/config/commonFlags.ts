import { FlagSpec } from '../framework/Command';

export const CONFIG_FLAG: FlagSpec = {
  name: 'config',
  short: 'c',
  type: 'string',
  multiple: true,
  value: 'FILE',
  description:
    'An app-config file, as the plugin reads it; later files override earlier ones, ${VAR} is substituted',
};

export const PORT_FLAGS: FlagSpec[] = [
  {
    name: 'port-url',
    type: 'string',
    value: 'URL',
    description: "Port's API",
    fallback: 'env PORT_BASE_URL, config port.baseUrl, https://api.getport.io',
  },
  {
    name: 'client-id',
    type: 'string',
    value: 'ID',
    description: 'Port client id',
    fallback: 'env PORT_CLIENT_ID, config port.clientId',
  },
  {
    name: 'client-secret',
    type: 'string',
    value: 'SECRET',
    description:
      'Port client secret; prefer the environment variable, a flag shows in the process list',
    fallback: 'env PORT_CLIENT_SECRET, config port.clientSecret',
  },
  {
    name: 'integration',
    type: 'string',
    value: 'ID',
    description: "The integration's identifier in Port",
    fallback: 'config port.integration.identifier, backstage',
  },
];

export const BACKSTAGE_FLAGS: FlagSpec[] = [
  {
    name: 'backstage-url',
    type: 'string',
    value: 'URL',
    description: "Backstage's backend, e.g. http://localhost:7007",
    fallback: 'env BACKSTAGE_URL, config backend.baseUrl',
  },
  {
    name: 'backstage-token',
    type: 'string',
    value: 'TOKEN',
    description:
      'A static external-access token (backend.auth.externalAccess); prefer the environment variable',
    fallback: 'env BACKSTAGE_TOKEN',
  },
];

export const MAPPING_FLAGS: FlagSpec[] = [
  {
    name: 'mapping',
    short: 'm',
    type: 'string',
    value: 'FILE',
    description:
      "A mapping in Port's format (YAML or JSON), or an app-config file holding port.mapping",
    fallback: 'config port.mapping, the default mapping',
  },
  {
    name: 'preset',
    type: 'string',
    value: 'NAME',
    description: 'A built-in mapping: default or ocean-compatible',
  },
];
