import { JqCompileError } from '../errors';
import { Ast, FuncDef } from '../parser/ast';
import { applyFormat, isKnownFormat } from '../builtins/formats';
import { BINARY_OPS, fail, negate } from '../runtime/ops';
import { JqObject, preview, setKey, toStringValue } from '../runtime/values';
import { checkLength, joinChecked } from '../runtime/limits';
import {
  BreakSignal,
  Closure,
  Code,
  Ctx,
  Env,
  lookup,
  Run,
  tick,
} from './types';
import { compilePatterns } from './patterns';
import { FnInfo, Library, pushSlot, Scope } from './scope';
import {
  compileAlt,
  compileArray,
  compileBinop,
  compileComma,
  compileIf,
  compileLiteral,
  compileIterate,
  compileLogic,
  compilePipe,
  compileTry,
  fromSingle,
  IDENTITY,
  invalidPathRun,
} from './combinators';
import { lowerAssign } from './lowerAssign';
import { callFunction, callNative } from './calls';
import { compileIndex, compileSlice } from './indexing';
import { lowerParams } from './lowerParams';

export class Compiler {
  constructor(
    private readonly src: string,
    private readonly lib: Library,
    private readonly globals: Map<string, number>,
  ) {}

  private error(msg: string, pos: number): never {
    throw new JqCompileError(msg, this.src, pos);
  }

  compile(ast: Ast, scope: Scope | null): Code {
    switch (ast.type) {
      case 'identity':
        return IDENTITY;
      case 'recurseDefault':
        return this.compileCall(
          { type: 'call', name: 'recurse', args: [], pos: ast.pos },
          scope,
        );
      case 'literal':
        return compileLiteral(ast.value);
      case 'loc':
        return compileLiteral({ file: '<top-level>', line: ast.line });
      case 'index':
        return compileIndex(
          this.compile(ast.target, scope),
          this.compile(ast.key, scope),
          ast.optional,
          ast.target.type === 'identity',
        );
      case 'slice':
        return compileSlice(
          this.compile(ast.target, scope),
          ast.from ? this.compile(ast.from, scope) : compileLiteral(null),
          ast.to ? this.compile(ast.to, scope) : compileLiteral(null),
          ast.optional,
        );
      case 'iterate':
        return compileIterate(ast.optional, this.compile(ast.target, scope));
      case 'pipe':
        return compilePipe(
          this.compile(ast.left, scope),
          this.compile(ast.right, scope),
        );
      case 'comma':
        return compileComma(
          this.compile(ast.left, scope),
          this.compile(ast.right, scope),
        );
      case 'neg': {
        const body = this.compile(ast.body, scope);
        return this.mapSingle(body, (x, c) => negate(x, c.dialect));
      }
      case 'binop':
        return compileBinop(
          BINARY_OPS[ast.op],
          this.compile(ast.left, scope),
          this.compile(ast.right, scope),
        );
      case 'and':
      case 'or':
        return compileLogic(
          ast.type,
          this.compile(ast.left, scope),
          this.compile(ast.right, scope),
        );
      case 'alt':
        return compileAlt(
          this.compile(ast.left, scope),
          this.compile(ast.right, scope),
        );
      case 'assign':
        return this.compile(lowerAssign(ast), scope);
      case 'array':
        return compileArray(ast.body ? this.compile(ast.body, scope) : null);
      case 'object':
        return this.compileObject(ast, scope);
      case 'string':
        return this.compileString(ast, scope);
      case 'format': {
        if (!isKnownFormat(ast.name))
          this.error(`${ast.name} is not a valid format`, ast.pos);
        const name = ast.name;
        return fromSingle((v, _e, c) => applyFormat(name, v, c));
      }
      case 'if':
        return compileIf(
          this.compile(ast.cond, scope),
          this.compile(ast.then, scope),
          ast.else ? this.compile(ast.else, scope) : null,
        );
      case 'try':
        return compileTry(
          this.compile(ast.body, scope),
          ast.handler ? this.compile(ast.handler, scope) : null,
        );
      case 'reduce':
      case 'foreach':
        return this.compileFold(ast, scope);
      case 'def': {
        const inner = this.defineFunction(ast.def, scope);
        return this.compile(ast.rest, inner);
      }
      case 'call':
        return this.compileCall(ast, scope);
      case 'var':
        return this.compileVar(ast.name, ast.pos, scope);
      case 'as':
        return this.compileAs(ast, scope);
      case 'label':
        return this.compileLabel(ast.name, ast.body, scope);
      case 'break':
        return this.compileBreak(ast.name, ast.pos, scope);
      default:
        return this.error('unsupported syntax', (ast as Ast).pos);
    }
  }

