/**
 * Above this a bare number in a wait header is an epoch timestamp in seconds, not a delay
 * (Ocean's rule, port-api-notes §3; Port's docs disagree on which one `x-ratelimit-reset` is).
 */
const EPOCH_THRESHOLD_SECONDS = 10_000;

/**
 * Milliseconds from `nowMs` that a `Retry-After` or `x-ratelimit-reset` value asks for:
 * a number of seconds, an epoch timestamp in seconds, or a date (ISO-8601 or HTTP-date).
 * Undefined when the value is missing or unreadable.
 * @public
 */
export function parseWaitHeader(
  value: string | null | undefined,
  nowMs: number,
): number | undefined {
  if (value === null || value === undefined || value.trim() === '')
    return undefined;
  const text = value.trim();
  if (/^\d+(\.\d+)?$/.test(text)) {
    const seconds = Number(text);
    const ms =
      seconds > EPOCH_THRESHOLD_SECONDS
        ? seconds * 1000 - nowMs
        : seconds * 1000;
    return Math.max(0, ms);
  }
  const date = Date.parse(text);
  return Number.isNaN(date) ? undefined : Math.max(0, date - nowMs);
}

/** @public */
export interface RetryDelayInput {
  /** 1 for the first retry. */
  retryNumber: number;
  status?: number;
  headers?: Headers;
  nowMs: number;
  /** A number in [0, 1). */
  random: number;
  baseDelayMs: number;
  maxBackoffMs: number;
}

/**
 * How long to wait before a retry. Port's own wait wins: `Retry-After` on any response,
 * `x-ratelimit-reset` only on a 429 (every Port response carries it, and a 502 is no reason
 * to wait for the rate-limit window). Otherwise Ocean's exponential backoff,
 * `base × 2^(n-1)` ± 10 % jitter. Both are capped at `maxBackoffMs` (Ocean: 300 s, ocean PR #1155).
 * @public
 */
export function retryDelayMs(input: RetryDelayInput): number {
  const fromServer =
    parseWaitHeader(input.headers?.get('retry-after'), input.nowMs) ??
    (input.status === 429
      ? parseWaitHeader(input.headers?.get('x-ratelimit-reset'), input.nowMs)
      : undefined);
  if (fromServer !== undefined) return Math.min(fromServer, input.maxBackoffMs);

  return backoffDelayMs({
    attempt: input.retryNumber,
    baseMs: input.baseDelayMs,
    maxMs: input.maxBackoffMs,
    random: input.random,
  });
}

/**
 * The one backoff formula of portsync (client retries, the sync queue, the plugin's
 * connection): `baseMs × 2^(attempt-1)` ± `jitter` (default 10 %, Ocean's), capped at `maxMs`.
 * `random` in [0, 1) places the jitter; 0.5 (the default) means none.
 * @public
 */
export function backoffDelayMs(input: {
  /** 1 for the first retry. */
  attempt: number;
  baseMs: number;
  maxMs: number;
  random?: number;
  jitter?: number;
}): number {
  const exponential = input.baseMs * 2 ** Math.max(0, input.attempt - 1);
  const jitter = 1 + ((input.random ?? 0.5) * 2 - 1) * (input.jitter ?? 0.1);
  return Math.min(Math.round(exponential * jitter), input.maxMs);
}
