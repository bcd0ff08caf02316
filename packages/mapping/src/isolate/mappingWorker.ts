import { parentPort, workerData } from 'node:worker_threads';
import { compileMappingWith } from '../compileMapping';
import { BackstageEntity, MappingResult } from '../types';
import { Expression } from '../engine/Expression';
import { WorkerData, WorkerReply, WorkerRequest } from './protocol';

/**
 * The worker side of `createIsolatedMapping`: compiles the mapping once, then maps one entity per
 * request. Before each jq expression it writes the expression's index + 1 into the shared
 * `progress` cell, so that a host that has to stop this thread knows which field was running.
 * Expressions the host names in `failed` are not evaluated: they fail with the host's message.
 */
export function runMappingWorker(): void {
  const data = workerData as WorkerData;
  const progress = new Int32Array(data.progress);
  let failed: Record<number, string> = {};
  const wrap = (expression: Expression, index: number): Expression => {
    const { first } = expression;
    if (!first) return expression; // JSONata: asynchronous, not attributed to a field
    const guarded = (input: unknown, vars: Parameters<typeof first>[1]) => {
      const message = failed[index];
      if (message !== undefined) throw new Error(message);
      Atomics.store(progress, 0, index + 1);
      try {
        return first.call(expression, input, vars);
      } finally {
        Atomics.store(progress, 0, 0);
      }
    };
    return {
      source: expression.source,
      first: guarded,
      firstAsync: async (input, vars) => guarded(input, vars),
    };
  };
  const mapping = compileMappingWith(data.config, data.options, wrap);
  parentPort!.on('message', (request: WorkerRequest) => {
    failed = request.failed;
    mapping
      .applyAsync(request.entity as BackstageEntity)
      .then(
        (result: MappingResult): WorkerReply => ({ id: request.id, result }),
        (error: unknown): WorkerReply => ({
          id: request.id,
          error: (error as Error)?.message ?? String(error),
        }),
      )
      .then(reply => parentPort!.postMessage(reply));
  });
  parentPort!.postMessage({ ready: true } satisfies WorkerReply);
}
