import { LoggerService } from '@backstage/backend-plugin-api';
import { PortApiError, PortClient } from '@portsync/port-client';

const FIRST_RETRY_MS = 1_000;
const MAX_RETRY_MS = 5 * 60_000;

export interface PortConnectionStatus {
  connected: boolean;
  /** Attempts since the last success (or since startup). */
  attempts: number;
  lastError?: string;
  /** ISO time of the last attempt. */
  checkedAt?: string;
  /** ISO time the connection was established. */
  connectedAt?: string;
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
 * Authenticates to Port at startup and prepares it (blueprints, integration),
 * retrying with capped exponential backoff until it works: a Port outage or
 * wrong credentials must not stop Backstage, and the sync starts by itself
 * once Port answers. Until then the sync tasks wait.
 */
export class PortConnection {
  readonly #client: PortClient;
  readonly #logger: LoggerService;
  readonly #prepare: () => Promise<void>;
  #status: PortConnectionStatus = { connected: false, attempts: 0 };
  #waiters: Array<() => void> = [];
  #timer: NodeJS.Timeout | undefined;
  #stopped = false;

  constructor(options: {
    client: PortClient;
    logger: LoggerService;
    /** Runs once after the first successful authentication. */
    prepare: () => Promise<void>;
  }) {
    this.#client = options.client;
    this.#logger = options.logger;
    this.#prepare = options.prepare;
  }

  get ready(): boolean {
    return this.#status.connected;
  }

  status(): PortConnectionStatus {
    return { ...this.#status };
  }

  /** Starts connecting in the background. */
  start() {
    void this.#attempt();
  }

  stop() {
    this.#stopped = true;
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
    if (this.#stopped) return;
    this.#status.attempts += 1;
    this.#status.checkedAt = new Date().toISOString();
    try {
      await this.#client.getAccessToken();
      await this.#prepare();
    } catch (error) {
      const delay = Math.min(
        FIRST_RETRY_MS * 2 ** (this.#status.attempts - 1),
        MAX_RETRY_MS,
      );
      this.#status.lastError = describe(error);
      this.#logger.error(
        `Could not connect to Port: ${
          this.#status.lastError
        }; retrying in ${Math.round(delay / 1000)} s`,
        { attempts: this.#status.attempts },
      );
      this.#timer = setTimeout(() => void this.#attempt(), delay);
      return;
    }
    this.#status = {
      connected: true,
      attempts: 0,
      checkedAt: this.#status.checkedAt,
      connectedAt: new Date().toISOString(),
    };
    this.#logger.info('Connected to Port');
    for (const wake of this.#waiters.splice(0)) wake();
  }
}
