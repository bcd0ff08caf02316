import { RateLimitOptions } from '../types';

export type RateLimitBucket = 'entity' | 'other';

export interface RateLimitDecision {
  allowed: boolean;
  headers: Record<string, string>;
  retryAfterSeconds: number;
}

/** Port's historical published limits per organisation (port-api-notes §3). */
export const DEFAULT_RATE_LIMITS: Required<RateLimitOptions> = {
  entityRequests: 35000,
  otherRequests: 15000,
  windowSeconds: 300,
};

/**
 * Fixed-window counters per bucket for the sandbox's single organisation. The
 * `x-ratelimit-reset` header carries the seconds until the window ends (the live
 * docs' wording; the repository text says epoch seconds, README: assumed).
 */
export class RateLimiter {
  private readonly limits: Required<RateLimitOptions>;
  private readonly windows = new Map<
    RateLimitBucket,
    { start: number; count: number }
  >();

  constructor(options: RateLimitOptions) {
    this.limits = { ...DEFAULT_RATE_LIMITS, ...options };
  }

  take(bucket: RateLimitBucket, now = Date.now()): RateLimitDecision {
    const windowMs = this.limits.windowSeconds * 1000;
    let window = this.windows.get(bucket);
    if (!window || now - window.start >= windowMs) {
      window = { start: now, count: 0 };
      this.windows.set(bucket, window);
    }
    const limit =
      bucket === 'entity'
        ? this.limits.entityRequests
        : this.limits.otherRequests;
    const allowed = window.count < limit;
    if (allowed) window.count += 1;
    const resetSeconds = Math.max(
      1,
      Math.ceil((window.start + windowMs - now) / 1000),
    );
    return {
      allowed,
      retryAfterSeconds: resetSeconds,
      headers: {
        'x-ratelimit-period': String(this.limits.windowSeconds),
        'x-ratelimit-limit': String(limit),
        'x-ratelimit-remaining': String(Math.max(0, limit - window.count)),
        'x-ratelimit-reset': String(resetSeconds),
      },
    };
  }
}

/** Paths of Port's entity API, which has its own, larger budget. */
export function bucketOf(path: string): RateLimitBucket {
  return /^\/v1\/(blueprints\/[^/]+\/(entities|all-entities|bulk)|entities\/|blueprints\/entities\/)/.test(
    path,
  )
    ? 'entity'
    : 'other';
}
