/** Port's answer to `POST /v1/auth/access_token` (port-api-notes §1.2). */
export interface AccessTokenResponse {
  accessToken: string;
  /** Seconds. */
  expiresIn: number;
  tokenType?: string;
}

interface CachedToken {
  accessToken: string;
  authorization: string;
  refreshAtMs: number;
}

/**
 * A token is replaced this long before `expiresIn` runs out: a tenth of its lifetime, at most
 * a minute, so a request that starts with the old token still finishes with it.
 */
const MAX_REFRESH_MARGIN_MS = 60_000;

/**
 * Holds one access token for all callers. Concurrent callers share one fetch; the token is
 * reused until shortly before `expiresIn` runs out (Ocean refetches lazily once
 * `retrieved + expiresIn <= now`; the margin here avoids sending a token that expires in flight).
 */
export class AccessTokenCache {
  private cached: CachedToken | undefined;
  private pending: Promise<CachedToken> | undefined;

  constructor(
    private readonly fetchToken: () => Promise<AccessTokenResponse>,
    private readonly now: () => number,
  ) {}

  /** The `Authorization` header value and the token in it. */
  async get(
    signal?: AbortSignal,
  ): Promise<{ accessToken: string; authorization: string }> {
    signal?.throwIfAborted();
    if (this.cached && this.now() < this.cached.refreshAtMs) return this.cached;
    if (!this.pending) {
      // The shared fetch ignores any one caller's signal, so one caller giving up does not
      // fail the others; each caller stops waiting on its own signal instead.
      this.pending = this.fetchToken()
        .then(response => this.store(response))
        .finally(() => {
          this.pending = undefined;
        });
    }
    return signal ? abortable(this.pending, signal) : this.pending;
  }

  /** Forgets `accessToken` if it is still the cached one; a newer token is kept. */
  invalidate(accessToken: string): void {
    if (this.cached?.accessToken === accessToken) this.cached = undefined;
  }

  private store(response: AccessTokenResponse): CachedToken {
    // Port hands out the same token until it expires, so `expiresIn` may be
    // what is left of an older one; the JWT's `exp` says when it really ends.
    const exp = expiryOf(response.accessToken);
    const lifetimeMs = Math.max(
      0,
      exp === undefined ? response.expiresIn * 1000 : exp * 1000 - this.now(),
    );
    const margin = Math.min(MAX_REFRESH_MARGIN_MS, lifetimeMs / 10);
    this.cached = {
      accessToken: response.accessToken,
      authorization: `${response.tokenType ?? 'Bearer'} ${
        response.accessToken
      }`,
      refreshAtMs: this.now() + lifetimeMs - margin,
    };
    return this.cached;
  }
}

/** The `exp` claim (seconds) of a JWT, or undefined when the token is not one. */
function expiryOf(accessToken: string): number | undefined {
  const payload = accessToken.split('.')[1];
  if (!payload) return undefined;
  try {
    const { exp } = JSON.parse(Buffer.from(payload, 'base64url').toString());
    return typeof exp === 'number' ? exp : undefined;
  } catch {
    return undefined;
  }
}

function abortable<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    if (signal.aborted) {
      onAbort();
      return;
    }
    signal.addEventListener('abort', onAbort, { once: true });
    promise
      .then(resolve, reject)
      .finally(() => signal.removeEventListener('abort', onAbort));
  });
}
