import { RequestLogEntry } from '../types';

/** Entries kept; past this the oldest go, so a long-running sandbox stays bounded. */
export const MAX_LOGGED_REQUESTS = 100000;

export class RequestLog {
  private entries: RequestLogEntry[] = [];
  private inFlight = 0;
  private waiters: Array<() => void> = [];

  /** A request arrived; it is in flight until `add` logs it. */
  begin(): void {
    this.inFlight += 1;
  }

  add(entry: RequestLogEntry): void {
    this.entries.push(entry);
    if (this.entries.length > MAX_LOGGED_REQUESTS) {
      this.entries = this.entries.slice(-MAX_LOGGED_REQUESTS / 2);
    }
    this.inFlight -= 1;
    if (this.inFlight === 0) {
      const waiters = this.waiters;
      this.waiters = [];
      for (const resolve of waiters) resolve();
    }
  }

  /** Resolves when no request is in flight. */
  settled(): Promise<void> {
    if (this.inFlight === 0) return Promise.resolve();
    return new Promise(resolve => this.waiters.push(resolve));
  }

  list(): RequestLogEntry[] {
    return [...this.entries];
  }

  clear(): void {
    this.entries = [];
  }

  /** Counts by status code, for `/_sandbox/requests` and the web view. */
  countsByStatus(): Record<string, number> {
    const counts: Record<string, number> = {};
    for (const entry of this.entries) {
      counts[entry.status] = (counts[entry.status] ?? 0) + 1;
    }
    return counts;
  }
}
