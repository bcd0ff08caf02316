import { backoffDelayMs } from '@portsync/port-client';

const FIRST_RETRY_MS = 5_000;
const MAX_RETRY_MS = 60 * 60 * 1000;

/**
 * The wait before the next attempt of a queue item that failed `attempts` times: `firstRetryMs` (default 5 s)
 * doubling, at most an hour. For the engine's `backoff` option.
 * @public
 */
export function queueBackoff(
  firstRetryMs: number = FIRST_RETRY_MS,
): (attempts: number) => number {
  return attempts =>
    backoffDelayMs({
      attempt: attempts,
      baseMs: firstRetryMs,
      maxMs: MAX_RETRY_MS,
    });
}
