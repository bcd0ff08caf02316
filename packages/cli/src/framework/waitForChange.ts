import { Stats, unwatchFile, watchFile } from 'node:fs';

type Listener = (current: Stats, previous: Stats) => void;

/** Polling catches editors that save by replacing the file, which `fs.watch` loses track of. */
const POLL_INTERVAL_MS = 250;

/**
 * Resolves with the first of `paths` whose modification time changes, or with `undefined` when `signal` aborts.
 */
export function waitForChange(
  paths: string[],
  signal?: AbortSignal,
): Promise<string | undefined> {
  return new Promise(resolve => {
    if (signal?.aborted) {
      resolve(undefined);
      return;
    }
    const listeners = new Map<string, Listener>();
    function finish(changed: string | undefined) {
      for (const [path, listener] of listeners) unwatchFile(path, listener);
      signal?.removeEventListener('abort', onAbort);
      resolve(changed);
    }
    function onAbort() {
      finish(undefined);
    }
    signal?.addEventListener('abort', onAbort, { once: true });
    for (const path of new Set(paths)) {
      const listener: Listener = (current, previous) => {
        if (current.mtimeMs !== previous.mtimeMs) finish(path);
      };
      listeners.set(path, listener);
      watchFile(path, { interval: POLL_INTERVAL_MS }, listener);
    }
  });
}
