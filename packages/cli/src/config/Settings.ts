import { ConfigReader } from '@backstage/config';
import {
  DEFAULT_BASE_URL,
  DEFAULT_INTEGRATION_IDENTIFIER,
  readPortConfig,
} from '@portsync/config';
import { ConfigError } from '../framework/CliError';
import { CommandContext } from '../framework/Command';
import { ParsedArgs } from '../framework/ParsedArgs';
import { loadAppConfig } from './loadAppConfig';

/** @public */
export interface PortSettings {
  baseUrl: string;
  clientId: string;
  clientSecret: string;
  userAgent?: string;
  integration: { identifier: string; type: string };
  timeoutMs?: number;
  concurrency?: number;
  maxRetries?: number;
  initializePortResources: boolean;
  /** Off unless the config asks: each CI run is a new process, so the engine would send them every time. */
  sendRawDataExamples: boolean;
}

/** @public */
export interface BackstageSettings {
  url: string;
  token?: string;
}

export function asConfigError<T>(read: () => T): T {
  try {
    return read();
  } catch (error) {
    throw new ConfigError((error as Error).message);
  }
}

function checkUrl(value: string, where: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new ConfigError(`${where}: not a URL: '${value}'`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new ConfigError(
      `${where}: must be an http or https URL, got '${value}'`,
    );
  }
  return value.replace(/\/+$/, '');
}

/**
 * Every setting the commands need, each taken from the first of: its flag, its environment variable, the
 * app-config files (the same `port:` keys the plugin reads, and `backend.baseUrl` for Backstage's URL). Secrets
 * are registered with the context's masker as soon as they are read.
 */
export class Settings {
  private constructor(
    private readonly args: ParsedArgs,
    private readonly context: CommandContext,
    readonly config: ConfigReader,
  ) {}

  static async load(
    context: CommandContext,
    args: ParsedArgs,
  ): Promise<Settings> {
    const config = await loadAppConfig(args.list('config'), context);
    const settings = new Settings(args, context, config);
    context.secrets.add(
      settings.pick('client-secret', 'PORT_CLIENT_SECRET', 'port.clientSecret')
        .value,
    );
    context.secrets.add(
      settings.pick('backstage-token', 'BACKSTAGE_TOKEN').value,
    );
    return settings;
  }

  /** The value and where it came from, for messages. */
  private pick(
    flag: string,
    envName?: string,
    configKey?: string,
  ): { value?: string; from: string } {
    const fromFlag = this.args.string(flag);
    if (fromFlag !== undefined && fromFlag !== '') {
      return { value: fromFlag, from: `--${flag}` };
    }
    const fromEnv = envName ? this.context.env[envName] : undefined;
    if (envName && fromEnv !== undefined && fromEnv !== '') {
      return { value: fromEnv, from: envName };
    }
    if (configKey) {
      const fromConfig = asConfigError(() =>
        this.config.getOptionalString(configKey),
      );
      if (fromConfig !== undefined && fromConfig !== '') {
        return { value: fromConfig, from: configKey };
      }
    }
    return { from: '' };
  }

  integrationIdentifier(): string {
    return (
      this.pick('integration', undefined, 'port.integration.identifier')
        .value ?? DEFAULT_INTEGRATION_IDENTIFIER
    );
  }

  /**
   * Port's URL, credentials and client settings: the flags and environment variables laid over the config's `port`
   * block, which is then read by the plugin's own reader (every key checked, the same defaults). Throws
   * `ConfigError` naming every way to give what is missing.
   */
  port(): PortSettings {
    const url = this.pick('port-url', 'PORT_BASE_URL', 'port.baseUrl');
    const clientId = this.pick('client-id', 'PORT_CLIENT_ID', 'port.clientId');
    const clientSecret = this.pick(
      'client-secret',
      'PORT_CLIENT_SECRET',
      'port.clientSecret',
    );
    const missing = [
      clientId.value
        ? undefined
        : 'client id (PORT_CLIENT_ID, --client-id or port.clientId)',
      clientSecret.value
        ? undefined
        : 'client secret (PORT_CLIENT_SECRET, --client-secret or port.clientSecret)',
    ].filter(Boolean);
    if (missing.length > 0) {
      throw new ConfigError(`missing Port ${missing.join(' and ')}`);
    }
    const overlay = new ConfigReader(
      {
        port: {
          baseUrl: checkUrl(
            url.value ?? DEFAULT_BASE_URL,
            url.from || 'Port URL',
          ),
          clientId: clientId.value!,
          clientSecret: clientSecret.value!,
          integration: { identifier: this.integrationIdentifier() },
        },
      },
      'command line',
      this.config,
    );
    const port = asConfigError(() =>
      readPortConfig(overlay, { sendRawDataExamplesByDefault: false }),
    );
    return {
      baseUrl: port.baseUrl,
      clientId: port.clientId,
      clientSecret: port.clientSecret,
      userAgent: port.userAgent,
      integration: port.integration,
      timeoutMs: port.client.timeoutMs,
      concurrency: port.client.concurrency,
      maxRetries: port.client.maxRetries,
      initializePortResources: port.initializePortResources,
      sendRawDataExamples: port.sendRawDataExamples,
    };
  }

  /** Backstage's backend URL and token; the token is optional, as a Backstage without auth needs none. */
  backstage(): BackstageSettings {
    const url = this.pick('backstage-url', 'BACKSTAGE_URL', 'backend.baseUrl');
    if (!url.value) {
      throw new ConfigError(
        'missing Backstage URL (BACKSTAGE_URL, --backstage-url or backend.baseUrl)',
      );
    }
    return {
      url: checkUrl(url.value, url.from),
      token: this.pick('backstage-token', 'BACKSTAGE_TOKEN').value,
    };
  }
}
