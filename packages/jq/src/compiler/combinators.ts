import { JqRuntimeError } from '../errors';
import { iterateError } from '../runtime/ops';
import { checkLength } from '../runtime/limits';
import { isObject, isTruthy } from '../runtime/values';
import {
  caught,
  Code,
  Ctx,
  Env,
  iteratePath,
  Out,
  passThrough,
  passThroughPath,
  PathRun,
  Run,
  Single,
} from './types';

// Builders that combine compiled filters; each yields `run`, `path` and, when it can, `single`.

export function fromSingle(single: Single, path?: PathRun): Code {
  return {
    single,
    run: (v, e, c, o) => o(single(v, e, c)),
    path: path ?? invalidPath(single),
  };
}

/** A constant; its path mode yields it with the "not a path" marker, as jq's `path(1)` fails. */
export function compileLiteral(value: unknown): Code {
  return {
    ...fromSingle(() => value),
    constant: { value },
    path: (_v, _p, _e, _c, o) => o(value, null),
  };
}

/** Path mode of a filter that is not a path: its outputs carry the "not a path" marker. */
export function invalidPath(single: Single): PathRun {
  return (v, _p, e, c, o) => o(single(v, e, c), null);
}

export function invalidPathRun(run: Run): PathRun {
  return (v, _p, e, c, o) => run(v, e, c, r => o(r, null));
}

export const IDENTITY: Code = {
  single: v => v,
  run: (v, _e, _c, o) => o(v),
  path: (v, p, _e, _c, o) => o(v, p),
};

export function compileIterate(optional: boolean, target: Code): Code {
  const iterate = (t: unknown, c: Ctx, o: (x: unknown, k: unknown) => void) => {
    if (Array.isArray(t)) {
      for (let i = 0; i < t.length; i++) {
        o(t[i], i);
        if (c.stop) return;
      }
    } else if (isObject(t)) {
      for (const k of Object.keys(t)) {
        o(t[k], k);
        if (c.stop) return;
      }
    } else if (!optional) {
      iterateError(t, c.dialect);
    }
  };
  return {
    run: (v, e, c, o) => target.run(v, e, c, t => iterate(t, c, x => o(x))),
    path: (v, p, e, c, o) =>
      target.path(v, p, e, c, (t, tp) => {
        const base = iteratePath(tp, t);
        if (t === null) {
          // `path(null[])` fails as `null[]` does; `path(null[]?)` is empty
          if (!optional) iterateError(t, c.dialect);
          return;
        }
        iterate(t, c, (x, k) => o(x, [...base, k]));
      }),
  };
}

export function compilePipe(l: Code, r: Code): Code {
  const ls = l.single;
  const rs = r.single;
  const path: PathRun = (v, p, e, c, o) =>
    l.path(v, p, e, c, (x, xp) => r.path(x, xp, e, c, o));
  if (ls && rs) return fromSingle((v, e, c) => rs(ls(v, e, c), e, c), path);
  if (ls) {
    const rr = r.run;
    return { run: (v, e, c, o) => rr(ls(v, e, c), e, c, o), path };
  }
  return { run: (v, e, c, o) => l.run(v, e, c, x => r.run(x, e, c, o)), path };
}

export function compileComma(l: Code, r: Code): Code {
  return {
    run: (v, e, c, o) => {
      l.run(v, e, c, o);
      if (!c.stop) r.run(v, e, c, o);
    },
    path: (v, p, e, c, o) => {
      l.path(v, p, e, c, o);
      if (!c.stop) r.path(v, p, e, c, o);
    },
  };
}

export function compileBinop(
  op: (a: unknown, b: unknown, c: Ctx) => unknown,
  l: Code,
  r: Code,
): Code {
  const ls = l.single;
  const rs = r.single;
  if (ls && rs) {
    return fromSingle((v, e, c) => {
      const b = rs(v, e, c);
      return op(ls(v, e, c), b, c);
    });
  }
  // jq evaluates the right operand first: its outputs form the outer loop.
  const run: Run = (v, e, c, o) =>
    r.run(v, e, c, b => l.run(v, e, c, a => o(op(a, b, c))));
  return { run, path: invalidPathRun(run) };
}

