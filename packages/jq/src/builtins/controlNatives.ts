import { JqHaltError } from '../errors';
import {
  Code,
  Ctx,
  Env,
  extendPath,
  NativeDef,
  notAPath,
  Path,
  tick,
} from '../compiler/types';
import { fail } from '../runtime/ops';
import { delPaths, getPath, setPath } from '../runtime/paths';
import { isObject, isTruthy, preview } from '../runtime/values';
import { splitRegex } from './regex';
import { substitute } from './strings';

export function runFirst(
  code: Code,
  v: unknown,
  e: Env | null,
  c: Ctx,
): { value: unknown } | null {
  let found: { value: unknown } | null = null;
  const token = {};
  code.run(v, e, c, x => {
    if (found === null) {
      found = { value: x };
      c.stop = token;
    }
  });
  if (c.stop === token) c.stop = null;
  return found;
}

/** Natives that control evaluation: loops, early exit, paths, assignment, input and output. */
export const CONTROL_NATIVES: Record<string, NativeDef> = {
  'empty/0': { run: () => undefined, path: () => undefined },
  'select/1': {
    run: (v, [f], e, c, o) => {
      const s = f.single;
      if (s) {
        if (isTruthy(s(v, e, c))) o(v);
      } else {
        f.run(v, e, c, x => {
          if (isTruthy(x)) o(v);
        });
      }
    },
    path: (v, p, [f], e, c, o) =>
      f.run(v, e, c, x => {
        if (isTruthy(x)) o(v, p);
      }),
  },
  'path/1': {
    run: (v, [f], e, c, o) =>
      f.path(v, [], e, c, (x, p) => o(p ?? notAPath(x))),
  },
  'range/2': {
    run: (v, [from, upto], e, c, o) =>
      from.run(v, e, c, a =>
        upto.run(v, e, c, b => {
          if (typeof a !== 'number' || typeof b !== 'number')
            fail('Range bounds must be numeric');
          for (let i = a as number; i < (b as number); i++) {
            tick(c);
            o(i);
            if (c.stop) return;
          }
        }),
      ),
  },
  'range/3': {
    run: (v, [from, upto, by], e, c, o) =>
      from.run(v, e, c, a =>
        upto.run(v, e, c, b =>
          by.run(v, e, c, s => {
            if (
              typeof a !== 'number' ||
              typeof b !== 'number' ||
              typeof s !== 'number'
            ) {
              fail('Range bounds must be numeric');
            }
            const step = s as number;
            if (step > 0) {
              for (let i = a as number; i < (b as number); i += step) {
                tick(c);
                o(i);
                if (c.stop) return;
              }
            } else if (step < 0) {
              for (let i = a as number; i > (b as number); i += step) {
                tick(c);
                o(i);
                if (c.stop) return;
              }
            } else if ((a as number) < (b as number)) {
              while (!c.stop) {
                tick(c);
                o(a);
              }
            }
          }),
        ),
      ),
  },
  'last/1': {
    run: (v, [f], e, c, o) => {
      let found: { value: unknown } | null = null;
      f.run(v, e, c, x => {
        found = { value: x };
      });
      if (found) o((found as { value: unknown }).value);
      // jq 1.7.1's `last(g)` is `reduce g as $x (null; $x)`: null when g is empty
      else if (c.dialect === '1.7') o(null);
    },
    // As a path, jq 1.7.1's `reduce` is intact only when its result is the input itself
    // (`last(..)` on a scalar, `last(empty)` on null); otherwise it is not a path, which fails
    // only at a later path operation or the path's end (`del(last(..) | select(false))` is
    // fine). jq 1.8's native `last` has no path.
    path: (v, p, [f], e, c, o) => {
      let r: unknown = null;
      let any = false;
      const keep = (x: unknown) => {
        r = x;
        any = true;
      };
      if (c.dialect === '1.8') {
        f.run(v, e, c, keep);
        if (any) notAPath(r);
        return;
      }
      // the source of jq 1.7.1's reduce runs as a path: `last([] | .[0:])` fails inside it
      f.path(v, p, e, c, keep);
      o(r, r === v ? p : null);
    },
  },
  'first/1': {
    run: (v, [f], e, c, o) => {
      const r = runFirst(f, v, e, c);
      if (r) o(r.value);
    },
    path: (v, p, [f], e, c, o) => {
      let found: [unknown, Path] | null = null;
      const token = {};
      f.path(v, p, e, c, (x, xp) => {
        if (found === null) {
          found = [x, xp];
          c.stop = token;
        }
      });
      if (c.stop === token) c.stop = null;
      if (found)
        o((found as [unknown, Path])[0], (found as [unknown, Path])[1]);
    },
  },
  'isempty/1': {
    run: (v, [f], e, c, o) => o(runFirst(f, v, e, c) === null),
  },
  'limit/2': {
    run: (v, [nCode, f], e, c, o) =>
      nCode.run(v, e, c, n => {
        if (typeof n !== 'number') fail('Invalid limit: must be a number');
        if ((n as number) < 0) {
          if (c.dialect === '1.8') fail("limit doesn't support negative count");
          f.run(v, e, c, o);
          return;
        }
        if ((n as number) <= 0) return;
        let count = 0;
        const token = {};
        f.run(v, e, c, x => {
          if (c.stop) return;
          count++;
          o(x);
          if (count >= (n as number) && !c.stop) c.stop = token;
        });
        if (c.stop === token) c.stop = null;
      }),
    path: (v, p, [nCode, f], e, c, o) =>
      nCode.run(v, e, c, n => {
        if ((n as number) <= 0) return;
        let count = 0;
        const token = {};
        f.path(v, p, e, c, (x, xp) => {
          if (c.stop) return;
          count++;
          o(x, xp);
          if (count >= (n as number) && !c.stop) c.stop = token;
        });
        if (c.stop === token) c.stop = null;
      }),
  },
  'skip/2': {
    run: (v, [nCode, f], e, c, o) =>
      nCode.run(v, e, c, n => {
        if (typeof n !== 'number') fail('Invalid skip: must be a number');
        if ((n as number) < 0) fail("skip doesn't support negative count");
        let count = 0;
        f.run(v, e, c, x => {
          if (count++ >= (n as number)) o(x);
        });
      }),
  },
  'until/2': {
    run: (v, [cond, update], e, c, o) => {
      const loop = (x: unknown): void => {
        let cur = x;
        for (;;) {
          tick(c);
          let done = false;
          let multi = false;
          cond.run(cur, e, c, t => {
            if (multi) return;
            multi = true;
            done = t !== null && t !== false;
          });
          if (done) {
            o(cur);
            return;
          }
          const nexts: unknown[] = [];
          update.run(cur, e, c, n => {
            nexts.push(n);
          });
          if (nexts.length !== 1) {
            for (const n of nexts) if (!c.stop) loop(n);
            return;
          }
          cur = nexts[0];
        }
      };
      loop(v);
    },
  },
  'while/2': {
    run: (v, [cond, update], e, c, o) => {
      const loop = (x: unknown): void => {
        let cur = x;
        for (;;) {
          tick(c);
          const results: boolean[] = [];
          cond.run(cur, e, c, t => {
            results.push(t !== null && t !== false);
          });
          if (results.length !== 1) {
            for (const r of results) {
              if (r && !c.stop) {
                o(cur);
                if (!c.stop) update.run(cur, e, c, loop);
              }
            }
            return;
          }
          if (!results[0]) return;
          o(cur);
          if (c.stop) return;
          const nexts: unknown[] = [];
          update.run(cur, e, c, n => {
            nexts.push(n);
          });
          if (nexts.length !== 1) {
            for (const n of nexts) if (!c.stop) loop(n);
            return;
          }
          cur = nexts[0];
        }
      };
      loop(v);
    },
  },
  // jq 1.7.1 defines `def repeat(f): def _repeat: f, _repeat; _repeat;`: f again and again on
  // the same input, until it errors or the consumer stops.
  'repeat/1': {
    run: (v, [f], e, c, o) => {
      while (!c.stop) {
        tick(c);
        f.run(v, e, c, o);
      }
    },
  },
  'recurse/1': {
    run: (v, [f], e, c, o) => {
      const walk = (x: unknown): void => {
        tick(c);
        o(x);
        if (!c.stop) f.run(x, e, c, walk);
      };
      walk(v);
    },
    path: (v, p, [f], e, c, o) => {
      const walk = (x: unknown, xp: Path): void => {
        tick(c);
        o(x, xp);
        if (!c.stop) f.path(x, xp, e, c, walk);
      };
      walk(v, p);
    },
  },
  'recurse/0': {
    run: (v, _a, _e, c, o) => {
      const walk = (x: unknown): void => {
        tick(c);
        o(x);
        if (Array.isArray(x)) {
          for (const y of x) if (!c.stop) walk(y);
        } else if (isObject(x)) {
          for (const k of Object.keys(x)) if (!c.stop) walk(x[k]);
        }
      };
      walk(v);
    },
    path: (v, p, _a, _e, c, o) => {
      const walk = (x: unknown, xp: Path): void => {
        tick(c);
        o(x, xp);
        if (Array.isArray(x)) {
          x.forEach((y, i) => !c.stop && walk(y, extendPath(xp, i, x)));
        } else if (isObject(x)) {
          for (const k of Object.keys(x))
            if (!c.stop) walk(x[k], extendPath(xp, k, x));
        }
      };
      walk(v, p);
    },
  },
  'sub/2': { run: (v, args, e, c, o) => substitute(v, args, e, c, o, false) },
  'sub/3': { run: (v, args, e, c, o) => substitute(v, args, e, c, o, false) },
  'gsub/2': { run: (v, args, e, c, o) => substitute(v, args, e, c, o, true) },
  'gsub/3': { run: (v, args, e, c, o) => substitute(v, args, e, c, o, true) },
  '_modify/2': {
    run: (v, [paths, update], e, c, o) => {
      let state = v;
      const dels: unknown[][] = [];
      paths.path(v, [], e, c, (x, path) => {
        const p = path ?? notAPath(x);
        const cur = getPath(state, p, c.dialect);
        const r = runFirst(update, cur, e, c);
        if (r) state = setPath(state, p, r.value, c.dialect, c);
        else dels.push(p);
      });
      o(dels.length ? delPaths(state, dels, c.dialect) : state);
    },
  },
  '_assign/2': {
    run: (v, [paths, value], e, c, o) =>
      value.run(v, e, c, x => {
        let state = v;
        paths.path(v, [], e, c, (y, p) => {
          state = setPath(state, p ?? notAPath(y), x, c.dialect, c);
        });
        o(state);
      }),
  },
  'input/0': {
    run: (_v, _a, _e, c, o) => {
      const next = c.io.inputs?.next();
      if (!next || next.done) fail('No more inputs');
      o(next!.value);
    },
  },
  'inputs/0': {
    run: (_v, _a, _e, c, o) => {
      const it = c.io.inputs;
      if (!it) return;
      for (;;) {
        tick(c);
        const next = it.next();
        if (next.done) return;
        o(next.value);
        if (c.stop) return;
      }
    },
  },
  'debug/0': {
    run: (v, _a, _e, c, o) => {
      c.io.debug?.(['DEBUG:', v]);
      o(v);
    },
  },
  'stderr/0': {
    run: (v, _a, _e, c, o) => {
      c.io.stderr?.(v);
      o(v);
    },
  },
  'halt/0': {
    run: () => {
      throw new JqHaltError(0);
    },
  },
  'halt_error/1': {
    run: (v, [code], e, c) =>
      code.run(v, e, c, n => {
        if (typeof n !== 'number') fail('halt_error/1: number required');
        throw new JqHaltError(n as number, v);
      }),
  },
  'splits/2': {
    run: (v, [re, flags], e, c, o) =>
      flags.run(v, e, c, f =>
        re.run(v, e, c, r => {
          if (typeof v !== 'string')
            fail(
              `${preview(
                v,
                c.dialect,
              )} cannot be matched, as it is not a string`,
            );
          for (const s of splitRegex(v, r, f, c)) {
            o(s);
            if (c.stop) return;
          }
        }),
      ),
  },
};
