import { parseWaitHeader } from './retryDelay';

/** @public */
export interface RateLimitOptions {
  /** A fixed cap on request starts per second. Default: none. */
  maxRequestsPerSecond?: number;
  /** Pace requests by Port's `x-ratelimit-*` response headers. Default true. */
  adaptive?: boolean;
  /**
   * Once less than this share of the window's limit remains, the remaining requests are spread
   * evenly over the time left in the window. Default 0.5.
   */
  slowDownBelow?: number;
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

  /** Waits until the next request may start. */
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
  }

  /** Holds every request back until `untilMs`, e.g. for a 429's `Retry-After`. */
  pauseUntil(untilMs: number): void {
    this.pausedUntilMs = Math.max(this.pausedUntilMs, untilMs);
  }

  /** Learns the window from a response's headers. */
  observe(headers: Headers): void {
    if (!this.adaptive) return;
    const limit = Number(headers.get('x-ratelimit-limit'));
    const remainingHeader = headers.get('x-ratelimit-remaining');
    const now = this.now();
    const resetInMs = parseWaitHeader(headers.get('x-ratelimit-reset'), now);
    if (!(limit > 0) || remainingHeader === null || resetInMs === undefined)
      return;
    const remaining = Number(remainingHeader);
    if (!Number.isFinite(remaining)) return;

    const resetAtMs = now + resetInMs;
    const current = this.currentWindow(now);
    // A reset given in whole seconds drifts by up to a second between responses of one window.
    if (current && resetAtMs <= current.resetAtMs + 1000) {
      current.remaining = Math.min(current.remaining, remaining);
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
