import type { CompileMappingOptions } from '../compileMapping';
import type { MappingConfig, MappingResult } from '../types';

/** What a mapping worker starts with. */
export interface WorkerData {
  config: MappingConfig;
  options: Omit<CompileMappingOptions, 'configPath' | 'sourceName'>;
  /** One Int32: the index + 1 of the expression being evaluated, 0 between expressions. */
  progress: SharedArrayBuffer;
}

export interface WorkerRequest {
  id: number;
  entity: unknown;
  /** Expressions (by index) that stopped an earlier attempt, with the error they get. */
  failed: Record<number, string>;
}

export type WorkerReply =
  | { ready: true }
  | { id: number; result: MappingResult }
  | { id: number; error: string };
