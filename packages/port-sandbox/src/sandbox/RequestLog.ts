import { RequestLogEntry } from '../types';

/** Entries kept; past this the oldest go, so a long-running sandbox stays bounded. */
export const MAX_LOGGED_REQUESTS = 100000;

export class RequestLog {
  private entries: RequestLogEntry[] = [];

  add(entry: RequestLogEntry): void {
    this.entries.push(entry);
    if (this.entries.length > MAX_LOGGED_REQUESTS) {
      this.entries = this.entries.slice(-MAX_LOGGED_REQUESTS / 2);
    }
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
