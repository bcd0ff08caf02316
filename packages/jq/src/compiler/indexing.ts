import { JqRuntimeError } from '../errors';
import { indexValue, sliceValue } from '../runtime/ops';
import { getKey, isObject, JqObject, setKey } from '../runtime/values';
import { fromSingle } from './combinators';
import { Code, Ctx, Env, extendPath, PathRun, Run } from './types';

// Indexing and slicing, in run and path mode.

/** `target[key]`, `target.key`, and their `?` forms. */
export function compileIndex(
  target: Code,
  key: Code,
  optional: boolean,
  targetIsIdentity: boolean,
): Code {
  const ts = target.single;
  if (key.constant && typeof key.constant.value === 'string' && !optional) {
    const k = key.constant.value;
    const idx = (t: unknown, c: Ctx): unknown => {
      if (isObject(t)) return getKey(t, k);
      if (t === null) return null;
      return indexValue(t, k, c.dialect);
    };
    const path: PathRun = (v, p, e, c, o) =>
      target.path(v, p, e, c, (t, tp) => {
        const np = extendPath(tp, k, t);
        o(idx(t, c), np);
      });
    if (targetIsIdentity) {
      return fromSingle((v, _e, c) => idx(v, c), path);
    }
    if (ts) return fromSingle((v, e, c) => idx(ts(v, e, c), c), path);
    const run: Run = (v, e, c, o) => target.run(v, e, c, t => o(idx(t, c)));
    return { run, path };
  }
  const ks = key.single;
  if (ts && ks && !optional) {
    return fromSingle((v, e, c) => {
      const k = ks(v, e, c);
      return indexValue(ts(v, e, c), k, c.dialect);
    }, indexPath(target, key, false));
  }
  const run: Run = (v, e, c, o) =>
    key.run(v, e, c, k =>
      target.run(v, e, c, t => {
        if (optional) {
          let r: unknown;
          try {
            r = indexValue(t, k, c.dialect);
          } catch (err) {
            if (err instanceof JqRuntimeError) return;
            throw err;
          }
          o(r);
        } else {
          o(indexValue(t, k, c.dialect));
        }
      }),
    );
  return { run, path: indexPath(target, key, optional) };
}

function indexPath(target: Code, key: Code, optional: boolean): PathRun {
  return (v, p, e, c, o) =>
    key.run(v, e, c, k =>
      target.path(v, p, e, c, (t, tp) => {
        const np = extendPath(tp, k, t);
        let r: unknown;
        try {
          r = t === null ? null : indexValue(t, k, c.dialect);
        } catch (err) {
          if (optional && err instanceof JqRuntimeError) return;
          throw err;
        }
        o(r, np);
      }),
    );
}

/** `target[from:to]` and `target[from:to]?`. */
export function compileSlice(
  target: Code,
  from: Code,
  to: Code,
  optional: boolean,
): Code {
  const each = (
    v: unknown,
    e: Env | null,
    c: Ctx,
    f: (a: unknown, b: unknown) => void,
  ) => to.run(v, e, c, b => from.run(v, e, c, a => f(a, b)));
  const slice = (
    t: unknown,
    a: unknown,
    b: unknown,
    emit: (r: unknown) => void,
  ) => {
    let r: unknown;
    try {
      r = sliceValue(t, a, b);
    } catch (err) {
      if (optional && err instanceof JqRuntimeError) return;
      throw err;
    }
    emit(r);
  };
  return {
    run: (v, e, c, o) =>
      each(v, e, c, (a, b) => target.run(v, e, c, t => slice(t, a, b, o))),
    path: (v, p, e, c, o) =>
      each(v, e, c, (a, b) =>
        target.path(v, p, e, c, (t, tp) => {
          const k: JqObject = {};
          setKey(k, 'start', a);
          setKey(k, 'end', b);
          // as jq, a target that is not a path fails before the slice is taken
          const rp = extendPath(tp, k, t);
          slice(t, a, b, r => o(r, rp));
        }),
      ),
  };
}
