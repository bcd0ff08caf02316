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
import { runProblems, SyncReport } from '@portsync/sync';

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

  /**
   * The end of a resync: `report` is undefined when it threw before
   * reporting, `problem` what else kept Port from matching the catalog (a
   * blueprint set-up that could not finish or a mismatch it may not fix).
   */
  async finished(
    report: SyncReport | undefined,
    startedAt: Date,
    finishedAt: Date,
    problem?: string,
  ): Promise<void> {
    const { status, error } = resyncOutcome(report, problem);
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

/**
 * What Port's resync state says of a run. Port knows only `completed`,
 * `failed` and `aborted`, so a run that wrote only part of the catalog (writes
 * Port rejected, deletion skipped by the guard, blueprints not set up) is
 * `failed`, with every reason in `error`: never `completed` while Port differs
 * from the catalog.
 */
export function resyncOutcome(
  report: SyncReport | undefined,
  problem?: string,
): { status: 'completed' | 'failed' | 'aborted'; error?: string } {
  if (!report) {
    return {
      status: 'failed',
      error: ['the resync stopped with an error', problem]
        .filter(Boolean)
        .join('; '),
    };
  }
  const reasons = [runProblems(report), problem].filter(
    (reason): reason is string => Boolean(reason),
  );
  const error = reasons.length > 0 ? reasons.join('; ') : undefined;
  if (report.status === 'aborted') return { status: 'aborted', error };
  if (report.status !== 'completed' || error) {
    return { status: 'failed', error: error ?? `the run ${report.status}` };
  }
  return { status: 'completed' };
}
