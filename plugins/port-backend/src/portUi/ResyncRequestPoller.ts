import { LoggerService } from '@backstage/backend-plugin-api';
import { PortClient } from '@portsync/port-client';
import { isTaskRunningError } from '../service/isTaskRunningError';
import {
  ResyncRequest,
  ResyncRequestStore,
} from '../database/ResyncRequestStore';

/** Recent requests looked at for one left pending. */
const RECENT = 20;

/**
 * Honours the "resync" button of Port's data-sources page: asks Port for the
 * integration's latest resync request and files each new one once, however
 * many replicas poll (the request store keeps Port's ids unique), then
 * starts the resync task.
 */
export class ResyncRequestPoller {
  readonly #client: PortClient;
  readonly #identifier: string;
  readonly #requests: ResyncRequestStore;
  readonly #logger: LoggerService;
  readonly #triggerResync: () => Promise<void>;

  constructor(options: {
    client: PortClient;
    identifier: string;
    requests: ResyncRequestStore;
    logger: LoggerService;
    /** Asks the scheduler to run the resync task soon, on whichever replica. */
    triggerResync: () => Promise<void>;
  }) {
    this.#client = options.client;
    this.#identifier = options.identifier;
    this.#requests = options.requests;
    this.#logger = options.logger;
    this.#triggerResync = options.triggerResync;
  }

  /**
   * Files Port's latest resync request if it is new, starts the resync task
   * while a request waits, and returns our record of Port's latest request
   * (undefined when Port has none, or it is too old to be among the recent).
   */
  async latest(signal?: AbortSignal): Promise<ResyncRequest | undefined> {
    const request = await this.#client.getResyncRequest(this.#identifier, {
      signal,
    });
    // Port gives an id; a request without one is told apart by its time.
    const portRequestId = request?.id ?? request?.updatedAt;
    let record: ResyncRequest | undefined;
    if (portRequestId) {
      record = await this.#requests.addFromPort(portRequestId, Date.now());
      if (record) {
        this.#logger.info(
          `Resync requested in Port (request ${portRequestId}): run ${record.id}`,
          { runId: record.id, portRequestId },
        );
      }
    }
    const recent = await this.#requests.list(RECENT);
    if (portRequestId) {
      record ??= recent.find(r => r.portRequestId === portRequestId);
    }
    if (recent.some(r => r.status === 'pending')) await this.startPending();
    return record;
  }

  /** Triggers the resync task if a request waits: at startup, for one a killed process left pending. */
  async startIfPending(): Promise<void> {
    if (await this.#requests.hasPending()) await this.startPending();
  }

  /**
   * Triggers the resync task while a request waits. Also run when nothing new
   * came in: a request filed just as the task was finishing is not picked up
   * by that run, and the scheduler refuses a trigger while the task runs.
   */
  async startPending(): Promise<void> {
    try {
      await this.#triggerResync();
    } catch (error) {
      // The task is running and takes pending requests in turn.
      if (!isTaskRunningError(error)) throw error;
    }
  }
}
