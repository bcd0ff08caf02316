import {
  readSchedulerServiceTaskScheduleDefinitionFromConfig,
  SchedulerServiceTaskScheduleDefinition,
} from '@backstage/backend-plugin-api';
import { Config, readDurationFromConfig } from '@backstage/config';
import { InputError } from '@backstage/errors';
import {
  durationToMilliseconds,
  HumanDuration,
  JsonObject,
} from '@backstage/types';

/** Port's EU API; `https://api.us.getport.io` for the US region. */
export const DEFAULT_BASE_URL = 'https://api.getport.io';
export const DEFAULT_INTEGRATION_IDENTIFIER = 'backstage';
export const DEFAULT_INTEGRATION_TYPE = 'backstage';
export const DEFAULT_CHANGE_SCAN_FREQUENCY: HumanDuration = { seconds: 30 };
export const DEFAULT_CHANGE_SCAN_TIMEOUT: HumanDuration = { minutes: 5 };
export const DEFAULT_CHANGES_FREQUENCY: HumanDuration = { seconds: 10 };
export const DEFAULT_CHANGES_TIMEOUT: HumanDuration = { minutes: 10 };
export const DEFAULT_RESYNC_TIMEOUT: HumanDuration = { minutes: 30 };
export const DEFAULT_HINT_DELAY: HumanDuration = { seconds: 2 };
export const DEFAULT_MAX_ATTEMPTS = 10;
/** Ocean's event listener polls Port every 60 s. */
export const DEFAULT_PORT_POLL_INTERVAL: HumanDuration = { seconds: 60 };

/** Keys of `port.mapping` that are portsync's own settings, not Port's mapping format. */
const MAPPING_SETTINGS = ['source', 'pollInterval', 'preset'] as const;

export interface PortSyncConfig {
  baseUrl: string;
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
  };
  client: { timeoutMs?: number; concurrency?: number; maxRetries?: number };
  mapping: {
    source: 'app-config' | 'port';
    pollInterval: HumanDuration;
    preset?: 'default' | 'ocean-compatible';
    /**
     * Port's mapping format as written under `port.mapping`, without portsync's own keys. Without `resources`,
     * its root flags apply to the preset (or the default mapping).
     */
    definition?: JsonObject;
  };
  resyncRequests: { pollInterval: HumanDuration };
}

function optionalDuration(
  config: Config,
  key: string,
  fallback: HumanDuration,
): HumanDuration {
  return config.has(key) ? readDurationFromConfig(config, { key }) : fallback;
}

function optionalPositiveInteger(
  config: Config,
  key: string,
  path: string,
): number | undefined {
  const value = config.getOptionalNumber(key);
  if (value !== undefined && (!Number.isInteger(value) || value < 1)) {
    throw new InputError(`${path}: must be a positive integer, got ${value}`);
  }
  return value;
}

function readBaseUrl(port: Config): string {
  const baseUrl = port.getOptionalString('baseUrl') ?? DEFAULT_BASE_URL;
  let url: URL;
  try {
    url = new URL(baseUrl);
  } catch {
    throw new InputError(`port.baseUrl: not a URL: '${baseUrl}'`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new InputError(
      `port.baseUrl: must be an http or https URL, got '${baseUrl}'`,
    );
  }
  return baseUrl.replace(/\/+$/, '');
}

function readMapping(port: Config): PortSyncConfig['mapping'] {
  const mapping = port.getOptionalConfig('mapping');
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
    pollInterval: mapping
      ? optionalDuration(mapping, 'pollInterval', DEFAULT_PORT_POLL_INTERVAL)
      : DEFAULT_PORT_POLL_INTERVAL,
    preset,
    definition: Object.keys(definition).length > 0 ? definition : undefined,
  };
}

function readResync(port: Config): PortSyncConfig['resync'] {
  const schedule = port.has('resync.schedule')
    ? readSchedulerServiceTaskScheduleDefinitionFromConfig(
        port.getConfig('resync.schedule'),
      )
    : undefined;
  return { schedule, timeout: schedule?.timeout ?? DEFAULT_RESYNC_TIMEOUT };
}

/**
 * Reads and validates the `port` block of app-config. Every error starts with
 * the config key at fault.
 */
export function readPortConfig(config: Config): PortSyncConfig {
  const port = config.getConfig('port');
  const integration = port.getOptionalConfig('integration');
  const changeScan = port.getOptionalConfig('changeScan');
  const changes = port.getOptionalConfig('changes');
  const client = port.getOptionalConfig('client');
  const resyncRequests = port.getOptionalConfig('resyncRequests');

  return {
    baseUrl: readBaseUrl(port),
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
    sendRawDataExamples: port.getOptionalBoolean('sendRawDataExamples') ?? true,
    maxDeletionsPerRun: optionalPositiveInteger(
      port,
      'maxDeletionsPerRun',
      'port.maxDeletionsPerRun',
    ),
    resync: readResync(port),
    changeScan: {
      frequency: changeScan
        ? optionalDuration(
            changeScan,
            'frequency',
            DEFAULT_CHANGE_SCAN_FREQUENCY,
          )
        : DEFAULT_CHANGE_SCAN_FREQUENCY,
      timeout: changeScan
        ? optionalDuration(changeScan, 'timeout', DEFAULT_CHANGE_SCAN_TIMEOUT)
        : DEFAULT_CHANGE_SCAN_TIMEOUT,
    },
    changes: {
      frequency: changes
        ? optionalDuration(changes, 'frequency', DEFAULT_CHANGES_FREQUENCY)
        : DEFAULT_CHANGES_FREQUENCY,
      timeout: DEFAULT_CHANGES_TIMEOUT,
      hintDelayMs: durationToMilliseconds(
        changes
          ? optionalDuration(changes, 'hintDelay', DEFAULT_HINT_DELAY)
          : DEFAULT_HINT_DELAY,
      ),
      maxAttempts:
        (changes &&
          optionalPositiveInteger(
            changes,
            'maxAttempts',
            'port.changes.maxAttempts',
          )) ??
        DEFAULT_MAX_ATTEMPTS,
    },
    client: {
      timeoutMs: client?.has('timeout')
        ? durationToMilliseconds(
            readDurationFromConfig(client, { key: 'timeout' }),
          )
        : undefined,
      concurrency:
        client &&
        optionalPositiveInteger(
          client,
          'concurrency',
          'port.client.concurrency',
        ),
      maxRetries: client?.getOptionalNumber('maxRetries'),
    },
    mapping: readMapping(port),
    resyncRequests: {
      pollInterval: resyncRequests
        ? optionalDuration(
            resyncRequests,
            'pollInterval',
            DEFAULT_PORT_POLL_INTERVAL,
          )
        : DEFAULT_PORT_POLL_INTERVAL,
    },
  };
}
