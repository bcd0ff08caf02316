import { backoffDelayMs } from '@portsync/port-client';

const FIRST_RETRY_MS = 5_000;
const MAX_RETRY_MS = 60 * 60 * 1000;

/** Default wait before the next attempt of a queue item that failed `attempts` times: 5 s doubling, at most an hour. */
export function defaultBackoff(attempts: number): number {
  return backoffDelayMs({
    attempt: attempts,
    baseMs: FIRST_RETRY_MS,
    maxMs: MAX_RETRY_MS,
  });
}
