import { Config, readDurationFromConfig } from '@backstage/config';
import { InputError } from '@backstage/errors';
import { HumanDuration } from '@backstage/types';

/**
 * The duration at `key` of `config` (which sits at `path` in app-config), or `fallback` when absent. A bad value
 * is reported with its full path, which Backstage's reader does not know.
 */
export function readDuration(
  config: Config | undefined,
  key: string,
  path: string,
  fallback: HumanDuration,
): HumanDuration;
export function readDuration(
  config: Config | undefined,
  key: string,
  path: string,
): HumanDuration | undefined;
export function readDuration(
  config: Config | undefined,
  key: string,
  path: string,
  fallback?: HumanDuration,
): HumanDuration | undefined {
  if (!config?.has(key)) return fallback;
  try {
    return readDurationFromConfig(config, { key });
  } catch {
    throw new InputError(
      `${path}.${key}: not a duration: ${JSON.stringify(
        config.get(key),
      )}; give an object such as { seconds: 30 }, ` +
        `a string such as '30 seconds', or an ISO 8601 duration such as 'PT30S'`,
    );
  }
}
