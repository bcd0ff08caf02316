import { JsonObject } from '@backstage/types';
import { compileMapping, CompiledMapping, presets } from '@portsync/mapping';
import { PortSyncConfig } from '../config/readPortConfig';

/** A portsync setting of the mapping block that is not part of Port's format. */
const ALLOW_ENV = 'allowEnvironmentVariablesJqAccess';

/**
 * Compiles the mapping of `port.mapping` (or, without `resources`, the preset
 * with the block's root flags). A bad expression throws `MappingConfigError`
 * naming its config path, line and column.
 */
export function buildMapping(
  mapping: PortSyncConfig['mapping'],
  definition: JsonObject | undefined = mapping.definition,
): CompiledMapping {
  const { [ALLOW_ENV]: allowEnv, ...format } = definition ?? {};
  const config =
    format.resources !== undefined
      ? format
      : { ...presets[mapping.preset ?? 'default'], ...format };
  return compileMapping(config, {
    configPath: 'port.mapping',
    allowEnv: allowEnv === true,
  });
}
