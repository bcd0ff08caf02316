import {
  readSchedulerServiceTaskScheduleDefinitionFromConfig,
  SchedulerServiceTaskScheduleDefinition,
} from '@backstage/backend-plugin-api';
import { Config } from '@backstage/config';
import { InputError } from '@backstage/errors';
import {
  durationToMilliseconds,
  HumanDuration,
  JsonObject,
} from '@backstage/types';
import { checkPortKeys } from './checkPortKeys';
import { readDuration } from './readDuration';

/** Port's EU API; `https://api.us.getport.io` for the US region. */
export const DEFAULT_BASE_URL = 'https://api.getport.io';
/** Port's EU web app, where each entity has a page; `https://app.us.getport.io` for the US region. */
export const DEFAULT_APP_URL = 'https://app.getport.io';
export const DEFAULT_INTEGRATION_IDENTIFIER = 'backstage';
export const DEFAULT_INTEGRATION_TYPE = 'backstage';
export const DEFAULT_CHANGE_SCAN_FREQUENCY: HumanDuration = { seconds: 30 };
export const DEFAULT_CHANGE_SCAN_TIMEOUT: HumanDuration = { minutes: 5 };
export const DEFAULT_CHANGES_FREQUENCY: HumanDuration = { seconds: 10 };
export const DEFAULT_CHANGES_TIMEOUT: HumanDuration = { minutes: 10 };
export const DEFAULT_RESYNC_TIMEOUT: HumanDuration = { minutes: 30 };
export const DEFAULT_HINT_DELAY: HumanDuration = { milliseconds: 250 };
export const DEFAULT_MAX_ATTEMPTS = 10;
/** Ocean's event listener polls Port every 60 s. */
export const DEFAULT_PORT_POLL_INTERVAL: HumanDuration = { seconds: 60 };
export const DEFAULT_ISOLATION_TIMEOUT: HumanDuration = { seconds: 2 };
export const DEFAULT_ISOLATION_MAX_HEAP_MB = 128;

/** Keys of `port.mapping` that are portsync's own settings, not Port's mapping format. */
const MAPPING_SETTINGS = [
  'source',
  'pollInterval',
  'preset',
  'allowEnvironmentVariablesJqAccess',
  'isolation',
] as const;

/**
 * The `port` block, read and checked, with every default filled in.
 *
 * @public
 */
export interface PortSyncConfig {
  baseUrl: string;
  /** Port's web app, for links to an entity's page (`<appUrl>/<blueprint>Entity?identifier=<id>`). */
  appUrl: string;
  clientId: string;
  clientSecret: string;
  userAgent?: string;
  integration: { identifier: string; type: string };
  initializePortResources: boolean;
  sendRawDataExamples: boolean;
  /** portsync's cap on deletions per resync or change scan; undefined: no cap. */
  maxDeletionsPerRun?: number;
  resync: {
    /** Absent: full resyncs run only on demand. */
    schedule?: SchedulerServiceTaskScheduleDefinition;
    /** Longest a resync may run: the schedule's timeout, or 30 minutes. */
    timeout: HumanDuration;
  };
  changeScan: { frequency: HumanDuration; timeout: HumanDuration };
  changes: {
    frequency: HumanDuration;
    timeout: HumanDuration;
    hintDelayMs: number;
    maxAttempts: number;
    /** First wait before a failed change is tried again; undefined: the engine's default. */
    retryDelayMs?: number;
  };
  client: { timeoutMs?: number; concurrency?: number; maxRetries?: number };
  mapping: PortMappingConfig;
  resyncRequests: { pollInterval: HumanDuration };
}

/**
 * `port.mapping`: portsync's own settings and Port's mapping format.
 *
 * @public
 */
export interface PortMappingConfig {
  source: 'app-config' | 'port';
  pollInterval: HumanDuration;
  preset?: 'default' | 'ocean-compatible';
  /** Let jq expressions read the environment. A backend setting, never taken from a mapping kept in Port. */
  allowEnv: boolean;
  /** Limits of the worker that evaluates untrusted mappings (kept in Port, sent to `/preview`). */
  isolation: { timeoutMs: number; maxHeapMb: number };
  /**
   * Port's mapping format as written under `port.mapping`, without portsync's own keys. Without `resources`,
   * its root flags apply to the preset (or the default mapping).
   */
  definition?: JsonObject;
}

