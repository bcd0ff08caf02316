import { AppConfig, ConfigReader } from '@backstage/config';
import { FileConfigSource } from '@backstage/config-loader';
import { resolve } from 'node:path';
import { ConfigError } from '../framework/CliError';

/**
 * Reads app-config files the way a Backstage backend does (`$include`, `$file`, `$env` and `${VAR}` substitution),
 * later files overriding earlier ones. `${VAR}` reads `env`, not the process, so tests can pass their own.
 * Without files the config is empty: the CLI then takes everything from flags and the environment.
 */
export async function loadAppConfig(
  paths: string[],
  options: { cwd: string; env: Record<string, string | undefined> },
): Promise<ConfigReader> {
  const configs: AppConfig[] = [];
  // One file at a time, so an error names the file it is about.
  for (const path of paths) {
    const absolute = resolve(options.cwd, path);
    const source = FileConfigSource.create({
      path: absolute,
      watch: false,
      substitutionFunc: async name => options.env[name]?.trim(),
    });
    try {
      for await (const data of source.readConfigData()) {
        configs.push(...data.configs);
        break;
      }
    } catch (error) {
      const reason = (error as Error).message.split('\n')[0].replace(/:$/, '');
      throw new ConfigError(
        reason.includes(absolute)
          ? `cannot read config: ${reason}`
          : `cannot read config ${absolute}: ${reason}`,
      );
    }
  }
  return ConfigReader.fromConfigs(configs);
}
