import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { CompiledMapping, CompileMappingOptions } from '../compileMapping';
import { MappingConfigError } from '../config/MappingConfigError';
import { BackstageEntity, MappingConfig, MappingResult } from '../types';
import { runMappingWorker } from './mappingWorker';
import {
  compileErrorOf,
  ItemReply,
  Progress,
  PROGRESS_BYTES,
  WorkerData,
  WorkerReply,
  WorkerRequest,
} from './protocol';

/** @public */
export interface IsolatedMappingOptions extends CompileMappingOptions {
  /** Hard deadline for mapping one entity, in ms; the worker is stopped past it. Default 2,000. */
  timeoutMs?: number;
  /** The worker's heap (V8 old generation), in MB; the worker is stopped past it. Default 128. */
  maxHeapMb?: number;
  /** A worker idle this long is stopped (the next entity starts one). Default 30,000 ms. */
  idleMs?: number;
}

/**
 * A mapping evaluated in a worker thread. `apply` is not available; `applyAsync` maps in the
 * worker. `close` stops the worker (a later `applyAsync` starts another).
 * @public
 */
export interface IsolatedMapping extends CompiledMapping {
  close(): Promise<void>;
}

const DEFAULT_TIMEOUT_MS = 2_000;
const DEFAULT_MAX_HEAP_MB = 128;
const DEFAULT_IDLE_MS = 30_000;
/** Fields stopped one after another in one entity before the whole entity is given up. */
const MAX_STOPPED_FIELDS = 3;
/** Entities per message to the worker: enough to amortise the round trip, small enough to clone quickly. */
const MAX_BATCH = 100;
/** Starting a worker compiles the mapping (and, in a source checkout, transpiles TypeScript). */
const BOOT_TIMEOUT_MS = 60_000;

/**
 * The worker loads this package's `mappingWorker` module from the file next to this one: `.ts` in
 * a source checkout (then through Backstage's on-the-fly transpiler, as the jq CLI does) or the
 * built `.cjs.js`.
 */
function bootPaths(): { entry: string; transform?: string } {
  const base = path.basename(__filename);
  const suffix = base.slice(base.indexOf('.'));
  const entry = path.join(__dirname, `mappingWorker${suffix}`);
  if (suffix !== '.ts') return { entry };
  return {
    entry,
    transform: require.resolve('@backstage/cli/config/nodeTransform.cjs'),
  };
}

const BOOT = `
const { workerData } = require('node:worker_threads');
if (workerData.boot.transform) require(workerData.boot.transform);
require(workerData.boot.entry).${runMappingWorker.name}();
`;

/** An entity waiting for (or in) the worker. */
interface Pending {
  entity: BackstageEntity;
  failed: Record<number, string>;
  stops: number;
  resolve(result: MappingResult): void;
  reject(error: Error): void;
}

/** What became of a batch: every item answered, or the worker stopped at one item and field. */
type BatchOutcome =
  | { replies: ItemReply[] }
  | { stopped: string; item: number; field: number }
  | { error: string };

interface Started {
  worker: Worker;
  progress: Progress;
  /** The mapping as the worker normalised it. */
  config: MappingConfig;
  kinds: string[];
}

/**
 * One worker at a time. Entities asked for while a batch is in the worker wait and go together in
 * the next message (up to `MAX_BATCH`), so a caller that maps a page concurrently pays one round
 * trip per batch, not per entity.
 */
class WorkerHost {
  #data: Omit<WorkerData, 'progress'>;
  readonly #timeoutMs: number;
  readonly #maxHeapMb: number;
  readonly #idleMs: number;
  #worker: Promise<Started> | undefined;
  #queue: Pending[] = [];
  #busy = false;
  #idle: NodeJS.Timeout | undefined;
  #nextId = 1;

  constructor(
    config: MappingConfig | string | object,
    options: IsolatedMappingOptions,
  ) {
    const { timeoutMs, maxHeapMb, idleMs, ...rest } = options;
    this.#timeoutMs = timeoutMs ?? DEFAULT_TIMEOUT_MS;
    this.#maxHeapMb = maxHeapMb ?? DEFAULT_MAX_HEAP_MB;
    this.#idleMs = idleMs ?? DEFAULT_IDLE_MS;
    this.#data = {
      config,
      options: {
        ...rest,
        // the engine's own deadline fires first, as an ordinary field error
        jq: { timeoutMs: this.#timeoutMs / 2, ...rest.jq },
      },
    };
  }

