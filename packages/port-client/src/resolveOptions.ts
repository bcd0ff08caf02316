import { RateLimitOptions } from './RateLimiter';
import { PortClientLogger } from './types';
import { version } from '../package.json';

/** @public */
export interface PortClientOptions {
  /** e.g. `https://api.getport.io` (EU) or `https://api.us.getport.io` (US). */
  baseUrl: string;
  clientId: string;
  clientSecret: string;
  /** Overrides the whole User-Agent header. */
  userAgent?: string;
  /** Used in the default User-Agent, from which Port appears to stamp `$datasource`. Default `portsync`. */
  integrationIdentifier?: string;
  /** Per attempt, until the whole response body has arrived. Default 60 000 (Ocean). */
  timeoutMs?: number;
  /** Retries after the first attempt. Default 10 (Ocean). */
  maxRetries?: number;
  /** First backoff step; doubles each retry. Default 300 (Ocean). */
  baseDelayMs?: number;
  /** Cap on any single wait, Port-requested or computed. Default 300 000 (Ocean). */
  maxBackoffMs?: number;
  /** Requests in flight at once, across all callers. Default 16. */
  concurrency?: number;
  rateLimit?: RateLimitOptions;
  /** Entities per bulk upsert request. Default 20, Port's maximum. */
  bulkMaxEntities?: number;
  /** Serialised bytes per bulk upsert body. Default 1 MiB, Port's body limit. */
  bulkMaxBytes?: number;
  /** Identifiers per bulk delete request. Default 100, Port's maximum. */
  bulkDeleteMaxEntities?: number;
  logger?: PortClientLogger;
  fetch?: typeof fetch;
  /** For tests: replaces waiting between retries and for the rate limiter. */
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  /** For tests: a source of numbers in [0, 1) for jitter. */
  random?: () => number;
  /** For tests: the clock, in epoch milliseconds. */
  now?: () => number;
}

export type ResolvedOptions = Required<
  Omit<PortClientOptions, 'rateLimit' | 'integrationIdentifier'>
> & {
  rateLimit: Required<RateLimitOptions>;
};

const noop = () => {};
const silentLogger: PortClientLogger = {
  debug: noop,
  info: noop,
  warn: noop,
  error: noop,
};

/** The client's version, as sent in the default User-Agent. */
export const CLIENT_VERSION: string = version;

/** Every default lives here, so the rest of the client never checks for `undefined`. */
export function resolveOptions(options: PortClientOptions): ResolvedOptions {
  if (!options.baseUrl) throw new TypeError('PortClient: baseUrl is required');
  if (!options.clientId || !options.clientSecret) {
    throw new TypeError('PortClient: clientId and clientSecret are required');
  }
  const identifier = options.integrationIdentifier ?? 'portsync';
  return {
    baseUrl: options.baseUrl.replace(/\/+$/, ''),
    clientId: options.clientId,
    clientSecret: options.clientSecret,
    userAgent:
      options.userAgent ??
      `port-ocean/backstage/${CLIENT_VERSION}/${identifier}/exporter`,
    timeoutMs: positive(options.timeoutMs, 60_000, 'timeoutMs'),
    maxRetries: nonNegative(options.maxRetries, 10, 'maxRetries'),
    baseDelayMs: nonNegative(options.baseDelayMs, 300, 'baseDelayMs'),
    maxBackoffMs: nonNegative(options.maxBackoffMs, 300_000, 'maxBackoffMs'),
    concurrency: positive(options.concurrency, 16, 'concurrency'),
    rateLimit: {
      maxRequestsPerSecond: nonNegative(
        options.rateLimit?.maxRequestsPerSecond,
        0,
        'rateLimit.maxRequestsPerSecond',
      ),
      adaptive: options.rateLimit?.adaptive ?? true,
      slowDownBelow: nonNegative(
        options.rateLimit?.slowDownBelow,
        0.5,
        'rateLimit.slowDownBelow',
      ),
    },
    bulkMaxEntities: positive(options.bulkMaxEntities, 20, 'bulkMaxEntities'),
    bulkMaxBytes: positive(options.bulkMaxBytes, 1024 * 1024, 'bulkMaxBytes'),
    bulkDeleteMaxEntities: positive(
      options.bulkDeleteMaxEntities,
      100,
      'bulkDeleteMaxEntities',
    ),
    logger: options.logger ?? silentLogger,
    fetch: options.fetch ?? globalThis.fetch,
    sleep: options.sleep ?? sleep,
    random: options.random ?? Math.random,
    now: options.now ?? Date.now,
  };
}

function positive(
  value: number | undefined,
  fallback: number,
  name: string,
): number {
  if (value === undefined) return fallback;
  if (!(value > 0))
    throw new TypeError(`PortClient: ${name} must be a positive number`);
  return value;
}

function nonNegative(
  value: number | undefined,
  fallback: number,
  name: string,
): number {
  if (value === undefined) return fallback;
  if (!(value >= 0))
    throw new TypeError(`PortClient: ${name} must be zero or more`);
  return value;
}

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(signal.reason);
      return;
    }
    let timer: ReturnType<typeof setTimeout> | undefined = undefined;
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
