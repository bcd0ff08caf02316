import { JqLimitError } from './errors';
import { Compiler } from './compiler/compile';
import { Code, Ctx, RunIO } from './compiler/types';
import { getLibrary } from './builtins/library';
import { parse } from './parser/parse';
import { Dialect } from './runtime/values';

/** @public */
export interface CompileOptions {
  /** The object `$ENV` and `env` return. Default `{}`: the host environment is never exposed implicitly. */
  env?: Record<string, unknown>;
  /** Names of the `$variables` that `run`/`first` will supply (like jq's `--arg`). */
  variables?: string[];
  /** Step budget per run (function calls, loop iterations). Default 10,000,000. */
  maxSteps?: number;
  /** Wall-clock budget per run, in milliseconds. Default 10,000. */
  timeoutMs?: number;
  /** Clock for `now`, in milliseconds since the epoch. Default `Date.now`. */
  now?: () => number;
  /**
   * Which jq's error wording and edge cases to follow: `'1.7'` (jq 1.7.1, the default) or `'1.8'`.
   */
  dialect?: Dialect;
}

/** @public */
export interface JqProgram {
  readonly source: string;
  /** Every output, in order. Use `first` when only the first one is needed: it stops early. */
  run(input: unknown, vars?: Record<string, unknown>, io?: RunIO): Iterable<unknown>;
  /** The first output, or `undefined` when the program produces none. */
  first(input: unknown, vars?: Record<string, unknown>, io?: RunIO): unknown;
  /**
   * Streams outputs to `onOutput` as they are produced; returning `false` from it stops the
   * program. Outputs delivered before a runtime error stay delivered.
   */
  each(
    input: unknown,
    onOutput: (value: unknown) => boolean | void,
    vars?: Record<string, unknown>,
    io?: RunIO,
  ): void;
}

const DEFAULT_MAX_STEPS = 10_000_000;
const DEFAULT_TIMEOUT_MS = 10_000;

class FirstFound {
  value: unknown;
}

/**
 * Compiles a jq program once; the result can be run any number of times on plain JS values.
 * @public
 */
export function compile(source: string, options: CompileOptions = {}): JqProgram {
  const lib = getLibrary();
  const globals = new Map<string, number>();
  (options.variables ?? []).forEach((name, i) => globals.set(name, i));
  let code: Code;
  try {
    const ast = parse(source, (options.dialect ?? '1.7') === '1.8').body;
    code = new Compiler(source, lib, globals).compile(ast, null);
  } catch (e) {
    if (e instanceof RangeError) {
      throw new JqLimitError('jq program is nested too deeply to compile');
    }
    throw e;
  }
  const maxSteps = options.maxSteps ?? DEFAULT_MAX_STEPS;
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const env = options.env ?? {};
  const now = options.now ?? Date.now;
  const dialect = options.dialect ?? '1.7';
  const names = options.variables ?? [];

  const noGlobals: unknown[] = [];
  const noIo: RunIO = {};
  const globalsOf = (vars: Record<string, unknown> | undefined): unknown[] =>
    names.length === 0
      ? noGlobals
      : names.map(n => (vars && Object.prototype.hasOwnProperty.call(vars, n) ? vars[n] : null));
  // One context is reused run after run; a re-entrant run (from a callback) gets its own.
  const shared: Ctx = {
    steps: 0,
    startedAt: 0,
    maxSteps,
    timeoutMs,
    dialect,
    env,
    globals: noGlobals,
    now,
    io: noIo,
  };
  let sharedBusy = false;
  const makeCtx = (vars: Record<string, unknown> | undefined, io: RunIO | undefined): Ctx => {
    const ctx = sharedBusy ? { ...shared } : shared;
    ctx.steps = 0;
    ctx.startedAt = 0;
    ctx.globals = globalsOf(vars);
    ctx.io = io ?? noIo;
    return ctx;
  };

  const guard = <T>(ctx: Ctx, f: () => T): T => {
    const owner = ctx === shared && !sharedBusy;
    if (owner) sharedBusy = true;
    try {
      return f();
    } catch (e) {
      if (e instanceof RangeError && /call stack/i.test(e.message)) {
        throw new JqLimitError('jq program exceeded the maximum recursion depth');
      }
      throw e;
    } finally {
      if (owner) sharedBusy = false;
    }
  };

  const single = code.single;
  return {
    source,
    run(input, vars, io) {
      const out: unknown[] = [];
      const ctx = makeCtx(vars, io);
      guard(ctx, () => code.run(input, null, ctx, v => {
        out.push(v);
      }));
      return out;
    },
    each(input, onOutput, vars, io) {
      const ctx = makeCtx(vars, io);
      const stop = new FirstFound();
      try {
        guard(ctx, () =>
          code.run(input, null, ctx, v => {
            if (onOutput(v) === false) throw stop;
          }),
        );
      } catch (e) {
        if (e !== stop) throw e;
      }
    },
    first(input, vars, io) {
      const ctx = makeCtx(vars, io);
      if (single) return guard(ctx, () => single(input, null, ctx));
      const found = new FirstFound();
      try {
        guard(ctx, () =>
          code.run(input, null, ctx, v => {
            found.value = v;
            throw found;
          }),
        );
      } catch (e) {
        if (e === found) return found.value;
        throw e;
      }
      return undefined;
    },
  };
}
