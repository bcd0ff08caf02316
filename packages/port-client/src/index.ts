/**
 * A typed client for Port's REST API: shared access token, retries that follow Port's and
 * Ocean's rules, a concurrency limit, a client-side rate limiter, bulk upserts and typed errors.
 *
 * @packageDocumentation
 */

export { PortClient } from './PortClient';
export type {
  BulkDeleteResult,
  RequestOptions,
  WriteOptions,
} from './PortClient';
export { PortApiError, classifyStatus } from './PortApiError';
export type { PortApiErrorInit, PortApiErrorKind } from './PortApiError';
export { shouldRetry, isIdempotent } from './shouldRetry';
export type { AttemptOutcome, RetryDecision } from './shouldRetry';
export { backoffDelayMs, retryDelayMs, parseWaitHeader } from './retryDelay';
export type { RetryDelayInput } from './retryDelay';
export { planBatches } from './planBatches';
export type { BatchPlan } from './planBatches';
export type { PortClientOptions } from './resolveOptions';
export { rateLimitGroupOf } from './RateLimiter';
export type { RateLimitGroup, RateLimitOptions } from './RateLimiter';
export type { PortClientStats } from './RequestSender';
export type * from './types';
