import { JsonObject } from '@backstage/types';
import {
  compileMapping,
  CompiledMapping,
  locateMappingError,
  MappingConfigError,
  presets,
} from '@portsync/mapping';
import { readFileSync } from 'node:fs';
import { PortMappingConfig } from './readPortConfig';

/** @public */
export interface BuildMappingOptions {
  /**
   * The app-config files the config was read from, later ones overriding earlier ones (see `appConfigFiles`). A
   * mapping error then names the file, line and column of the expression at fault.
   */
  configFiles?: string[];
}

/**
 * Compiles the mapping of `port.mapping` (or, without `resources`, the preset with the block's root flags). A bad
 * expression throws `MappingConfigError` naming its config path and, when it is found in one of the config files,
 * its file, line and column.
 *
 * @public
 */
export function buildMapping(
  mapping: PortMappingConfig,
  options: BuildMappingOptions = {},
): CompiledMapping {
  const format = mapping.definition ?? {};
  const config =
    format.resources !== undefined
      ? format
      : { ...presets[mapping.preset ?? 'default'], ...format };
  try {
    return compileMapping(config, {
      configPath: 'port.mapping',
      allowEnv: mapping.allowEnv,
    });
  } catch (error) {
    if (error instanceof MappingConfigError && error.line === undefined) {
      throw locateInFiles(error, options.configFiles ?? []);
    }
    throw error;
  }
}

/**
 * Compiles a mapping kept in Port (the integration's `config`) with the backend's isolation limits. The
 * environment switch and the limits are backend settings: the same keys written in Port are ignored, or a Port
 * admin could read Backstage's environment or lift the worker's limits.
 *
 * @public
 */
export function buildPortKeptMapping<M>(
  config: JsonObject,
  mapping: Pick<PortMappingConfig, 'allowEnv' | 'isolation'>,
  compile: (
    format: object,
    options: {
      configPath: string;
      allowEnv: boolean;
      timeoutMs: number;
      maxHeapMb: number;
    },
  ) => M,
): M {
  const {
    allowEnvironmentVariablesJqAccess: _ignored,
    isolation: _limits,
    ...format
  } = config;
  return compile(format, {
    configPath: 'config',
    allowEnv: mapping.allowEnv,
    ...mapping.isolation,
  });
}

function locateInFiles(
  error: MappingConfigError,
  files: string[],
): MappingConfigError {
  // The last file that sets the value is the one the merged config took it from.
  for (const file of [...files].reverse()) {
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch {
      continue;
    }
    const located = locateMappingError(error, text, {
      configPath: 'port.mapping',
      sourceName: file,
    });
    if (located) return located;
  }
  return error;
}
