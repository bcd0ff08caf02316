import { parseWaitHeader } from './retryDelay';

/** @public */
export interface RateLimitOptions {
  /** A fixed cap on request starts per second, per rate-limit group. Default: none. */
  maxRequestsPerSecond?: number;
  /** Pace requests by Port's `x-ratelimit-*` response headers. Default true. */
  adaptive?: boolean;
  /**
   * Once less than this share of the window's limit remains, the remaining requests are spread
   * evenly over the time left in the window. Default 0.5.
   */
  slowDownBelow?: number;
}

/**
 * Port counts the entity API and everything else against separate budgets, and
 * unauthenticated requests against a third (historical limits in port-api-notes §3), so each
 * group keeps its own window: one group's headers say nothing about another's.
 * @public
 */
export type RateLimitGroup = 'entity' | 'other' | 'auth';

const ENTITY_API =
  /^\/v1\/(blueprints\/[^/]+\/(entities|all-entities|bulk)(\/|$)|blueprints\/entities\/|entities\/)/;

/** The rate-limit group of a request path (without the query). @public */
export function rateLimitGroupOf(path: string): RateLimitGroup {
  if (path === '/v1/auth/access_token') return 'auth';
  return ENTITY_API.test(path) ? 'entity' : 'other';
}

interface Window {
  limit: number;
  remaining: number;
  resetAtMs: number;
}

/**
 * Port sends `x-ratelimit-limit`, `x-ratelimit-remaining` and `x-ratelimit-reset` on every
 * response (docs `api-reference/rate-limits.mdx`, port-api-notes §3). Spreading the rest of a
 * window's budget over the time left finishes the window as early as bursting would, but
 * without the 429 storm that bursting ends in; a 429's wait pauses every request, not only
 * the one that got it.
 */
export class RateLimiter {
  private nextStartMs = 0;
  private pausedUntilMs = 0;
  private window: Window | undefined;
  private inFlight = 0;
  private readonly minIntervalMs: number;
  private readonly adaptive: boolean;
  private readonly slowDownBelow: number;

  constructor(
    options: Required<RateLimitOptions>,
    private readonly now: () => number,
    private readonly sleep: (ms: number, signal?: AbortSignal) => Promise<void>,
  ) {
    this.minIntervalMs =
      options.maxRequestsPerSecond > 0
        ? 1000 / options.maxRequestsPerSecond
        : 0;
    this.adaptive = options.adaptive;
    this.slowDownBelow = options.slowDownBelow;
  }

  /** Waits until the next request may start; pair with `release` once it has ended. */
  async acquire(signal?: AbortSignal): Promise<void> {
    const now = this.now();
    const window = this.currentWindow(now);
    let start = Math.max(now, this.nextStartMs);
    let interval = this.minIntervalMs;
    if (window) {
      if (window.remaining <= 0) {
        start = Math.max(start, window.resetAtMs);
      } else if (window.remaining < window.limit * this.slowDownBelow) {
        interval = Math.max(
          interval,
          (window.resetAtMs - start) / window.remaining,
        );
      }
      window.remaining -= 1;
    }
    this.nextStartMs = start + interval;
    if (start > now) await this.sleep(start - now, signal);
    for (let t = this.now(); t < this.pausedUntilMs; t = this.now()) {
      await this.sleep(this.pausedUntilMs - t, signal);
    }
    this.inFlight += 1;
  }

  /** Ends a request that `acquire` let through, learning the window from its response. */
  release(headers?: Headers): void {
    this.inFlight -= 1;
    if (headers) this.observe(headers);
  }

  /** Holds every request back until `untilMs`, e.g. for a 429's `Retry-After`. */
  pauseUntil(untilMs: number): void {
    this.pausedUntilMs = Math.max(this.pausedUntilMs, untilMs);
  }

  private observe(headers: Headers): void {
    if (!this.adaptive) return;
    const limit = Number(headers.get('x-ratelimit-limit'));
    const remainingHeader = headers.get('x-ratelimit-remaining');
    const now = this.now();
    const resetInMs = parseWaitHeader(headers.get('x-ratelimit-reset'), now);
    if (!(limit > 0) || remainingHeader === null || resetInMs === undefined)
      return;
    const reported = Number(remainingHeader);
    if (!Number.isFinite(reported)) return;

    // The header does not yet count requests still on the wire; they will use the budget too.
    const remaining = reported - this.inFlight;
    // Arriving after Port computed it, `now + reset` is never earlier than the real reset,
    // so the earliest such time seen for a window is the best estimate of its end.
    const resetAtMs = now + resetInMs;
    const current = this.currentWindow(now);
    // A reset given in whole seconds drifts by up to a second between responses of one window.
    if (current && resetAtMs <= current.resetAtMs + 1000) {
      current.remaining = Math.min(current.remaining, remaining);
      current.resetAtMs = Math.min(current.resetAtMs, resetAtMs);
      current.limit = limit;
    } else {
      this.window = { limit, remaining, resetAtMs };
    }
  }

  private currentWindow(now: number): Window | undefined {
    if (this.window && now >= this.window.resetAtMs) this.window = undefined;
    return this.window;
  }
}
