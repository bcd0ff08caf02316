import { JqRuntimeError } from '../errors';
import { Pattern } from '../parser/ast';
import { indexValue } from '../runtime/ops';
import type { Compiler } from './Compiler';
import { pushSlot, Scope } from './scope';
import { Code, Ctx, Env } from './types';

type Matcher = (
  value: unknown,
  input: unknown,
  env: Env | null,
  ctx: Ctx,
  vals: unknown[],
  k: () => void,
) => void;

/** Binds `value` to the patterns' variables and calls `k` with the extended environment. */
export type Binder = (
  value: unknown,
  input: unknown,
  env: Env | null,
  ctx: Ctx,
  k: (env: Env | null) => void,
) => void;

function collectNames(p: Pattern, names: string[]): void {
  const add = (n: string) => {
    if (!names.includes(n)) names.push(n);
  };
  if (p.type === 'var') add(p.name);
  else if (p.type === 'array') p.elements.forEach(e => collectNames(e, names));
  else {
    for (const en of p.entries) {
      if (en.bind) add(en.bind);
      if (en.value) collectNames(en.value, names);
    }
  }
}

/**
 * Compiles `as` patterns, including `?//` alternatives: every variable of every alternative is
 * bound (null where an alternative does not mention it), and an error while matching or in the
 * body moves on to the next alternative.
 */
export function compilePatterns(
  compiler: Compiler,
  patterns: Pattern[],
  scope: Scope | null,
): { bind: Binder; scope: Scope; alternatives: boolean } {
  const names: string[] = [];
  patterns.forEach(p => collectNames(p, names));
  let inner = scope;
  for (const n of names) inner = pushSlot(inner, `$${n}`);

  const compileMatcher = (p: Pattern): Matcher => {
    if (p.type === 'var') {
      const idx = names.indexOf(p.name);
      return (value, _i, _e, _c, vals, k) => {
        vals[idx] = value;
        k();
      };
    }
    if (p.type === 'array') {
      const elems = p.elements.map(compileMatcher);
      return (value, input, env, ctx, vals, k) => {
        const step = (i: number): void => {
          if (i === elems.length) {
            k();
            return;
          }
          const x = indexValue(value, i, ctx.dialect);
          elems[i](x, input, env, ctx, vals, () => step(i + 1));
        };
        step(0);
      };
    }
    const entries = p.entries.map(en => ({
      key: compiler.compilePatternKey(en.key, scope) as Code,
      bindIdx: en.bind ? names.indexOf(en.bind) : -1,
      value: en.value ? compileMatcher(en.value) : null,
    }));
    return (value, input, env, ctx, vals, k) => {
      const step = (i: number): void => {
        if (i === entries.length) {
          k();
          return;
        }
        const en = entries[i];
        en.key.run(input, env, ctx, key => {
          if (typeof key !== 'string') {
            indexValue(value, key, ctx.dialect);
            throw new JqRuntimeError(`Cannot index object with ${typeof key}`);
          }
          const x = indexValue(value, key, ctx.dialect);
          if (en.bindIdx >= 0) vals[en.bindIdx] = x;
          if (en.value) en.value(x, input, env, ctx, vals, () => step(i + 1));
          else step(i + 1);
        });
      };
      step(0);
    };
  };

  const matchers = patterns.map(compileMatcher);
  const n = names.length;
  const bind: Binder = (value, input, env, ctx, k) => {
    for (let a = 0; a < matchers.length; a++) {
      const vals: unknown[] = new Array(n).fill(null);
      const go = () => {
        let e = env;
        for (let i = 0; i < n; i++) e = new Env(vals[i], e);
        k(e);
      };
      if (a === matchers.length - 1) {
        matchers[a](value, input, env, ctx, vals, go);
        return;
      }
      try {
        matchers[a](value, input, env, ctx, vals, go);
        return;
      } catch (err) {
        if (!(err instanceof JqRuntimeError)) throw err;
      }
    }
  };
  return { bind, scope: inner!, alternatives: patterns.length > 1 };
}
