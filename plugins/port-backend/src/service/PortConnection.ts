import { LoggerService } from '@backstage/backend-plugin-api';
import { PortApiError, backoffDelayMs } from '@portsync/port-client';
import { PortConnectionState } from '@portsync/plugin-port-common';
import { PortRequestMonitor } from './PortRequestMonitor';

/** First wait before preparing again; doubles per failed attempt. */
const FIRST_RETRY_MS = 1_000;
const MAX_RETRY_MS = 5 * 60_000;

/**
 * One step of the start-up preparation. Each is safe to run again (its
 * requests are idempotent or made so), and a step that succeeded is not run
 * again when a later one fails.
 */
export interface PreparationStep {
  /** Names the step in logs and `/status`. */
  name: string;
  run(signal: AbortSignal): Promise<void>;
}

function describe(error: unknown): string {
  if (error instanceof PortApiError) {
    if (error.kind === 'auth') {
      return `Port rejected the credentials (HTTP ${error.status}): check port.clientId and port.clientSecret`;
    }
    return `${error.message} (HTTP ${error.status || 'no response'})`;
  }
  return error instanceof Error ? error.message : String(error);
}

/**
 * Prepares Port at startup (authenticate, blueprints, integration, mapping),
 * step by step, each step retried with backoff until it works: a Port outage
 * or wrong credentials must not stop Backstage, and the sync starts by itself
 * once Port answers. Until then the sync tasks wait.
 */
export class PortConnection {
  readonly #logger: LoggerService;
  readonly #steps: PreparationStep[];
  readonly #monitor: PortRequestMonitor;
  readonly #random: () => number;
  readonly #abort = new AbortController();
  #done = 0;
  #attempts = 0;
  #lastError: string | undefined;
  #checkedAt: string | undefined;
  #connectedAt: string | undefined;
  #waiters: Array<() => void> = [];
  #timer: NodeJS.Timeout | undefined;

  constructor(options: {
    logger: LoggerService;
    steps: PreparationStep[];
    /** Sees every request of the Port client; the source of `connected` once prepared. */
    monitor: PortRequestMonitor;
    /** For tests: jitter source in [0, 1). */
    random?: () => number;
  }) {
    this.#logger = options.logger;
    this.#steps = options.steps;
    this.#monitor = options.monitor;
    this.#random = options.random ?? Math.random;
  }

  get ready(): boolean {
    return this.#done === this.#steps.length && this.#connectedAt !== undefined;
  }

  status(): PortConnectionState {
    const last = this.#monitor.state();
    const failing = last.ok === false;
    return {
      connected: this.ready && !failing,
      prepared: this.ready,
      ...(this.ready ? {} : { pendingStep: this.#steps[this.#done]?.name }),
      attempts: this.#attempts,
      ...(!this.ready && this.#lastError ? { lastError: this.#lastError } : {}),
      ...(this.ready && failing ? { lastError: last.lastFailure } : {}),
      ...(this.#checkedAt ? { checkedAt: this.#checkedAt } : {}),
      ...(this.#connectedAt ? { connectedAt: this.#connectedAt } : {}),
      ...(last.lastRequestAt ? { lastRequestAt: last.lastRequestAt } : {}),
      ...(last.lastFailureAt ? { lastFailureAt: last.lastFailureAt } : {}),
    };
  }

  /** Starts preparing in the background. */
  start() {
    void this.#attempt();
  }

  stop() {
    this.#abort.abort(new Error('portsync is stopping'));
    clearTimeout(this.#timer);
  }

  whenReady(signal?: AbortSignal): Promise<void> {
    if (this.ready) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const onAbort = () => reject(signal!.reason ?? new Error('aborted'));
      signal?.addEventListener('abort', onAbort, { once: true });
      this.#waiters.push(() => {
        signal?.removeEventListener('abort', onAbort);
        resolve();
      });
    });
  }

  async #attempt(): Promise<void> {
    const signal = this.#abort.signal;
    if (signal.aborted) return;
    this.#attempts += 1;
    this.#checkedAt = new Date().toISOString();
    try {
      for (; this.#done < this.#steps.length; this.#done++) {
        await this.#steps[this.#done].run(signal);
      }
    } catch (error) {
      if (signal.aborted) return;
      const delay = backoffDelayMs({
        attempt: this.#attempts,
        baseMs: FIRST_RETRY_MS,
        maxMs: MAX_RETRY_MS,
        random: this.#random(),
      });
      const step = this.#steps[this.#done].name;
      this.#lastError = describe(error);
      this.#logger.error(
        `Could not prepare Port (step ${step}): ${
          this.#lastError
        }; retrying in ${Math.round(delay / 1000)} s`,
        { attempts: this.#attempts, step },
      );
      this.#timer = setTimeout(() => void this.#attempt(), delay);
      return;
    }
    this.#attempts = 0;
    this.#lastError = undefined;
    this.#connectedAt = new Date().toISOString();
    this.#logger.info('Connected to Port');
    for (const wake of this.#waiters.splice(0)) wake();
  }
}