/** @public */
export interface ReadPortConfigOptions {
  /**
   * Whether raw data examples are sent when `port.sendRawDataExamples` is absent. The plugin sends them (Port's
   * mapping playground shows them); the CLI does not, as each CI run is a new process that would send them again.
   */
  sendRawDataExamplesByDefault?: boolean;
}

function optionalPositiveInteger(
  config: Config | undefined,
  key: string,
  path: string,
): number | undefined {
  const value = config?.getOptionalNumber(key);
  if (value !== undefined && (!Number.isInteger(value) || value < 1)) {
    throw new InputError(
      `${path}.${key}: must be a positive integer, got ${value}`,
    );
  }
  return value;
}

function optionalCount(
  config: Config | undefined,
  key: string,
  path: string,
): number | undefined {
  const value = config?.getOptionalNumber(key);
  if (value !== undefined && (!Number.isInteger(value) || value < 0)) {
    throw new InputError(
      `${path}.${key}: must be a whole number, 0 or more, got ${value}`,
    );
  }
  return value;
}

function readHttpUrl(port: Config, key: string, fallback: string): string {
  const value = port.getOptionalString(key) ?? fallback;
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new InputError(`port.${key}: not a URL: '${value}'`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new InputError(
      `port.${key}: must be an http or https URL, got '${value}'`,
    );
  }
  return value.replace(/\/+$/, '');
}

/** `port.mapping` alone, for a caller that needs no credentials (the CLI's `map`). */
function readMapping(port: Config | undefined): PortMappingConfig {
  const mapping = port?.getOptionalConfig('mapping');
  const source = mapping?.getOptionalString('source') ?? 'app-config';
  if (source !== 'app-config' && source !== 'port') {
    throw new InputError(
      `port.mapping.source: must be 'app-config' or 'port', got '${source}'`,
    );
  }
  const preset = mapping?.getOptionalString('preset');
  if (
    preset !== undefined &&
    preset !== 'default' &&
    preset !== 'ocean-compatible'
  ) {
    throw new InputError(
      `port.mapping.preset: must be 'default' or 'ocean-compatible', got '${preset}'`,
    );
  }
  const raw = mapping?.get<JsonObject>() ?? {};
  const definition: JsonObject = { ...raw };
  for (const key of MAPPING_SETTINGS) delete definition[key];
  if (preset !== undefined && definition.resources !== undefined) {
    throw new InputError(
      'port.mapping: give either `preset` or `resources`, not both',
    );
  }
  return {
    source,
    pollInterval: readDuration(
      mapping,
      'pollInterval',
      'port.mapping',
      DEFAULT_PORT_POLL_INTERVAL,
    ),
    preset,
    allowEnv:
      mapping?.getOptionalBoolean('allowEnvironmentVariablesJqAccess') ?? false,
    isolation: readIsolation(mapping?.getOptionalConfig('isolation')),
    definition: Object.keys(definition).length > 0 ? definition : undefined,
  };
}

function readIsolation(
  isolation: Config | undefined,
): PortMappingConfig['isolation'] {
  const path = 'port.mapping.isolation';
  const timeoutMs = durationToMilliseconds(
    readDuration(isolation, 'timeout', path, DEFAULT_ISOLATION_TIMEOUT),
  );
  if (timeoutMs < 1) {
    throw new InputError(`${path}.timeout: must be longer than 0`);
  }
  return {
    timeoutMs,
    maxHeapMb:
      optionalPositiveInteger(isolation, 'maxHeapMb', path) ??
      DEFAULT_ISOLATION_MAX_HEAP_MB,
  };
}

function readResync(port: Config): PortSyncConfig['resync'] {
  const config = port.getOptionalConfig('resync.schedule');
  if (!config) return { timeout: DEFAULT_RESYNC_TIMEOUT };
  const path = 'port.resync.schedule';
  // Checked here first so that a bad value names its full path; Backstage's reader names only the last key.
  const frequency = config.getOptional('frequency');
  const cronOrManual =
    typeof frequency === 'object' &&
    frequency !== null &&
    ('cron' in frequency || 'trigger' in frequency);
  if (!cronOrManual) readDuration(config, 'frequency', path);
  readDuration(config, 'timeout', path);
  readDuration(config, 'initialDelay', path);
  let schedule: SchedulerServiceTaskScheduleDefinition;
  try {
    schedule = readSchedulerServiceTaskScheduleDefinitionFromConfig(config);
  } catch (error) {
    throw new InputError(`${path}: ${(error as Error).message}`);
  }
  return { schedule, timeout: schedule.timeout ?? DEFAULT_RESYNC_TIMEOUT };
}

