import { MappingConfig } from '../types';
import { compileExpressions } from '../engine/compileExpressions';
import { readMappingSource } from './readMappingSource';
import { validateMapping, ValidatedMapping } from './validateMapping';

/** @public */
export interface ParseMappingOptions {
  /** Where the mapping sits in the app config, for messages and for finding it inside a whole config file. */
  configPath?: string;
  /** A file name for messages (`app-config.yaml:14:22`). */
  sourceName?: string;
}

/**
 * Each parsed config remembers where its expressions came from, so later compile errors can name the place. The
 * snapshot detects a config changed after parsing (callers may edit `defaultMapping()`); that one is validated anew.
 */
const parsed = new WeakMap<
  MappingConfig,
  { validated: ValidatedMapping; snapshot: string }
>();

/** @internal */
export function parseValidated(
  input: string | object,
  options: ParseMappingOptions = {},
): ValidatedMapping {
  const known =
    typeof input === 'object' ? parsed.get(input as MappingConfig) : undefined;
  if (known && known.snapshot === JSON.stringify(input)) {
    return known.validated;
  }
  const configPath = options.configPath ?? 'mapping';
  const validated = validateMapping(
    readMappingSource(input, configPath, options.sourceName),
    configPath,
  );
  parsed.set(validated.config, {
    validated,
    snapshot: JSON.stringify(validated.config),
  });
  return validated;
}

/**
 * Parses and validates a mapping in Port's format, from YAML/JSON text or an object. Every expression is compiled
 * to check its syntax. Throws `MappingConfigError` naming the config path, the expression and its line and column.
 *
 * @public
 */
export function parseMapping(
  input: string | object,
  options: ParseMappingOptions = {},
): MappingConfig {
  const validated = parseValidated(input, options);
  compileExpressions(validated, { allowEnv: false, env: {}, jq: {} });
  return validated.config;
}
