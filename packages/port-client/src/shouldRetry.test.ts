import { AttemptOutcome, isIdempotent, shouldRetry } from './shouldRetry';

const base: AttemptOutcome = {
  attempt: 1,
  maxRetries: 10,
  idempotent: true,
  tokenRequest: false,
  tokenRefreshed: false,
};

describe('shouldRetry', () => {
  it('never retries a request the caller aborted', () => {
    expect(shouldRetry({ ...base, failure: 'aborted' }).retry).toBe(false);
  });

  it('does not retry a success', () => {
    expect(shouldRetry({ ...base, status: 200 }).retry).toBe(false);
    expect(shouldRetry({ ...base, status: 207 }).retry).toBe(false);
  });

  it('refreshes the token once on a 401, even for a non-idempotent request', () => {
    expect(shouldRetry({ ...base, status: 401, idempotent: false })).toEqual({
      retry: true,
      refreshToken: true,
      reason: expect.any(String),
    });
  });

  it('does not refresh twice in one call', () => {
    expect(
      shouldRetry({ ...base, status: 401, tokenRefreshed: true }).retry,
    ).toBe(false);
  });

  it('does not retry a 401 from the token request itself: the credentials are wrong', () => {
    expect(
      shouldRetry({ ...base, status: 401, tokenRequest: true }).retry,
    ).toBe(false);
  });

  it('stops once the retry budget is spent', () => {
    expect(shouldRetry({ ...base, status: 503, attempt: 10 }).retry).toBe(true);
    expect(shouldRetry({ ...base, status: 503, attempt: 11 }).retry).toBe(
      false,
    );
    expect(shouldRetry({ ...base, status: 503, maxRetries: 0 }).retry).toBe(
      false,
    );
  });

  it.each([429, 503])(
    'repeats even a non-idempotent request after a refusal (%i)',
    status => {
      expect(shouldRetry({ ...base, status, idempotent: false }).retry).toBe(
        true,
      );
    },
  );

  it('stops repeating a refused non-idempotent request once the budget is spent', () => {
    expect(
      shouldRetry({ ...base, status: 429, idempotent: false, attempt: 11 })
        .retry,
    ).toBe(false);
  });

  it.each([500, 502, 504, 408])(
    'never repeats a non-idempotent request after %i',
    status => {
      expect(shouldRetry({ ...base, status, idempotent: false }).retry).toBe(
        false,
      );
    },
  );

  it.each(['network', 'timeout'] as const)(
    'never repeats a non-idempotent request after a %s failure',
    failure => {
      expect(shouldRetry({ ...base, failure, idempotent: false }).retry).toBe(
        false,
      );
    },
  );

  it('retries an idempotent request after a network failure', () => {
    expect(shouldRetry({ ...base, failure: 'network' }).retry).toBe(true);
  });

  it('retries an idempotent request after a timeout', () => {
    expect(shouldRetry({ ...base, failure: 'timeout' }).retry).toBe(true);
  });

  it.each([408, 429, 500, 502, 503, 504])(
    'retries an idempotent request after %i',
    status => {
      expect(shouldRetry({ ...base, status }).retry).toBe(true);
    },
  );

  it.each([400, 403, 404, 409, 413, 422, 501, 505])(
    'does not retry %i',
    status => {
      expect(shouldRetry({ ...base, status }).retry).toBe(false);
    },
  );
});

describe('isIdempotent', () => {
  it.each(['GET', 'PUT', 'DELETE', 'get'])(
    'treats %s as idempotent',
    method => {
      expect(isIdempotent(method)).toBe(true);
    },
  );

  it.each(['POST', 'PATCH'])(
    'treats %s as idempotent only when marked',
    method => {
      expect(isIdempotent(method)).toBe(false);
      expect(isIdempotent(method, true)).toBe(true);
    },
  );
});
