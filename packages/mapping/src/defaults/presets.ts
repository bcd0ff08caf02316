import { parseMapping } from '../config/parseMapping';
import { MappingConfig } from '../types';
import { defaultMappingYaml } from './defaultMappingYaml';
import { oceanCompatibleMappingYaml } from './oceanCompatibleMappingYaml';

/**
 * portsync's default mapping (a fresh copy each call, so callers may change it).
 *
 * @public
 */
export function defaultMapping(): MappingConfig {
  return parseMapping(defaultMappingYaml, { sourceName: 'defaultMapping' });
}

/** @public */
export interface Presets {
  /** portsync's default mapping. */
  readonly default: MappingConfig;
  /** Port's own default Backstage mapping, verbatim, for data identical to Ocean's integration. */
  readonly 'ocean-compatible': MappingConfig;
}

/**
 * Named mappings, parsed on first use. Also available as YAML text in `presetYaml`.
 *
 * @public
 */
export const presets: Presets = {
  get default() {
    return defaultMapping();
  },
  get 'ocean-compatible'() {
    return parseMapping(oceanCompatibleMappingYaml, {
      sourceName: 'ocean-compatible',
    });
  },
};

/**
 * The presets as YAML, to show or copy into app-config.yaml.
 *
 * @public
 */
export const presetYaml: Record<keyof Presets, string> = {
  default: defaultMappingYaml,
  'ocean-compatible': oceanCompatibleMappingYaml,
};
