import { LoggerService } from '@backstage/backend-plugin-api';
import { JsonObject } from '@backstage/types';
import { buildPortKeptMapping, PortMappingConfig } from '@portsync/config';
import {
  CompiledMapping,
  createIsolatedMapping,
  IsolatedMapping,
} from '@portsync/mapping';
import { PortMappingSourceState } from '@portsync/plugin-port-common';
import { PortClient } from '@portsync/port-client';
import { stableStringify } from '@portsync/sync';
import { createHash } from 'crypto';
import { ResyncRequestStore } from '../database/ResyncRequestStore';
import { ResyncRequestPoller } from './ResyncRequestPoller';
import { ResyncStateReporter } from './ResyncStateReporter';

/** Prefix of the resync requests a mapping change files, in Port's request id column. */
export const CONFIG_CHANGE_PREFIX = 'config:';
/** Recent requests searched for the last mapping change. */
const RECENT = 50;

export function hashConfig(config: unknown): string {
  return createHash('sha256')
    .update(stableStringify(config))
    .digest('hex')
    .slice(0, 24);
}

/**
 * Mapping source `port`: the mapping is the integration's `config` in Port,
 * as Port's data-sources page edits it. Every replica reads it at startup and
 * on each poll, since every replica maps entities on the live path; a change
 * recompiles it and files one resync across replicas. A config that does not
 * compile is reported and the last good mapping stays in use.
 */
export class PortMappingSource {
  readonly #client: PortClient;
  readonly #identifier: string;
  readonly #logger: LoggerService;
  readonly #requests: ResyncRequestStore;
  readonly #reporter: ResyncStateReporter;
  readonly #seed: CompiledMapping;
  readonly #settings: Pick<PortMappingConfig, 'allowEnv' | 'isolation'>;
  #mapping: CompiledMapping;
  readonly #resyncRequests: ResyncRequestPoller;
  #status: PortMappingSourceState = {};
  /**
   * When the last read that was considered arrived: the mapping in use was Port's then. Set only
   * in turn, so a read still being compiled (a resync's refresh) does not move it.
   */
  #consideredAt = 0;
  /** Reads are considered one at a time: a poll and a resync's refresh may see the same change. */
  #turn: Promise<unknown> = Promise.resolve();

  constructor(options: {
    client: PortClient;
    identifier: string;
    logger: LoggerService;
    requests: ResyncRequestStore;
    reporter: ResyncStateReporter;
    /** Written to Port when its integration has no mapping yet, and used until Port has a good one. */
    seed: CompiledMapping;
    /** From app-config: `port.mapping.allowEnvironmentVariablesJqAccess` and `port.mapping.isolation`. */
    settings: Pick<PortMappingConfig, 'allowEnv' | 'isolation'>;
    /** Port's own resync requests: Port files one when its UI saves a mapping. */
    resyncRequests: ResyncRequestPoller;
  }) {
    this.#client = options.client;
    this.#identifier = options.identifier;
    this.#logger = options.logger;
    this.#requests = options.requests;
    this.#reporter = options.reporter;
    this.#seed = options.seed;
    this.#settings = options.settings;
    this.#mapping = options.seed;
    this.#resyncRequests = options.resyncRequests;
  }

  /** The mapping in use: Port's last good one, or the seed until Port has one. */
  get mapping(): CompiledMapping {
    return this.#mapping;
  }

