import type { CompileMappingOptions } from '../compileMapping';
import type { MappingConfig, MappingResult } from '../types';

/** What a mapping worker starts with. */
export interface WorkerData {
  config: MappingConfig;
  options: Omit<CompileMappingOptions, 'configPath' | 'sourceName'>;
  /** `PROGRESS_BYTES` shared with the host; see `Progress`. */
  progress: SharedArrayBuffer;
}

export const PROGRESS_BYTES = 16;

/**
 * The worker's progress, shared with the host so that it can enforce a deadline per entity within
 * a batch and, when it stops the worker, know which entity and expression were running.
 */
export class Progress {
  readonly #ints: Int32Array;
  readonly #started: Float64Array;

  constructor(buffer: SharedArrayBuffer) {
    this.#ints = new Int32Array(buffer, 0, 2);
    this.#started = new Float64Array(buffer, 8, 1);
  }

  /** The worker starts the item at `index` of its batch. */
  startItem(index: number): void {
    Atomics.store(this.#ints, 1, index);
    this.#started[0] = Date.now();
  }

  /** The worker evaluates expression `index` (-1: between expressions). */
  setField(index: number): void {
    Atomics.store(this.#ints, 0, index + 1);
  }

  /** The item of the batch being mapped. */
  item(): number {
    return Atomics.load(this.#ints, 1);
  }

  /** The expression being evaluated, -1 between expressions. */
  field(): number {
    return Atomics.load(this.#ints, 0) - 1;
  }

  /** When the item being mapped started (`Date.now()` in the worker). */
  itemStartedAt(): number {
    return this.#started[0];
  }
}

export interface WorkItem {
  entity: unknown;
  /** Expressions (by index) that stopped an earlier attempt, with the error they get. */
  failed: Record<number, string>;
}

/** Several entities in one message: a round trip costs two thread wake-ups, whatever it carries. */
export interface WorkerRequest {
  id: number;
  items: WorkItem[];
}

export type ItemReply = { result: MappingResult } | { error: string };

export type WorkerReply =
  | { ready: true }
  | { id: number; replies: ItemReply[] };