  /**
   * Starts the worker, which compiles the mapping; a mapping that does not compile rejects with
   * its `MappingConfigError`. Later workers (after an idle stop, or a stopped field) start from the
   * normalised config the first one answered.
   */
  async compile(): Promise<{ config: MappingConfig; kinds: string[] }> {
    let started;
    try {
      started = await (this.#worker = this.#start());
    } catch (error) {
      this.#worker = undefined;
      if (error instanceof MappingConfigError) throw error;
      throw new Error(
        `the mapping worker did not start: ${(error as Error).message}`,
      );
    }
    this.#data = { ...this.#data, config: started.config };
    this.#idleSoon();
    return { config: started.config, kinds: started.kinds };
  }

  map(entity: BackstageEntity): Promise<MappingResult> {
    return new Promise((resolve, reject) => {
      this.#queue.push({ entity, failed: {}, stops: 0, resolve, reject });
      // after the caller's synchronous loop: entities asked for in one tick share a batch
      queueMicrotask(() => void this.#pump());
    });
  }

  async close(): Promise<void> {
    clearTimeout(this.#idle);
    const current = this.#worker;
    this.#worker = undefined;
    await current
      ?.then(({ worker }) => worker.terminate())
      .catch(() => undefined);
  }

  async #pump(): Promise<void> {
    if (this.#busy || this.#queue.length === 0) return;
    this.#busy = true;
    clearTimeout(this.#idle);
    const batch = this.#queue.splice(0, MAX_BATCH);
    try {
      this.#settle(batch, await this.#send(batch));
    } finally {
      this.#busy = false;
      if (this.#queue.length > 0) void this.#pump();
      else this.#idleSoon();
    }
  }

  #idleSoon() {
    clearTimeout(this.#idle);
    this.#idle = setTimeout(() => void this.close(), this.#idleMs);
    this.#idle.unref();
  }

  /** Answers what the batch answered; a stopped item loses its field, and the unanswered go again. */
  #settle(batch: Pending[], outcome: BatchOutcome) {
    if ('replies' in outcome) {
      batch.forEach((pending, i) => {
        const reply = outcome.replies[i];
        if ('result' in reply) pending.resolve(reply.result);
        else pending.reject(new Error(reply.error));
      });
      return;
    }
    if ('error' in outcome) {
      for (const pending of batch) pending.reject(new Error(outcome.error));
      return;
    }
    const again = batch.filter((pending, i) => {
      if (i !== outcome.item) return true;
      if (outcome.field < 0 || pending.stops >= MAX_STOPPED_FIELDS) {
        pending.reject(new Error(outcome.stopped));
        return false;
      }
      pending.failed = { ...pending.failed, [outcome.field]: outcome.stopped };
      pending.stops += 1;
      return true;
    });
    this.#queue.unshift(...again);
  }

  async #send(batch: Pending[]): Promise<BatchOutcome> {
    let started;
    try {
      started = await (this.#worker ??= this.#start());
    } catch (error) {
      this.#worker = undefined;
      return {
        error: `the mapping worker did not start: ${(error as Error).message}`,
      };
    }
    const { worker, progress } = started;
    const id = this.#nextId++;
    return new Promise<BatchOutcome>(resolve => {
      let timer: NodeJS.Timeout | undefined;
      const stop = (why: string) => {
        const item = progress.item();
        const field = progress.field();
        done();
        this.#worker = undefined;
        void worker.terminate();
        resolve({ stopped: why, item, field });
      };
      // A deadline per entity, not per batch: re-armed for the entity the worker is on.
      const watch = () => {
        const left = progress.itemStartedAt() + this.#timeoutMs - Date.now();
        if (left > 0) {
          timer = setTimeout(watch, left);
          return;
        }
        stop(
          `mapping evaluation exceeded its deadline of ${
            this.#timeoutMs
          } ms, so its worker was stopped`,
        );
      };
      const handlers = {
        message: (reply: WorkerReply) => {
          if (!('id' in reply) || reply.id !== id) return;
          done();
          resolve({ replies: reply.replies });
        },
        error: (error: Error & { code?: string }) =>
          stop(
            error.code === 'ERR_WORKER_OUT_OF_MEMORY'
              ? `mapping evaluation exceeded its memory limit of ${
                  this.#maxHeapMb
                } MB, so its worker was stopped`
              : `the mapping worker failed: ${error.message}`,
          ),
        exit: (code: number) =>
          stop(`the mapping worker exited with code ${code}`),
      };
      function done() {
        clearTimeout(timer);
        worker.off('message', handlers.message);
        worker.off('error', handlers.error);
        worker.off('exit', handlers.exit);
      }
      worker.on('message', handlers.message);
      worker.on('error', handlers.error);
      worker.on('exit', handlers.exit);
      const request: WorkerRequest = {
        id,
        items: batch.map(({ entity, failed }) => ({ entity, failed })),
      };
      // the worker's clock for the first item starts when it reads the message; until then, now
      progress.startItem(0);
      worker.postMessage(request);
      timer = setTimeout(watch, this.#timeoutMs);
    });
  }

  #start(): Promise<Started> {
    const progress = new SharedArrayBuffer(PROGRESS_BYTES);
    const worker = new Worker(BOOT, {
      eval: true,
      workerData: { ...this.#data, progress, boot: bootPaths() },
      resourceLimits: {
        maxOldGenerationSizeMb: this.#maxHeapMb,
        maxYoungGenerationSizeMb: Math.max(4, Math.round(this.#maxHeapMb / 8)),
      },
    });
    worker.unref();
    return new Promise((resolve, reject) => {
      const handlers = {
        message: (reply: WorkerReply) => {
          if ('compileError' in reply) {
            settle();
            void worker.terminate();
            reject(compileErrorOf(reply.compileError));
            return;
          }
          if (!('ready' in reply)) return;
          settle();
          resolve({
            worker,
            progress: new Progress(progress),
            config: reply.config,
            kinds: reply.kinds,
          });
        },
        error: (error: Error) => {
          settle();
          reject(error);
        },
        exit: (code: number) => {
          settle();
          reject(new Error(`it exited with code ${code}`));
        },
      };
      const timer = setTimeout(() => {
        settle();
        void worker.terminate();
        reject(new Error(`it was not ready within ${BOOT_TIMEOUT_MS} ms`));
      }, BOOT_TIMEOUT_MS);
      function settle() {
        clearTimeout(timer);
        worker.off('message', handlers.message);
        worker.off('error', handlers.error);
        worker.off('exit', handlers.exit);
      }
      worker.on('message', handlers.message);
      worker.on('error', handlers.error);
      worker.on('exit', handlers.exit);
    });
  }
}

/**
 * Compiles a mapping that portsync does not trust (one kept in Port, one sent to `/preview`) in a
 * `worker_threads` worker and evaluates it there, with a hard deadline and a heap limit. The engine's own
 * limits (steps, deadline, value size, the regex budget) end most hostile expressions as ordinary
 * field errors inside the worker; the worker is the backstop for whatever escapes them. When it
 * has to be stopped, the field that was running gets the error (the worker says which through a
 * shared cell), a fresh worker maps the entity again without that field, and the run goes on.
 * Nothing of the mapping runs in this thread, not even its compilation (a caller's mapping may be
 * large or slow to compile): the promise resolves once the worker has compiled it, and rejects
 * with the `MappingConfigError` a mapping that does not compile gets from `compileMapping`
 * (config path, expression, line and column).
 *
 * @public
 */
export async function createIsolatedMapping(
  config: MappingConfig | string | object,
  options: IsolatedMappingOptions = {},
): Promise<IsolatedMapping> {
  const host = new WorkerHost(config, options);
  const compiled = await host.compile();
  return {
    config: compiled.config,
    kinds: () => [...compiled.kinds],
    isSync: false,
    apply() {
      throw new Error(
        'an isolated mapping evaluates in a worker; use applyAsync',
      );
    },
    applyAsync: entity => host.map(entity),
    close: () => host.close(),
  };
}