  /** Applies a one-to-one function to each output of `body`. */
  private mapSingle(body: Code, f: (x: unknown, c: Ctx) => unknown): Code {
    const s = body.single;
    if (s) return fromSingle((v, e, c) => f(s(v, e, c), c));
    const run: Run = (v, e, c, o) => body.run(v, e, c, x => o(f(x, c)));
    return { run, path: invalidPathRun(run) };
  }

  private compileObject(
    ast: Extract<Ast, { type: 'object' }>,
    scope: Scope | null,
  ): Code {
    const entries = ast.entries.map(en => {
      const key = this.compile(en.key, scope);
      if (key.constant && typeof key.constant.value !== 'string') {
        this.error(
          `Cannot use ${preview(key.constant.value, '1.7')} as object key`,
          en.key.pos,
        );
      }
      return { key, value: this.compile(en.value, scope) };
    });
    const checkKey = (k: unknown, c: Ctx): string => {
      if (typeof k !== 'string') {
        fail(`Cannot use ${preview(k, c.dialect)} as object key`);
      }
      return k as string;
    };
    if (entries.every(en => en.key.single && en.value.single)) {
      const n = entries.length;
      const constKeys = entries.map(en =>
        en.key.constant ? (en.key.constant.value as string) : null,
      );
      const keyFns = entries.map(en => en.key.single!);
      const valFns = entries.map(en => en.value.single!);
      return fromSingle((v, e, c) => {
        const o: JqObject = {};
        for (let i = 0; i < n; i++) {
          const k = constKeys[i] ?? keyFns[i](v, e, c);
          const x = valFns[i](v, e, c);
          setKey(o, checkKey(k, c), x);
        }
        return o;
      });
    }
    const run: Run = (v, e, c, o) => {
      const keys: string[] = [];
      const vals: unknown[] = [];
      const step = (i: number): void => {
        if (i === entries.length) {
          const obj: JqObject = {};
          for (let j = 0; j < i; j++) setKey(obj, keys[j], vals[j]);
          o(obj);
          return;
        }
        const en = entries[i];
        en.key.run(v, e, c, k => {
          en.value.run(v, e, c, x => {
            // jq checks the key when it inserts the pair, after the value exists
            keys[i] = checkKey(k, c);
            vals[i] = x;
            step(i + 1);
          });
        });
      };
      step(0);
    };
    return { run, path: invalidPathRun(run) };
  }

  private compileString(
    ast: Extract<Ast, { type: 'string' }>,
    scope: Scope | null,
  ): Code {
    const format = ast.format;
    if (format !== null && !isKnownFormat(format)) {
      this.error(`${format} is not a valid format`, ast.pos);
    }
    const parts = ast.parts.map(p =>
      typeof p === 'string' ? p : this.compile(p, scope),
    );
    const conv = (x: unknown, c: Ctx): string =>
      format === null
        ? toStringValue(x, c)
        : (applyFormat(format, x, c) as string);
    if (parts.every(p => typeof p === 'string' || p.single)) {
      // jq evaluates the interpolations from the last to the first
      const n = parts.length;
      return fromSingle((v, e, c) => {
        const vals: string[] = new Array(n);
        for (let i = n - 1; i >= 0; i--) {
          const p = parts[i];
          vals[i] = typeof p === 'string' ? p : conv(p.single!(v, e, c), c);
        }
        const s = vals.join('');
        checkLength(s.length, c, 'string');
        return s;
      });
    }
    const run: Run = (v, e, c, o) => {
      const vals: string[] = new Array(parts.length);
      // The last interpolation is the outer loop, as in jq.
      const step = (i: number): void => {
        if (i < 0) {
          o(joinChecked(vals, '', c));
          return;
        }
        const p = parts[i];
        if (typeof p === 'string') {
          vals[i] = p;
          step(i - 1);
        } else {
          p.run(v, e, c, x => {
            vals[i] = conv(x, c);
            step(i - 1);
          });
        }
      };
      step(parts.length - 1);
    };
    return { run, path: invalidPathRun(run) };
  }

