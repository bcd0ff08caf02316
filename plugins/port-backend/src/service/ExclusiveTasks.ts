import {
  LoggerService,
  SchedulerServiceTaskScheduleDefinition,
} from '@backstage/backend-plugin-api';
import { durationToMilliseconds } from '@backstage/types';
import { TaskLeases } from '../database/TaskLeases';

/**
 * Runs work that one replica at a time may do, under a lease of TaskLeases: the lease is taken
 * before the work, extended every third of its time to live while the work runs, and released
 * after. Every replica schedules the task locally; the lease decides who does it.
 */
export class ExclusiveTasks {
  readonly #leases: TaskLeases;
  readonly #holder: string;
  readonly #ttlMs: number;
  readonly #now: () => number;
  readonly #logger: LoggerService;

  constructor(options: {
    leases: TaskLeases;
    /** This process, unique across restarts: a restarted process does not inherit its predecessor's leases. */
    holder: string;
    logger: LoggerService;
    /** How long a lease outlives its holder's last heartbeat (default 15 s). */
    ttlMs?: number;
    now?: () => number;
  }) {
    this.#leases = options.leases;
    this.#holder = options.holder;
    this.#logger = options.logger;
    this.#ttlMs = options.ttlMs ?? 15_000;
    this.#now = options.now ?? Date.now;
  }

  /**
   * Runs `work` when this replica gets the lease `name`; returns false without running it when
   * another replica holds it (or, with `minIntervalMs`, ran it that recently). `work`'s signal
   * aborts with the caller's, and when the lease is lost to another replica.
   */
  async run(
    name: string,
    options: { signal?: AbortSignal; minIntervalMs?: number },
    work: (signal: AbortSignal) => Promise<unknown>,
  ): Promise<boolean> {
    const taken = await this.#leases.acquire(name, this.#holder, {
      now: this.#now(),
      ttlMs: this.#ttlMs,
      minIntervalMs: options.minIntervalMs,
    });
    if (!taken) return false;
    const controller = new AbortController();
    const abort = () => controller.abort(options.signal?.reason);
    options.signal?.addEventListener('abort', abort, { once: true });
    if (options.signal?.aborted) abort();
    let finished = false;
    const heartbeat = setInterval(() => {
      this.#leases
        .extend(name, this.#holder, { now: this.#now(), ttlMs: this.#ttlMs })
        .then(held => {
          // A beat still in flight when the work ends finds the lease released: nothing was lost.
          if (held || finished) return;
          this.#logger.warn(
            `Lost the lease of task ${name} to another replica; stopping this run`,
          );
          controller.abort(new Error(`lease of ${name} lost`));
        })
        // A failed heartbeat is retried at the next beat; the lease lapses only if they all fail.
        .catch(error =>
          this.#logger.warn(
            `Extending the lease of task ${name} failed: ${error}`,
          ),
        );
    }, Math.max(1, Math.floor(this.#ttlMs / 3)));
    try {
      await work(controller.signal);
    } finally {
      finished = true;
      clearInterval(heartbeat);
      options.signal?.removeEventListener('abort', abort);
      await this.#leases
        .release(name, this.#holder)
        .catch(error =>
          this.#logger.warn(
            `Releasing the lease of task ${name} failed (it lapses by itself): ${error}`,
          ),
        );
    }
    return true;
  }
}

/**
 * How soon after a run started (on any replica) a task scheduled on every replica is not run
 * again: half its period, so each period sees one run however many replicas tick; for a cron
 * schedule, whose ticks all fall in the same minute, 30 seconds.
 */
export function scheduleSpacingMs(
  frequency: SchedulerServiceTaskScheduleDefinition['frequency'] | undefined,
): number {
  if (frequency === undefined || 'trigger' in frequency) return 0;
  if ('cron' in frequency) return 30_000;
  return Math.floor(durationToMilliseconds(frequency) / 2);
}
