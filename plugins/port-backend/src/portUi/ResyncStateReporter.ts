import {
  LoggerService,
  SchedulerServiceTaskScheduleDefinition,
} from '@backstage/backend-plugin-api';
import { durationToMilliseconds, HumanDuration } from '@backstage/types';
import {
  PortApiError,
  PortClient,
  PortResyncState,
} from '@portsync/port-client';

type Frequency = SchedulerServiceTaskScheduleDefinition['frequency'];

/**
 * The interval of a fixed-rate schedule in ms; undefined for none, a manual
 * trigger or a cron expression (whose gaps vary).
 */
export function scheduleIntervalMs(
  frequency: Frequency | undefined,
): number | undefined {
  if (!frequency || 'cron' in frequency || 'trigger' in frequency) {
    return undefined;
  }
  if ('toMillis' in frequency && typeof frequency.toMillis === 'function') {
    return frequency.toMillis();
  }
  return durationToMilliseconds(frequency as HumanDuration);
}

/**
 * Tells Port how resyncs go (`PATCH /v1/integration/{id}/resync-state`, as
 * Ocean does), so Port's data-sources page shows portsync's runs. Port's UI is
 * a view: a failed report is logged and never fails the resync.
 */
export class ResyncStateReporter {
  readonly #client: PortClient;
  readonly #identifier: string;
  readonly #logger: LoggerService;
  readonly #intervalMs: number | undefined;
  /**
   * `error` is portsync's field, not one Port documents; once Port refuses it
   * (400/422), reports go without it.
   */
  #sendError = true;

  constructor(options: {
    client: PortClient;
    identifier: string;
    logger: LoggerService;
    /** The resync schedule's frequency; absent when resyncs run only on request. */
    frequency?: Frequency;
  }) {
    this.#client = options.client;
    this.#identifier = options.identifier;
    this.#logger = options.logger;
    this.#intervalMs = scheduleIntervalMs(options.frequency);
  }

  async running(startedAt: Date): Promise<void> {
    await this.#report({
      status: 'running',
      lastResyncStart: startedAt.toISOString(),
      lastResyncEnd: null,
      ...this.#schedule(startedAt),
      error: null,
    });
  }

  async finished(
    status: 'completed' | 'failed' | 'aborted',
    startedAt: Date,
    finishedAt: Date,
    error?: string,
  ): Promise<void> {
    await this.#report({
      status,
      lastResyncStart: startedAt.toISOString(),
      lastResyncEnd: finishedAt.toISOString(),
      ...this.#schedule(startedAt),
      error: error ?? null,
    });
  }

  /**
   * A mapping edited in Port that portsync cannot use: shown as a failed
   * state with the reason, leaving the last run's times as they were.
   */
  async mappingRejected(explanation: string): Promise<void> {
    await this.#report({ status: 'failed', error: explanation });
  }

  /** The scheduler starts the next run one interval after this one started. */
  #schedule(startedAt: Date) {
    if (this.#intervalMs === undefined) {
      return { nextResync: null, intervalInMinuets: null };
    }
    return {
      nextResync: new Date(
        startedAt.getTime() + this.#intervalMs,
      ).toISOString(),
      intervalInMinuets: this.#intervalMs / 60_000,
    };
  }

  async #report(state: PortResyncState & { error?: string | null }) {
    const { error, ...rest } = state;
    const body = this.#sendError && error !== undefined ? state : rest;
    try {
      await this.#client.patchResyncState(this.#identifier, body);
    } catch (e) {
      if (
        body !== rest &&
        e instanceof PortApiError &&
        (e.status === 400 || e.status === 422)
      ) {
        this.#sendError = false;
        await this.#report(rest);
        return;
      }
      this.#logger.warn(
        `Could not report the resync state '${state.status}' to Port: ${
          (e as Error).message
        }`,
      );
    }
  }
}