  status(): PortMappingSourceState {
    return { ...this.#status };
  }

  /**
   * At startup, once the integration exists: adopts Port's mapping, or writes
   * the seed mapping to an integration that has none (as Ocean's
   * `initializePortResources` does), without asking Port for a resync.
   * Throws when Port cannot be read, so the connection retries.
   */
  async load(): Promise<void> {
    const read = await this.#read();
    if (isEmpty(read.config)) {
      const integration = await this.#client.patchIntegrationConfig(
        this.#identifier,
        this.#seed.config as unknown as Record<string, unknown>,
        { skipResync: true },
      );
      this.#status.configHash = hashConfig(integration.config ?? {});
      this.#status.adoptedAt = new Date().toISOString();
      this.#consideredAt = read.at;
      this.#logger.info(
        `The integration ${
          this.#identifier
        } had no mapping in Port: wrote portsync's`,
      );
      return;
    }
    await this.#inTurn(() => this.#consider(read));
  }

  /** The poll task: a change in Port is put in use and starts one resync across replicas. */
  async poll(): Promise<void> {
    const read = await this.#readLogged();
    if (read === undefined) return;
    await this.#inTurn(async () => {
      const seenBefore = this.#consideredAt;
      if (await this.#consider(read)) await this.#fileResync(seenBefore);
    });
  }

  /**
   * At the start of a resync, as Ocean refetches the mapping then: the
   * replica that runs it may not have polled since the change that asked
   * for it. Never throws: the resync goes on with the mapping in use.
   */
  async refresh(): Promise<void> {
    const read = await this.#readLogged();
    if (read !== undefined) await this.#inTurn(() => this.#consider(read));
  }

  #inTurn<T>(work: () => Promise<T>): Promise<T> {
    const result = this.#turn.then(work);
    this.#turn = result.catch(() => undefined);
    return result;
  }

  async #read(): Promise<ConfigRead> {
    const integration = await this.#client.getIntegration(this.#identifier);
    const at = Date.now();
    this.#status.checkedAt = new Date(at).toISOString();
    delete this.#status.lastError;
    return { config: integration.config, at };
  }

  async #readLogged(): Promise<ConfigRead | undefined> {
    try {
      return await this.#read();
    } catch (error) {
      this.#status.lastError = (error as Error).message;
      this.#logger.warn(
        `Could not read the mapping from Port; keeping the one in use: ${
          (error as Error).message
        }`,
      );
      return undefined;
    }
  }

  /** Puts Port's config in use if it is new and compiles; true when it was put in use. Runs in turn. */
  async #consider(read: ConfigRead): Promise<boolean> {
    try {
      return await this.#adopt(read.config);
    } finally {
      this.#consideredAt = Math.max(this.#consideredAt, read.at);
    }
  }

  async #adopt(config: unknown): Promise<boolean> {
    const configHash = hashConfig(config ?? {});
    if (configHash === this.#status.configHash) {
      delete this.#status.rejected;
      return false;
    }
    if (configHash === this.#status.rejected?.configHash) return false;
    let mapping: IsolatedMapping;
    try {
      mapping = await this.#compile(config);
    } catch (error) {
      await this.#reject(configHash, (error as Error).message);
      return false;
    }
    const previous = this.#mapping;
    this.#mapping = mapping;
    // a run still using the previous one starts a worker again if it needs one
    if (previous !== this.#seed) await (previous as IsolatedMapping).close();
    this.#status.configHash = configHash;
    this.#status.adoptedAt = new Date().toISOString();
    delete this.#status.rejected;
    this.#logger.info(
      `Using the mapping from Port (config ${configHash}): kinds ${mapping
        .kinds()
        .join(', ')}`,
    );
    return true;
  }

  async #compile(config: unknown): Promise<IsolatedMapping> {
    if (isEmpty(config)) {
      throw new Error(`config: the integration's mapping in Port is empty`);
    }
    // Whoever administers Port may edit it: it is compiled and runs in a worker that is stopped past
    // its deadline or heap limit, so it cannot stall or exhaust the backend.
    return buildPortKeptMapping(
      config as JsonObject,
      this.#settings,
      createIsolatedMapping,
    );
  }

  async #reject(configHash: string, error: string) {
    this.#status.rejected = {
      configHash,
      error,
      at: new Date().toISOString(),
    };
    const using = this.#status.configHash
      ? `the last good one from Port (config ${this.#status.configHash})`
      : "portsync's own";
    this.#logger.error(
      `The mapping in Port (config ${configHash}) cannot be used; keeping ${using}: ${error}`,
    );
    await this.#reporter.mappingRejected(
      `The mapping in Port cannot be used; portsync keeps ${using}. ${error}`,
    );
  }

  /**
   * Starts one resync for the mapping now in use, across replicas. When Port's
   * UI saves a mapping, Port files a resync request itself: if that request
   * is new, waiting, or started after this replica last saw the old mapping,
   * it covers the change (every run rereads the mapping at its start).
   * Otherwise (a save with `x-skip-resync`, an API edit) portsync files one.
   * Each replica notices the change on its own poll, so the request id is the
   * new config's hash chained to the newest request: replicas racing for the
   * same change file the same id (kept once by the store), a replica that
   * comes later finds the change filed, and going back to an earlier mapping
   * files again.
   */
  async #fileResync(oldSeenAt: number): Promise<void> {
    const portRequest = await this.#resyncRequests.latest();
    if (
      portRequest &&
      (portRequest.status === 'pending' ||
        (portRequest.startedAt ?? 0) >= oldSeenAt)
    ) {
      return;
    }
    const configHash = this.#status.configHash!;
    const recent = await this.#requests.list(RECENT);
    const lastChange = recent.find(r =>
      r.portRequestId?.startsWith(CONFIG_CHANGE_PREFIX),
    );
    if (
      lastChange?.portRequestId?.startsWith(
        `${CONFIG_CHANGE_PREFIX}${configHash}:`,
      )
    ) {
      return;
    }
    const filed = await this.#requests.addFromPort(
      `${CONFIG_CHANGE_PREFIX}${configHash}:${recent[0]?.id ?? 'first'}`,
      Date.now(),
    );
    if (!filed) return;
    this.#logger.info(
      `The mapping changed in Port: resync ${filed.id} requested`,
      { runId: filed.id },
    );
    await this.#resyncRequests.startPending();
  }
}

/** Port's integration config and when it arrived. */
interface ConfigRead {
  config: unknown;
  at: number;
}

function isEmpty(config: unknown): boolean {
  return (
    config === undefined ||
    config === null ||
    (typeof config === 'object' && Object.keys(config).length === 0)
  );
}
