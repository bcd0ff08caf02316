/**
 * Reads and validates the `port:` block of app-config, for the portsync plugin and the CLI alike: one key list,
 * one set of defaults, one set of messages.
 *
 * @packageDocumentation
 */

export {
  readPortConfig,
  readPortMappingConfig,
  DEFAULT_BASE_URL,
  DEFAULT_INTEGRATION_IDENTIFIER,
  DEFAULT_INTEGRATION_TYPE,
} from './readPortConfig';
export type {
  PortSyncConfig,
  PortMappingConfig,
  ReadPortConfigOptions,
} from './readPortConfig';
export { buildMapping, buildPortKeptMapping } from './buildMapping';
export type { BuildMappingOptions } from './buildMapping';
export { appConfigFiles } from './appConfigFiles';
