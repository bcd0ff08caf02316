import path from 'node:path';
import { Worker } from 'node:worker_threads';
import {
  CompiledMapping,
  compileMapping,
  CompileMappingOptions,
} from '../compileMapping';
import { BackstageEntity, MappingConfig, MappingResult } from '../types';
import { runMappingWorker } from './mappingWorker';
import { WorkerData, WorkerReply } from './protocol';

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

type Attempt =
  | { result: MappingResult }
  | { error: string }
  | { stopped: string; field: number };

/** One worker at a time, one entity at a time. */
class WorkerHost {
  readonly #data: Omit<WorkerData, 'progress'>;
  readonly #timeoutMs: number;
  readonly #maxHeapMb: number;
  readonly #idleMs: number;
  #worker: Promise<{ worker: Worker; progress: Int32Array }> | undefined;
  #tail: Promise<unknown> = Promise.resolve();
  #idle: NodeJS.Timeout | undefined;
  #nextId = 1;

  constructor(config: MappingConfig, options: IsolatedMappingOptions) {
    const {
      configPath: _p,
      sourceName: _s,
      timeoutMs,
      maxHeapMb,
      idleMs,
      ...rest
    } = options;
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

  map(entity: BackstageEntity): Promise<MappingResult> {
    const run = this.#tail.then(() => this.#mapOne(entity));
    this.#tail = run.catch(() => undefined);
    return run;
  }

  async close(): Promise<void> {
    clearTimeout(this.#idle);
    const current = this.#worker;
    this.#worker = undefined;
    await current
      ?.then(({ worker }) => worker.terminate())
      .catch(() => undefined);
  }

  async #mapOne(entity: BackstageEntity): Promise<MappingResult> {
    clearTimeout(this.#idle);
    const failed: Record<number, string> = {};
    try {
      for (let stops = 0; ; stops++) {
        const attempt = await this.#attempt(entity, failed);
        if ('result' in attempt) return attempt.result;
        if ('error' in attempt) throw new Error(attempt.error);
        if (attempt.field < 0 || stops >= MAX_STOPPED_FIELDS) {
          throw new Error(attempt.stopped);
        }
        failed[attempt.field] = attempt.stopped;
      }
    } finally {
      this.#idle = setTimeout(() => void this.close(), this.#idleMs);
      this.#idle.unref();
    }
  }

  async #attempt(
    entity: BackstageEntity,
    failed: Record<number, string>,
  ): Promise<Attempt> {
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
    return new Promise<Attempt>(resolve => {
      const stop = (why: string) => {
        const field = Atomics.load(progress, 0) - 1;
        done();
        this.#worker = undefined;
        void worker.terminate();
        resolve({ stopped: why, field });
      };
      const handlers = {
        message: (reply: WorkerReply) => {
          if (!('id' in reply) || reply.id !== id) return;
          done();
          resolve(
            'result' in reply
              ? { result: reply.result }
              : { error: reply.error },
          );
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
      const timer = setTimeout(
        () =>
          stop(
            `mapping evaluation exceeded its deadline of ${
              this.#timeoutMs
            } ms, so its worker was stopped`,
          ),
        this.#timeoutMs,
      );
      function done() {
        clearTimeout(timer);
        worker.off('message', handlers.message);
        worker.off('error', handlers.error);
        worker.off('exit', handlers.exit);
      }
      worker.on('message', handlers.message);
      worker.on('error', handlers.error);
      worker.on('exit', handlers.exit);
      worker.postMessage({ id, entity, failed });
    });
  }

  #start(): Promise<{ worker: Worker; progress: Int32Array }> {
    const progress = new SharedArrayBuffer(4);
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
          if (!('ready' in reply)) return;
          settle();
          resolve({ worker, progress: new Int32Array(progress) });
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
 * Compiles a mapping that portsync does not trust (one kept in Port, one sent to `/preview`) for
 * evaluation in a `worker_threads` worker with a hard deadline and a heap limit. The engine's own
 * limits (steps, deadline, value size, the regex budget) end most hostile expressions as ordinary
 * field errors inside the worker; the worker is the backstop for whatever escapes them. When it
 * has to be stopped, the field that was running gets the error (the worker says which through a
 * shared cell), a fresh worker maps the entity again without that field, and the run goes on.
 * The mapping is compiled in this thread too, so a bad one throws `MappingConfigError` here.
 *
 * @public
 */
export function createIsolatedMapping(
  config: MappingConfig | string | object,
  options: IsolatedMappingOptions = {},
): IsolatedMapping {
  const compiled = compileMapping(config, options);
  const host = new WorkerHost(compiled.config, options);
  return {
    config: compiled.config,
    kinds: () => compiled.kinds(),
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