export function compileLogic(kind: 'and' | 'or', l: Code, r: Code): Code {
  const isAnd = kind === 'and';
  const ls = l.single;
  const rs = r.single;
  if (ls && rs) {
    return fromSingle((v, e, c) => {
      const a = isTruthy(ls(v, e, c));
      if (isAnd ? !a : a) return !isAnd;
      return isTruthy(rs(v, e, c));
    });
  }
  const run: Run = (v, e, c, o) =>
    l.run(v, e, c, a => {
      const t = isTruthy(a);
      if (isAnd ? !t : t) o(!isAnd);
      else r.run(v, e, c, b => o(isTruthy(b)));
    });
  return { run, path: invalidPathRun(run) };
}

/**
 * `a // b`: the truthy outputs of `a`, or all of `b` when there are none. Errors raised by `a`
 * propagate (jq 1.6 and 1.7.1 agree: `(error("x")) // 1` fails, `(1, error("x")) // 2` yields
 * 1 and then fails).
 */
export function compileAlt(l: Code, r: Code): Code {
  const ls = l.single;
  const rs = r.single;
  const path: PathRun = (v, p, e, c, o) => {
    let any = false;
    l.path(v, p, e, c, (x, xp) => {
      if (isTruthy(x)) {
        any = true;
        o(x, xp);
      }
    });
    if (!any && !c.stop) r.path(v, p, e, c, o);
  };
  if (ls && rs) {
    return fromSingle((v, e, c) => {
      const x = ls(v, e, c);
      return isTruthy(x) ? x : rs(v, e, c);
    }, path);
  }
  return {
    run: (v, e, c, o) => {
      let any = false;
      l.run(v, e, c, x => {
        if (isTruthy(x)) {
          any = true;
          o(x);
        }
      });
      if (!any && !c.stop) r.run(v, e, c, o);
    },
    path,
  };
}

export function compileArray(body: Code | null): Code {
  if (!body) return fromSingle(() => []);
  const bs = body.single;
  if (bs) return fromSingle((v, e, c) => [bs(v, e, c)]);
  return fromSingle((v, e, c) => {
    const r: unknown[] = [];
    body.run(v, e, c, x => {
      checkLength(r.push(x), c, 'array');
    });
    return r;
  });
}

export function compileIf(
  cond: Code,
  then: Code,
  otherwise: Code | null,
): Code {
  const els: Code = otherwise ?? IDENTITY;
  const cs = cond.single;
  const ts = then.single;
  const es = els.single;
  const path: PathRun = (v, p, e, c, o) =>
    cond.run(v, e, c, x => (isTruthy(x) ? then : els).path(v, p, e, c, o));
  if (cs && ts && es) {
    return fromSingle(
      (v, e, c) => (isTruthy(cs(v, e, c)) ? ts(v, e, c) : es(v, e, c)),
      path,
    );
  }
  if (cs) {
    return {
      run: (v, e, c, o) => (isTruthy(cs(v, e, c)) ? then : els).run(v, e, c, o),
      path,
    };
  }
  return {
    run: (v, e, c, o) =>
      cond.run(v, e, c, x => (isTruthy(x) ? then : els).run(v, e, c, o)),
    path,
  };
}

export function compileTry(body: Code, handler: Code | null): Code {
  const onError = (
    err: JqRuntimeError,
    e: Env | null,
    c: Ctx,
    o: Out,
  ): void => {
    if (!handler) return;
    // `error(null)` caught with a handler yields null, as in jq.
    handler.run(err.value, e, c, o);
  };
  return {
    run: (v, e, c, o) => {
      const owner = {};
      try {
        body.run(v, e, c, passThrough(owner, o));
      } catch (err) {
        onError(caught(owner, err), e, c, o);
      }
    },
    path: (v, p, e, c, o) => {
      const owner = {};
      try {
        body.path(v, p, e, c, passThroughPath(owner, o));
      } catch (err) {
        const jqErr = caught(owner, err);
        if (handler) handler.run(jqErr.value, e, c, r => o(r, null));
      }
    },
  };
}
