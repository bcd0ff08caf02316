import { DependencyList, useCallback, useEffect, useState } from 'react';

/** The state of a load that can be repeated: the last value stays shown while a reload runs. */
export interface AsyncState<T> {
  value?: T;
  error?: Error;
  loading: boolean;
  reload: () => void;
}

/**
 * Runs `load` when `deps` change and whenever `reload` is called (or every `pollMs`), and keeps only
 * the newest answer: an older request that resolves late does not overwrite a newer one.
 */
export function useAsync<T>(
  load: () => Promise<T>,
  deps: DependencyList,
  pollMs?: number,
): AsyncState<T> {
  const [tick, setTick] = useState(0);
  const [state, setState] = useState<Omit<AsyncState<T>, 'reload'>>({
    loading: true,
  });
  const reload = useCallback(() => setTick(t => t + 1), []);

  useEffect(() => {
    let current = true;
    setState(s => ({ ...s, loading: true }));
    load().then(
      value => current && setState({ value, loading: false }),
      error => current && setState(s => ({ ...s, error, loading: false })),
    );
    return () => {
      current = false;
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [...deps, tick]);

  useEffect(() => {
    if (!pollMs) return undefined;
    const timer = setInterval(reload, pollMs);
    return () => clearInterval(timer);
  }, [pollMs, reload]);

  return { ...state, reload };
}
