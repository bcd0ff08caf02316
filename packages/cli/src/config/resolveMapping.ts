import { buildMapping, readPortMappingConfig } from '@portsync/config';
import {
  compileMapping,
  CompiledMapping,
  parseMapping,
  presets,
  presetYaml,
} from '@portsync/mapping';
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { parse } from 'yaml';
import { ConfigError, UsageError } from '../framework/CliError';
import { ParsedArgs } from '../framework/ParsedArgs';
import { asConfigError, Settings } from './Settings';

type PresetName = keyof typeof presets;

/** @public */
export interface ResolvedMapping {
  compiled: CompiledMapping;
  /** Where it came from, for messages: a file, `preset default`, `config port.mapping`. */
  origin: string;
}

function presetName(name: string): PresetName {
  if (!Object.prototype.hasOwnProperty.call(presetYaml, name)) {
    throw new UsageError(
      `unknown preset '${name}'; choose one of ${Object.keys(presetYaml).join(
        ', ',
      )}`,
    );
  }
  return name as PresetName;
}

/**
 * The mapping to use, from the first of: `--mapping FILE`, `--preset NAME`, the config's `port.mapping` (a preset,
 * or Port's format, as the plugin reads it), portsync's default mapping. Every expression is compiled here, so a
 * broken mapping fails before anything is read or written.
 */
export async function resolveMapping(
  args: ParsedArgs,
  settings: Settings,
  cwd: string,
): Promise<ResolvedMapping> {
  const file = args.string('mapping');
  const preset = args.string('preset');
  if (file !== undefined && preset !== undefined) {
    throw new UsageError('give either --mapping or --preset, not both');
  }
  const configured = asConfigError(() =>
    readPortMappingConfig(settings.config),
  );
  const { allowEnv } = configured;
  if (file !== undefined) {
    const path = resolve(cwd, file);
    let text: string;
    try {
      text = await readFile(path, 'utf8');
    } catch (error) {
      throw new ConfigError(
        `cannot read mapping file ${path}: ${(error as Error).message}`,
      );
    }
    // A whole app-config file may be given too; the mapping package finds `port.mapping` inside it.
    let holdsAppConfig: boolean;
    try {
      holdsAppConfig = Boolean(
        (parse(text, { prettyErrors: false }) as { port?: unknown } | null)
          ?.port,
      );
    } catch (error) {
      throw new ConfigError(
        `mapping file ${file} is not one YAML or JSON document: ${
          (error as Error).message.split('\n')[0]
        }`,
      );
    }
    const mapping = parseMapping(text, {
      configPath: holdsAppConfig ? 'port.mapping' : 'mapping',
      sourceName: file,
    });
    return {
      compiled: compileMapping(mapping, { allowEnv }),
      origin: file,
    };
  }
  if (preset !== undefined) {
    return {
      compiled: compileMapping(presets[presetName(preset)], { allowEnv }),
      origin: `preset ${preset}`,
    };
  }
  if (configured.source === 'port') {
    throw new ConfigError(
      "port.mapping.source: 'port' (a mapping kept in Port) is not read by the CLI; give the mapping with --mapping",
    );
  }
  if (configured.definition || configured.preset) {
    return {
      compiled: buildMapping(configured, {
        configFiles: args.list('config').map(path => resolve(cwd, path)),
      }),
      origin: 'config port.mapping',
    };
  }
  return {
    compiled: compileMapping(presets.default, { allowEnv }),
    origin: 'preset default',
  };
}