/** Config type errors name the key but not that it is ours; keep their text, start with the path. */
function named<T>(read: () => T): T {
  try {
    return read();
  } catch (error) {
    if (error instanceof InputError) throw error;
    throw new InputError((error as Error).message);
  }
}

/**
 * Checks that every key under `port` is known and returns `port.mapping`, for callers that need the mapping and
 * not the connection (the CLI's `map` and `blueprints`).
 *
 * @public
 */
export function readPortMappingConfig(config: Config): PortMappingConfig {
  return named(() => {
    const port = config.getOptionalConfig('port');
    checkPortKeys(port?.get() ?? {});
    return readMapping(port);
  });
}

/**
 * Reads and validates the `port` block of app-config. Every key must be known; every error is an `InputError`
 * that starts with the full config path at fault (`port.changeScan.frequency: ...`).
 *
 * @public
 */
export function readPortConfig(
  config: Config,
  options: ReadPortConfigOptions = {},
): PortSyncConfig {
  return named(() => readChecked(config, options));
}

function readChecked(
  config: Config,
  options: ReadPortConfigOptions,
): PortSyncConfig {
  const port = config.getConfig('port');
  checkPortKeys(port.get());
  const integration = port.getOptionalConfig('integration');
  const changeScan = port.getOptionalConfig('changeScan');
  const changes = port.getOptionalConfig('changes');
  const client = port.getOptionalConfig('client');
  const resyncRequests = port.getOptionalConfig('resyncRequests');
  const clientTimeout = readDuration(client, 'timeout', 'port.client');
  const retryDelay = readDuration(changes, 'retryDelay', 'port.changes');

  return {
    baseUrl: readHttpUrl(port, 'baseUrl', DEFAULT_BASE_URL),
    appUrl: readHttpUrl(port, 'appUrl', DEFAULT_APP_URL),
    clientId: port.getString('clientId'),
    clientSecret: port.getString('clientSecret'),
    userAgent: port.getOptionalString('userAgent'),
    integration: {
      identifier:
        integration?.getOptionalString('identifier') ??
        DEFAULT_INTEGRATION_IDENTIFIER,
      type: integration?.getOptionalString('type') ?? DEFAULT_INTEGRATION_TYPE,
    },
    initializePortResources:
      port.getOptionalBoolean('initializePortResources') ?? true,
    sendRawDataExamples:
      port.getOptionalBoolean('sendRawDataExamples') ??
      options.sendRawDataExamplesByDefault ??
      true,
    maxDeletionsPerRun: optionalPositiveInteger(
      port,
      'maxDeletionsPerRun',
      'port',
    ),
    resync: readResync(port),
    changeScan: {
      frequency: readDuration(
        changeScan,
        'frequency',
        'port.changeScan',
        DEFAULT_CHANGE_SCAN_FREQUENCY,
      ),
      timeout: readDuration(
        changeScan,
        'timeout',
        'port.changeScan',
        DEFAULT_CHANGE_SCAN_TIMEOUT,
      ),
    },
    changes: {
      frequency: readDuration(
        changes,
        'frequency',
        'port.changes',
        DEFAULT_CHANGES_FREQUENCY,
      ),
      timeout: DEFAULT_CHANGES_TIMEOUT,
      hintDelayMs: durationToMilliseconds(
        readDuration(changes, 'hintDelay', 'port.changes', DEFAULT_HINT_DELAY),
      ),
      maxAttempts:
        optionalPositiveInteger(changes, 'maxAttempts', 'port.changes') ??
        DEFAULT_MAX_ATTEMPTS,
      retryDelayMs: retryDelay && durationToMilliseconds(retryDelay),
    },
    client: {
      timeoutMs: clientTimeout && durationToMilliseconds(clientTimeout),
      concurrency: optionalPositiveInteger(
        client,
        'concurrency',
        'port.client',
      ),
      maxRetries: optionalCount(client, 'maxRetries', 'port.client'),
    },
    mapping: readMapping(port),
    resyncRequests: {
      pollInterval: readDuration(
        resyncRequests,
        'pollInterval',
        'port.resyncRequests',
        DEFAULT_PORT_POLL_INTERVAL,
      ),
    },
  };
}