  private compileFold(
    ast: Extract<Ast, { type: 'reduce' | 'foreach' }>,
    scope: Scope | null,
  ): Code {
    const source = this.compile(ast.source, scope);
    const init = this.compile(ast.init, scope);
    const { bind, scope: inner } = compilePatterns(this, ast.patterns, scope);
    const update = this.compile(ast.update, inner);
    /** Calls `step` with the environment of each source output bound to the patterns. */
    const each = (
      v: unknown,
      e: Env | null,
      c: Ctx,
      step: (env: Env | null) => void,
    ) =>
      source.run(v, e, c, x =>
        bind(x, v, e, c, env2 => {
          tick(c);
          step(env2);
        }),
      );
    if (ast.type === 'reduce') {
      const us = update.single;
      const reduceFrom = (
        v: unknown,
        acc0: unknown,
        e: Env | null,
        c: Ctx,
      ): unknown => {
        let acc = acc0;
        each(v, e, c, env2 => {
          if (us) {
            acc = us(acc, env2, c);
          } else {
            let last: unknown = null;
            update.run(acc, env2, c, r => {
              last = r;
            });
            acc = last;
          }
        });
        return acc;
      };
      const is = init.single;
      if (is) return fromSingle((v, e, c) => reduceFrom(v, is(v, e, c), e, c));
      const run: Run = (v, e, c, o) =>
        init.run(v, e, c, a => o(reduceFrom(v, a, e, c)));
      return { run, path: invalidPathRun(run) };
    }
    const extract = ast.extract ? this.compile(ast.extract, inner) : null;
    const run: Run = (v, e, c, o) =>
      init.run(v, e, c, a => {
        let acc = a;
        each(v, e, c, env2 =>
          update.run(acc, env2, c, r => {
            acc = r;
            if (extract) extract.run(r, env2, c, o);
            else o(r);
          }),
        );
      });
    return { run, path: invalidPathRun(run) };
  }

  private defineFunction(def: FuncDef, scope: Scope | null): Scope {
    const fn: FnInfo = { name: def.name, params: def.params, code: null };
    const key = `${def.name}/${def.params.length}`;
    const withSelf: Scope = {
      entry: { kind: 'def', key, fn },
      parent: scope,
      depth: scope?.depth ?? 0,
    };
    fn.code = this.compileBody(def, withSelf);
    return withSelf;
  }

  /** Adds a function to the prelude library (used once, when the prelude is compiled). */
  defineLibraryFunction(def: FuncDef): FnInfo {
    const key = `${def.name}/${def.params.length}`;
    const fn: FnInfo = { name: def.name, params: def.params, code: null };
    this.lib.defs.set(key, fn);
    fn.code = this.compileBody(def, null);
    return fn;
  }

  /** A function's body, in `scope` plus one closure slot per parameter. */
  private compileBody(def: FuncDef, scope: Scope | null): Code {
    const { slots, body } = lowerParams(def);
    let bodyScope = scope;
    for (const slot of slots) bodyScope = pushSlot(bodyScope, slot);
    return this.compile(body, bodyScope);
  }

  private compileCall(
    ast: Extract<Ast, { type: 'call' }>,
    scope: Scope | null,
  ): Code {
    const arity = ast.args.length;
    const key = `${ast.name}/${arity}`;
    const depth = scope?.depth ?? 0;
    let slotsAbove = 0;
    for (let s = scope; s; s = s.parent) {
      const en = s.entry;
      if (en.kind === 'slot') {
        if (arity === 0 && en.name === key) return closureCall(slotsAbove);
        slotsAbove++;
      } else if (en.key === key) {
        return callFunction(
          en.fn,
          ast.args.map(a => this.compile(a, scope)),
          depth - s.depth,
        );
      }
    }
    const libFn = this.lib.defs.get(key);
    if (libFn) {
      return callFunction(
        libFn,
        ast.args.map(a => this.compile(a, scope)),
        depth,
      );
    }
    const native = this.lib.natives.get(key);
    if (native) {
      return callNative(
        native,
        ast.args.map(a => this.compile(a, scope)),
      );
    }
    return this.error(`${key} is not defined`, ast.pos);
  }

