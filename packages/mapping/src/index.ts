/**
 * Port's mapping format for Backstage entities: parse and validate, compile once (jq or JSONata), apply with Ocean's
 * semantics; portsync's default blueprints and mapping, and Port's own mapping as the `ocean-compatible` preset.
 *
 * @packageDocumentation
 */

export { parseMapping } from './config/parseMapping';
export type { ParseMappingOptions } from './config/parseMapping';
export { MappingConfigError } from './config/MappingConfigError';
export { locateMappingError } from './config/locateMappingError';
export type {
  MappingConfigErrorDetails,
  SourcePosition,
} from './config/MappingConfigError';
export { compileMapping, ANY_KIND } from './compileMapping';
export type { CompiledMapping, CompileMappingOptions } from './compileMapping';
export {
  defaultBlueprints,
  GENERIC_BLUEPRINT,
} from './defaults/defaultBlueprints';
export { defaultMapping, presets, presetYaml } from './defaults/presets';
export type { Presets } from './defaults/presets';
export { blueprintsForMapping } from './defaults/blueprintsForMapping';
export type { BlueprintNeeds } from './defaults/blueprintsForMapping';
export type * from './types';
export { createIsolatedMapping } from './isolate/createIsolatedMapping';
export type {
  IsolatedMapping,
  IsolatedMappingOptions,
} from './isolate/createIsolatedMapping';
export type { JqLimits } from './engine/Expression';
