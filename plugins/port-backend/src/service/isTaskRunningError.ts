/**
 * True for the scheduler's answer to `triggerTask` while the task runs (a `ConflictError`). It is
 * compared by name: the scheduler may use another copy of `@backstage/errors`.
 */
export function isTaskRunningError(error: unknown): boolean {
  return (error as Error)?.name === 'ConflictError';
}