  private compileVar(name: string, pos: number, scope: Scope | null): Code {
    const key = `$${name}`;
    let distance = 0;
    for (let s = scope; s; s = s.parent) {
      if (s.entry.kind === 'slot') {
        if (s.entry.name === key) {
          const d = distance;
          if (d === 0) return fromSingle((_v, e) => e!.v);
          if (d === 1) return fromSingle((_v, e) => e!.next!.v);
          return fromSingle((_v, e) => lookup(e, d));
        }
        distance++;
      }
    }
    if (name === 'ENV') return fromSingle((_v, _e, c) => c.env);
    if (name === '__prog_args') return fromSingle(() => []);
    const g = this.globals.get(name);
    if (g !== undefined) return fromSingle((_v, _e, c) => c.globals[g] ?? null);
    return this.error(`$${name} is not defined`, pos);
  }

  private compileAs(
    ast: Extract<Ast, { type: 'as' }>,
    scope: Scope | null,
  ): Code {
    const source = this.compile(ast.source, scope);
    const {
      bind,
      scope: inner,
      alternatives,
    } = compilePatterns(this, ast.patterns, scope);
    const body = this.compile(ast.body, inner);
    if (!alternatives && ast.patterns[0].type === 'var') {
      const ss = source.single;
      const bs = body.single;
      if (ss && bs) {
        return fromSingle(
          (v, e, c) => bs(v, new Env(ss(v, e, c), e), c),
          (v, p, e, c, o) =>
            source.run(v, e, c, x => body.path(v, p, new Env(x, e), c, o)),
        );
      }
      return {
        run: (v, e, c, o) =>
          source.run(v, e, c, x => body.run(v, new Env(x, e), c, o)),
        path: (v, p, e, c, o) =>
          source.run(v, e, c, x => body.path(v, p, new Env(x, e), c, o)),
      };
    }
    return {
      run: (v, e, c, o) =>
        source.run(v, e, c, x =>
          bind(x, v, e, c, env2 => body.run(v, env2, c, o)),
        ),
      path: (v, p, e, c, o) =>
        source.run(v, e, c, x =>
          bind(x, v, e, c, env2 => body.path(v, p, env2, c, o)),
        ),
    };
  }

  private compileLabel(name: string, bodyAst: Ast, scope: Scope | null): Code {
    const body = this.compile(bodyAst, pushSlot(scope, `*label-${name}`));
    return {
      run: (v, e, c, o) => {
        const label = {};
        try {
          body.run(v, new Env(label, e), c, o);
        } catch (err) {
          if (err instanceof BreakSignal && err.label === label) return;
          throw err;
        }
      },
      path: (v, p, e, c, o) => {
        const label = {};
        try {
          body.path(v, p, new Env(label, e), c, o);
        } catch (err) {
          if (err instanceof BreakSignal && err.label === label) return;
          throw err;
        }
      },
    };
  }

  private compileBreak(name: string, pos: number, scope: Scope | null): Code {
    const key = `*label-${name}`;
    let distance = 0;
    for (let s = scope; s; s = s.parent) {
      if (s.entry.kind === 'slot') {
        if (s.entry.name === key) {
          const d = distance;
          const raise = (e: Env | null): never => {
            throw new BreakSignal(lookup(e, d) as object);
          };
          return { run: (_v, e) => raise(e), path: (_v, _p, e) => raise(e) };
        }
        distance++;
      }
    }
    return this.error(`$*label-${name} is not defined`, pos);
  }

  compilePatternKey(ast: Ast, scope: Scope | null): Code {
    const key = this.compile(ast, scope);
    if (key.constant && typeof key.constant.value !== 'string') {
      this.error(
        `Cannot use ${preview(key.constant.value, '1.7')} as object key`,
        ast.pos,
      );
    }
    return key;
  }
}

function closureCall(distance: number): Code {
  return {
    run: (v, e, c, o) => {
      const cl = lookup(e, distance) as Closure;
      cl.code.run(v, cl.env, c, o);
    },
    path: (v, p, e, c, o) => {
      const cl = lookup(e, distance) as Closure;
      cl.code.path(v, p, cl.env, c, o);
    },
  };
}
