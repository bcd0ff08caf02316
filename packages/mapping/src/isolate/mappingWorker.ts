import { parentPort, workerData } from 'node:worker_threads';
import { CompiledMapping, compileMappingWith } from '../compileMapping';
import { BackstageEntity } from '../types';
import { Expression } from '../engine/Expression';
import { MappingConfigError } from '../config/MappingConfigError';
import {
  compileErrorData,
  ItemReply,
  Progress,
  WorkerData,
  WorkerReply,
  WorkerRequest,
} from './protocol';

/**
 * The worker side of `createIsolatedMapping`: compiles the mapping once (answering its config and
 * kinds, or the `MappingConfigError` of a mapping that does not compile), then maps each request's
 * batch of entities in order and answers them in one message. It records in the shared `Progress`
 * which entity (and when it started) and which expression it is evaluating, so that a host that
 * has to stop this thread knows where. Expressions the host names in an item's `failed` are not
 * evaluated for that entity: they fail with the host's message.
 */
export function runMappingWorker(): void {
  const data = workerData as WorkerData;
  const progress = new Progress(data.progress);
  let failed: Record<number, string> = {};
  const wrap = (expression: Expression, index: number): Expression => {
    const { first } = expression;
    if (!first) return expression; // JSONata: asynchronous, not attributed to a field
    const guarded = (input: unknown, vars: Parameters<typeof first>[1]) => {
      const message = failed[index];
      if (message !== undefined) throw new Error(message);
      progress.setField(index);
      try {
        return first.call(expression, input, vars);
      } finally {
        progress.setField(-1);
      }
    };
    return {
      source: expression.source,
      first: guarded,
      firstAsync: async (input, vars) => guarded(input, vars),
    };
  };
  let mapping: CompiledMapping;
  try {
    mapping = compileMappingWith(data.config, data.options, wrap);
  } catch (error) {
    if (!(error instanceof MappingConfigError)) throw error;
    parentPort!.postMessage({
      compileError: compileErrorData(error),
    } satisfies WorkerReply);
    return;
  }
  parentPort!.on('message', async (request: WorkerRequest) => {
    const replies: ItemReply[] = [];
    for (const [index, item] of request.items.entries()) {
      failed = item.failed;
      progress.startItem(index);
      try {
        replies.push({
          result: mapping.isSync
            ? mapping.apply(item.entity as BackstageEntity)
            : await mapping.applyAsync(item.entity as BackstageEntity),
        });
      } catch (error) {
        replies.push({ error: (error as Error)?.message ?? String(error) });
      }
    }
    parentPort!.postMessage({ id: request.id, replies } satisfies WorkerReply);
  });
  parentPort!.postMessage({
    ready: true,
    config: mapping.config,
    kinds: mapping.kinds(),
  } satisfies WorkerReply);
}
