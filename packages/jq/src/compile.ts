import { JqLimitError } from './errors';
import { Compiler } from './compiler/Compiler';
import { Code, Ctx, RunIO } from './compiler/types';
import { getLibrary } from './builtins/library';
import { parse } from './parser/parse';
import { Dialect } from './runtime/values';
import { DEFAULT_MAX_VALUE_LENGTH } from './runtime/limits';

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
  /**
   * The longest string (UTF-16 code units), array (elements) or object (keys) a run may build;
   * a larger one ends the run with a JqLimitError. Default 10,000,000.
   */
  maxValueLength?: number;
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
  run(
    input: unknown,
    vars?: Record<string, unknown>,
    io?: RunIO,
  ): Iterable<unknown>;
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

/**
 * Compiles a jq program once; the result can be run any number of times on plain JS values.
 * @public
 */
export function compile(
  source: string,
  options: CompileOptions = {},
): JqProgram {
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
  const maxValueLength = options.maxValueLength ?? DEFAULT_MAX_VALUE_LENGTH;
  const env = options.env ?? {};
  const now = options.now ?? Date.now;
  const dialect = options.dialect ?? '1.7';
  const names = options.variables ?? [];

  const noGlobals: unknown[] = [];
  const noIo: RunIO = {};
  const globalsOf = (vars: Record<string, unknown> | undefined): unknown[] =>
    names.length === 0
      ? noGlobals
      : names.map(n =>
          vars && Object.prototype.hasOwnProperty.call(vars, n)
            ? vars[n]
            : null,
        );
  // One context is reused run after run; a re-entrant run (from a callback) gets its own.
  const shared: Ctx = {
    steps: 0,
    stop: null,
    startedAt: 0,
    maxSteps,
    timeoutMs,
    maxValueLength,
    dialect,
    env,
    globals: noGlobals,
    now,
    io: noIo,
  };
  let sharedBusy = false;
  const makeCtx = (
    vars: Record<string, unknown> | undefined,
    io: RunIO | undefined,
  ): Ctx => {
    const ctx = sharedBusy ? { ...shared } : shared;
    ctx.steps = 0;
    ctx.stop = null;
    ctx.startedAt = 0;
    ctx.globals = globalsOf(vars);
    ctx.io = io ?? noIo;
    return ctx;
  };

  const single = code.single;
  const firstToken = {};
  let firstResult: unknown = undefined;
  const firstOut = (v: unknown, ctx: Ctx) => {
    if (ctx.stop === null) {
      firstResult = v;
      ctx.stop = firstToken;
    }
  };

  // JS resource limits (stack depth, string or array length) end the run with a JqLimitError.
  const translate = (e: unknown): unknown => {
    if (!(e instanceof RangeError)) return e;
    if (/call stack/i.test(e.message)) {
      return new JqLimitError(
        'jq program exceeded the maximum recursion depth',
      );
    }
    return new JqLimitError(
      `jq program exceeded a JavaScript limit: ${e.message}`,
    );
  };

  /** Runs the program on the shared context (or a copy when re-entered), sending outputs to `out`. */
  const execute = (
    input: unknown,
    vars: Record<string, unknown> | undefined,
    io: RunIO | undefined,
    out: (v: unknown, ctx: Ctx) => void,
  ): unknown => {
    const ctx = makeCtx(vars, io);
    const owner = ctx === shared;
    if (owner) sharedBusy = true;
    try {
      if (single && out === firstOut) return single(input, null, ctx);
      code.run(input, null, ctx, v => out(v, ctx));
      return undefined;
    } catch (e) {
      throw translate(e);
    } finally {
      if (owner) sharedBusy = false;
    }
  };

  return {
    source,
    run(input, vars, io) {
      const out: unknown[] = [];
      execute(input, vars, io, v => {
        out.push(v);
      });
      return out;
    },
    each(input, onOutput, vars, io) {
      const token = {};
      execute(input, vars, io, (v, ctx) => {
        if (onOutput(v) === false) ctx.stop = token;
      });
    },
    first(input, vars, io) {
      if (single) return execute(input, vars, io, firstOut);
      firstResult = undefined;
      execute(input, vars, io, firstOut);
      const r = firstResult;
      firstResult = undefined;
      return r;
    },
  };
}
