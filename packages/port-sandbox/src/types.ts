import type { ContractViolation } from './spec/ContractLog';

/**
 * Public option and result types of the sandbox.
 *
 * @public
 */

/** Port's historical per-organisation limits (port-docs until Nov 2025): entity API 35,000 and other routes 15,000 per 5 minutes. */
export interface RateLimitOptions {
  entityRequests?: number;
  otherRequests?: number;
  windowSeconds?: number;
}

/** @public */
export interface SandboxOptions {
  /** Port to listen on; 0 picks a free port. */
  port?: number;
  host?: string;
  clientId?: string;
  clientSecret?: string;
  /** `expiresIn` of issued access tokens, in seconds. */
  tokenTtlSeconds?: number;
  /** `false` disables rate limiting; `true` or an object enables it with the historical limits as defaults. */
  rateLimit?: boolean | RateLimitOptions;
  faults?: FaultConfig;
  /** When set, blueprints, entities and integrations persist to SQLite under this directory. */
  dataDir?: string;
  /** Receives one line per served request and internal errors; never tokens or secrets. */
  logger?: (line: string) => void;
  /**
   * Record every request that breaks Port's served spec and every response of the
   * sandbox that does (see `violations()` and `takeContractViolations()`).
   * Default: on under Jest (`NODE_ENV=test`), off otherwise.
   */
  contractCheck?: boolean;
  /** The sandbox's time (tokens, timestamps, the rate limiter, the request log); default the wall clock. */
  clock?: SandboxClock;
}

/**
 * A source of time in milliseconds since the epoch; a test passes one it moves
 * itself, e.g. `{ now: () => t }`.
 *
 * @public
 */
export interface SandboxClock {
  now(): number;
}

/** @public */
export type SandboxRole = 'admin' | 'moderator' | 'member';

/** @public */
export interface Sandbox {
  /** Base URL; Port's API routes are at `${url}/v1/...`. */
  url: string;
  clientId: string;
  clientSecret: string;
  close(): Promise<void>;
  /** Every Port API request served (`/v1/...`), in order. */
  requests(): RequestLogEntry[];
  clearRequests(): void;
  setFaults(faults: FaultConfig): void;
  resetFaults(): void;
  /** Invalidates every issued token, so the next call with one gets a 401. */
  expireTokens(): void;
  setRateLimit(rateLimit: SandboxOptions['rateLimit']): void;
  /** Wipes blueprints, entities, integrations and the request log; tokens and faults stay. */
  reset(): void;
  /** Spec violations recorded so far (empty unless `contractCheck`). */
  violations(): ContractViolation[];
  /** Forgets the recorded violations, e.g. after a test that sends a bad request on purpose. */
  clearViolations(): void;
  /**
   * Accepts a new random credential set with `role` (default `member`: Port
   * refuses it `GET /v1/integration/{id}`); the default pair is an admin.
   */
  addCredentials(role?: SandboxRole): {
    clientId: string;
    clientSecret: string;
  };
  /**
   * Resolves once every request the sandbox has received is answered (or
   * dropped) and in `requests()`: a test awaits it instead of sleeping before
   * reading the log.
   */
  settled(): Promise<void>;
}

/** @public */
export interface RequestLogEntry {
  method: string;
  path: string;
  query: Record<string, string | string[]>;
  /** 0 when the connection was dropped without a response. */
  status: number;
  durationMs: number;
  userAgent?: string;
  /** When the request arrived (ISO 8601). */
  at: string;
}

/** @public */
export interface FaultConfig {
  rules: FaultRule[];
}

/** @public */
export interface FaultRule {
  method?: string;
  /** Regular expression source matched against the request path. */
  path?: string;
  status?: 500 | 502 | 503 | 504 | 429;
  /** Probability in 0..1 that a matching request is hit; default 1. */
  rate?: number;
  /** Apply at most this many times. */
  times?: number;
  latencyMs?: number;
  /** Destroy the socket without a response. */
  drop?: boolean;
  /** Sent as `Retry-After` with a 429. */
  retryAfterSeconds?: number;
}
