/** What happened on one attempt, as far as the retry decision cares. @public */
export interface AttemptOutcome {
  /** 1 for the first request of a call. */
  attempt: number;
  maxRetries: number;
  /** Whether repeating the request cannot apply it twice (see `isIdempotent`). */
  idempotent: boolean;
  /** The request was `POST /v1/auth/access_token` itself. */
  tokenRequest: boolean;
  /** A 401 has already led to a token refresh during this call. */
  tokenRefreshed: boolean;
  /** Response status; undefined when no response arrived. */
  status?: number;
  /** Why no response arrived. */
  failure?: 'network' | 'timeout' | 'aborted';
}

/** @public */
export interface RetryDecision {
  retry: boolean;
  /** Drop the cached token before the next attempt. */
  refreshToken?: boolean;
  reason: string;
}

/**
 * Decides whether to send a request again. One rule per branch, in order; the statuses and
 * the idempotency rule follow Ocean's Port client (port-api-notes §3: 408, 429, 5xx, network
 * errors; POST/PATCH only when marked retryable) and Port's error docs (§1.1), except that a
 * refusal (429, 503) is retried whatever the method: the request was never applied.
 * @public
 */
export function shouldRetry(outcome: AttemptOutcome): RetryDecision {
  const { status, failure } = outcome;

  if (failure === 'aborted') {
    return { retry: false, reason: 'the caller aborted the request' };
  }
  if (status !== undefined && status < 400) {
    return { retry: false, reason: 'the request succeeded' };
  }
  if (status === 401 && !outcome.tokenRequest && !outcome.tokenRefreshed) {
    // Port rejects an expired or revoked token before doing anything, so even an unsafe
    // request can be sent again once with a fresh token (Ocean's TokenRetryTransport).
    return {
      retry: true,
      refreshToken: true,
      reason: 'the token was rejected; refreshing it once',
    };
  }
  if (outcome.attempt > outcome.maxRetries) {
    return { retry: false, reason: 'the retry budget is spent' };
  }
  if (status === 429 || status === 503) {
    // Refused, not failed: a rate limit is enforced before Port does anything, and a 503 says
    // the server (or the balancer in front of it) would not take the request on. So even a
    // request that is not idempotent can be sent again.
    return {
      retry: true,
      reason:
        status === 429
          ? 'rate limited'
          : 'Port was unavailable and did not take the request',
    };
  }
  if (!outcome.idempotent) {
    return {
      retry: false,
      reason: 'a non-idempotent request may already have been applied',
    };
  }
  if (failure === 'network') {
    return { retry: true, reason: 'the connection failed or was dropped' };
  }
  if (failure === 'timeout') {
    return { retry: true, reason: 'no response within the timeout' };
  }
  if (status === 408) {
    return { retry: true, reason: 'Port timed out waiting for the request' };
  }
  if (
    status !== undefined &&
    status >= 500 &&
    status !== 501 &&
    status !== 505
  ) {
    return { retry: true, reason: 'Port or a proxy in front of it failed' };
  }
  return { retry: false, reason: 'the same request would fail the same way' };
}

const ALWAYS_IDEMPOTENT_METHODS = new Set([
  'GET',
  'HEAD',
  'OPTIONS',
  'PUT',
  'DELETE',
]);

/**
 * GET, PUT and DELETE are idempotent by definition; a POST or PATCH only when its route is
 * marked so by the caller (Ocean marks auth, upserts, bulk upserts, bulk deletes, search
 * and the datasource listing).
 * @public
 */
export function isIdempotent(
  method: string,
  markedIdempotent?: boolean,
): boolean {
  return (
    ALWAYS_IDEMPOTENT_METHODS.has(method.toUpperCase()) ||
    markedIdempotent === true
  );
}
