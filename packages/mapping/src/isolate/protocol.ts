import type { CompileMappingOptions } from '../compileMapping';
import {
  MappingConfigError,
  SourcePosition,
} from '../config/MappingConfigError';
import type { MappingConfig, MappingResult } from '../types';

/** What a mapping worker starts with. */
export interface WorkerData {
  /** The mapping as the caller gave it (first start) or as the worker normalised it (restarts). */
  config: MappingConfig | string | object;
  options: CompileMappingOptions;
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

/** A `MappingConfigError` as it crosses the thread boundary (an error's own fields are not cloned). */
export interface CompileErrorData {
  configPath: string;
  problem: string;
  path?: ReadonlyArray<string | number>;
  expression?: string;
  expressionPosition?: SourcePosition;
  line?: number;
  column?: number;
  sourceName?: string;
}

export function compileErrorData(error: MappingConfigError): CompileErrorData {
  const { configPath, problem, path, expression, expressionPosition } = error;
  const { line, column, sourceName } = error;
  return {
    configPath,
    problem,
    path,
    expression,
    expressionPosition,
    line,
    column,
    sourceName,
  };
}

export function compileErrorOf(data: CompileErrorData): MappingConfigError {
  return new MappingConfigError(data.configPath, data.problem, {
    path: data.path,
    expression: data.expression,
    expressionPosition: data.expressionPosition,
    sourcePosition:
      data.line !== undefined && data.column !== undefined
        ? { line: data.line, column: data.column }
        : undefined,
    sourceName: data.sourceName,
  });
}

/** The worker's first message: the mapping compiled (normalised, with its kinds), or why not. */
export type BootReply =
  | { ready: true; config: MappingConfig; kinds: string[] }
  | { compileError: CompileErrorData };

export type WorkerReply = BootReply | { id: number; replies: ItemReply[] };
