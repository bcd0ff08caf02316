import { fromSingle, invalidPathRun } from './combinators';
import { FnInfo } from './scope';
import {
  Closure,
  Code,
  drop,
  Env,
  NativeDef,
  PathRun,
  Run,
  tick,
} from './types';

// Calls of jq-defined functions and of natives.

/**
 * A call of a jq-defined function: each argument becomes a closure in the callee's environment,
 * which starts `dropCount` slots up from the caller's (where the function was defined).
 */
export function callFunction(
  fn: FnInfo,
  args: Code[],
  dropCount: number,
): Code {
  const bind = (env: Env | null): Env | null => {
    let e = drop(env, dropCount);
    for (const a of args) e = new Env({ code: a, env } as Closure, e);
    return e;
  };
  if (args.length === 0 && fn.code?.single) {
    const s = fn.code.single;
    const p = fn.code.path;
    return fromSingle(
      (v, e, c) => {
        tick(c);
        return s(v, drop(e, dropCount), c);
      },
      (v, pth, e, c, o) => p(v, pth, drop(e, dropCount), c, o),
    );
  }
  return {
    run: (v, e, c, o) => {
      tick(c);
      fn.code!.run(v, bind(e), c, o);
    },
    path: (v, p, e, c, o) => {
      tick(c);
      fn.code!.path(v, p, bind(e), c, o);
    },
  };
}

/** A call of a native builtin; one with `single` arguments and a plain `fn` becomes `single`. */
export function callNative(native: NativeDef, args: Code[]): Code {
  const path: PathRun = native.path
    ? (v, p, e, c, o) => native.path!(v, p, args, e, c, o)
    : invalidPathRun(nativeRun(native, args));
  const fn = native.fn;
  if (fn && args.every(a => a.single)) {
    const singles = args.map(a => a.single!);
    if (singles.length === 0)
      return fromSingle((v, _e, c) => fn(v, [], c), path);
    if (singles.length === 1) {
      const a0 = singles[0];
      return fromSingle((v, e, c) => fn(v, [a0(v, e, c)], c), path);
    }
    return fromSingle((v, e, c) => {
      const vals = new Array(singles.length);
      for (let i = singles.length - 1; i >= 0; i--)
        vals[i] = singles[i](v, e, c);
      return fn(v, vals, c);
    }, path);
  }
  return { run: nativeRun(native, args), path };
}

function nativeRun(native: NativeDef, args: Code[]): Run {
  if (native.run) {
    const r = native.run;
    return (v, e, c, o) => r(v, args, e, c, o);
  }
  const fn = native.fn!;
  return (v, e, c, o) => {
    const vals = new Array(args.length);
    const step = (i: number): void => {
      if (i < 0) {
        o(fn(v, vals.slice(), c));
        return;
      }
      args[i].run(v, e, c, x => {
        vals[i] = x;
        step(i - 1);
      });
    };
    step(args.length - 1);
  };
}
