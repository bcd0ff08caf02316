import { randomUUID } from 'crypto';
import type {
  ClaimedItem,
  EnqueueItem,
  QueueItem,
  QueueStats,
  WorkQueue,
} from '../WorkQueue';
import { newQueueItem } from '../WorkQueue';
import { compare } from './order';

/** The work queue in memory, for one process; same semantics as the knex queue. @public */
export class MemoryWorkQueue implements WorkQueue {
  private readonly queue = new Map<string, QueueItem>();

  /** Every row, for a snapshot. */
  snapshot(): QueueItem[] {
    return [...this.queue.values()].map(item => ({ ...item }));
  }

  /** Rows from a snapshot; claims of the process that wrote it are void. */
  restore(items: QueueItem[]): void {
    for (const item of items) {
      this.queue.set(item.ref, {
        ...item,
        claimedBy: null,
        claimedUntil: null,
      });
    }
  }

  async enqueue(items: EnqueueItem[], now: number): Promise<void> {
    for (const item of items) {
      const existing = this.queue.get(item.ref);
      if (!existing) {
        this.queue.set(item.ref, newQueueItem(item, now));
        continue;
      }
      const etag = item.etag ?? null;
      const isNewChange =
        existing.op !== item.op || (etag !== null && existing.etag !== etag);
      if (isNewChange) {
        existing.attempts = item.attempts ?? 0;
        existing.nextAttemptAt = item.nextAttemptAt ?? now;
        existing.parked = false;
      }
      existing.op = item.op;
      existing.etag = etag ?? existing.etag;
      existing.seq += 1;
      existing.lastError = item.lastError ?? existing.lastError;
      existing.updatedAt = now;
    }
  }

  async claim(options: {
    limit: number;
    now: number;
    leaseMs: number;
  }): Promise<QueueItem[]> {
    const token = randomUUID();
    const due = [...this.queue.values()]
      .filter(item => isDue(item, options.now))
      .sort(byDueTime)
      .slice(0, options.limit);
    for (const item of due) {
      item.claimedBy = token;
      item.claimedUntil = options.now + options.leaseMs;
    }
    return due.map(item => ({ ...item }));
  }

  async extend(items: ClaimedItem[], until: number): Promise<void> {
    for (const claimed of items) {
      const item = this.queue.get(claimed.ref);
      if (item && item.claimedBy === claimed.claimedBy) {
        item.claimedUntil = until;
      }
    }
  }

  async complete(items: ClaimedItem[]): Promise<void> {
    for (const claimed of items) {
      const item = this.queue.get(claimed.ref);
      if (!item || item.claimedBy !== claimed.claimedBy) continue;
      if (item.seq === claimed.seq) {
        this.queue.delete(claimed.ref);
      } else {
        item.claimedBy = null;
        item.claimedUntil = null;
      }
    }
  }

  async fail(
    claimed: ClaimedItem,
    update: {
      attempts: number;
      nextAttemptAt: number;
      lastError: string;
      parked: boolean;
    },
    now: number,
  ): Promise<void> {
    const item = this.queue.get(claimed.ref);
    if (!item || item.claimedBy !== claimed.claimedBy) return;
    if (item.seq === claimed.seq) {
      item.attempts = update.attempts;
      item.nextAttemptAt = update.nextAttemptAt;
      item.parked = update.parked;
      item.updatedAt = now;
    }
    item.lastError = update.lastError;
    item.claimedBy = null;
    item.claimedUntil = null;
  }

  async release(items: ClaimedItem[]): Promise<void> {
    for (const claimed of items) {
      const item = this.queue.get(claimed.ref);
      if (item && item.claimedBy === claimed.claimedBy) {
        item.claimedBy = null;
        item.claimedUntil = null;
      }
    }
  }

  async retryParked(refs: string[] | undefined, now: number): Promise<number> {
    const wanted = refs ? new Set(refs) : undefined;
    let count = 0;
    for (const item of this.queue.values()) {
      if (!item.parked || (wanted && !wanted.has(item.ref))) continue;
      item.parked = false;
      item.attempts = 0;
      item.nextAttemptAt = now;
      item.updatedAt = now;
      count += 1;
    }
    return count;
  }

  async getItem(ref: string): Promise<QueueItem | undefined> {
    const item = this.queue.get(ref);
    return item && { ...item };
  }

  async queueStats(now: number): Promise<QueueStats> {
    const items = [...this.queue.values()];
    return {
      depth: items.length,
      due: items.filter(item => isDue(item, now)).length,
      parked: items.filter(item => item.parked).length,
      claimed: items.filter(
        item => item.claimedUntil !== null && item.claimedUntil >= now,
      ).length,
    };
  }

  async listQueue(options: {
    parked?: boolean;
    limit: number;
  }): Promise<QueueItem[]> {
    return [...this.queue.values()]
      .filter(
        item => options.parked === undefined || item.parked === options.parked,
      )
      .sort(byDueTime)
      .slice(0, options.limit)
      .map(item => ({ ...item }));
  }
}

function isDue(item: QueueItem, now: number): boolean {
  return (
    !item.parked &&
    item.nextAttemptAt <= now &&
    (item.claimedUntil === null || item.claimedUntil < now)
  );
}

function byDueTime(a: QueueItem, b: QueueItem): number {
  return a.nextAttemptAt - b.nextAttemptAt || compare(a.ref, b.ref);
}
