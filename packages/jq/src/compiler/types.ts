import { JqLimitError, JqRuntimeError } from '../errors';
import { Dialect, toJson, truncateBytes } from '../runtime/values';

/**
 * The evaluator is continuation-passing: a filter calls `out` once per output, in order.
 * A consumer that wants one output never pays for the rest (see `Ctx.stop`).
 */
export type Out = (v: unknown) => void;
/**
 * In path mode each output carries its path; `null` marks a value that is not a path (jq reports
 * it only if something then tries to extend or use it as one).
 */
export type PathOut = (v: unknown, path: Path) => void;
export type Path = unknown[] | null;

/** Runtime bindings: one node per variable, closure parameter or label, innermost first. */
export class Env {
  constructor(readonly v: unknown, readonly next: Env | null) {}
}

export interface RunIO {
  /** Values returned by `input` / `inputs`. */
  inputs?: Iterator<unknown>;
  /** Receives the message of `debug` and `stderr`. */
  debug?: (message: unknown) => void;
  stderr?: (value: unknown) => void;
}

/**
 * Per-run state. The clock is read lazily (at the first deadline check, after 1024 steps), so a
 * short run never pays for it; the deadline is measured from there.
 */
export interface Ctx {
  steps: number;
  /**
   * Set by an early exit (`first`, `limit`, `isempty`, `first()` of the API) to a token; every
   * producer of several outputs checks it after each one and returns, so the stack unwinds without
   * an exception (throwing through closures costs microseconds). The setter clears its own token.
   */
  stop: object | null;
  /** Date.now() at the first deadline check, 0 before */
  startedAt: number;
  readonly maxSteps: number;
  readonly timeoutMs: number;
  readonly dialect: Dialect;
  /** See `ValueLimits`: the longest string, array or object the run may build. */
  readonly maxValueLength: number;
  readonly env: Record<string, unknown>;
  globals: unknown[];
  readonly now: () => number;
  io: RunIO;
}

export type Run = (input: unknown, env: Env | null, ctx: Ctx, out: Out) => void;
export type PathRun = (
  input: unknown,
  path: Path,
  env: Env | null,
  ctx: Ctx,
  out: PathOut,
) => void;
/** Present when a filter always yields exactly one output (or throws): no callback needed. */
export type Single = (input: unknown, env: Env | null, ctx: Ctx) => unknown;

export interface Code {
  run: Run;
  path: PathRun;
  single?: Single;
  /** the literal value when the filter is a constant */
  constant?: { value: unknown };
}

/** A filter argument bound to the environment it was written in. */
export interface Closure {
  code: Code;
  env: Env | null;
}

/** `break $label`: unwinds to the matching `label`; never caught by `try`. */
export class BreakSignal {
  constructor(readonly label: object) {}
}

/**
 * Carries an error raised downstream of a `try` (in its continuation) through that `try`, which
 * must not catch it: `try` only guards its own body.
 */
export class PassThrough {
  constructor(readonly owner: object, readonly inner: unknown) {}
}

export function passThrough(owner: object, out: Out): Out {
  return v => {
    try {
      out(v);
    } catch (e) {
      if (e instanceof JqRuntimeError || e instanceof PassThrough) {
        throw new PassThrough(owner, e);
      }
      throw e;
    }
  };
}

export function passThroughPath(owner: object, out: PathOut): PathOut {
  return (v, p) => {
    try {
      out(v, p);
    } catch (e) {
      if (e instanceof JqRuntimeError || e instanceof PassThrough) {
        throw new PassThrough(owner, e);
      }
      throw e;
    }
  };
}

/**
 * Classifies an exception caught by a `try`-like construct owned by `owner`: the JqRuntimeError to
 * handle, or rethrows anything that is not ours to catch.
 */
export function caught(owner: object, e: unknown): JqRuntimeError {
  if (e instanceof PassThrough) {
    if (e.owner === owner) throw e.inner;
    throw e;
  }
  if (e instanceof JqRuntimeError) return e;
  throw e;
}

export function notAPath(v: unknown): never {
  throw new JqRuntimeError(
    `Invalid path expression with result ${truncateForPath(v)}`,
  );
}

export function extendPath(
  path: Path,
  key: unknown,
  target: unknown,
): unknown[] {
  if (path === null) {
    throw new JqRuntimeError(
      `Invalid path expression near attempt to access element ${truncateBytes(
        toJson(key),
        14,
        11,
      )} of ${truncateForPath(target)}`,
    );
  }
  return [...path, key];
}

export function iteratePath(path: Path, target: unknown): unknown[] {
  if (path === null) {
    throw new JqRuntimeError(
      `Invalid path expression near attempt to iterate through ${truncateForPath(
        target,
      )}`,
    );
  }
  return path;
}

/**
 * jq's `jv_dump_string_trunc` into a 30-byte buffer: 29 bytes, or 26 and `...` (the key of an
 * access gets a 15-byte buffer).
 */
function truncateForPath(v: unknown): string {
  return truncateBytes(toJson(v), 29, 26);
}

export function tick(ctx: Ctx): void {
  const n = ++ctx.steps;
  if (n > ctx.maxSteps) throw stepBudgetError(ctx);
  if ((n & 1023) === 0) checkDeadline(ctx);
}

/**
 * Charges `n` steps at once for work done outside the evaluator (a regex match) and checks the
 * deadline, which such work may have used up between two ticks.
 */
export function charge(ctx: Ctx, n: number): void {
  ctx.steps += n;
  if (ctx.steps > ctx.maxSteps) throw stepBudgetError(ctx);
  checkDeadline(ctx);
}

function checkDeadline(ctx: Ctx): void {
  const t = Date.now();
  if (ctx.startedAt === 0) ctx.startedAt = t;
  else if (t - ctx.startedAt > ctx.timeoutMs) {
    throw new JqLimitError('jq program exceeded its deadline');
  }
}

function stepBudgetError(ctx: Ctx): JqLimitError {
  return new JqLimitError(
    `jq program exceeded its step budget of ${ctx.maxSteps} steps`,
  );
}

export function lookup(env: Env | null, distance: number): unknown {
  let e = env!;
  for (let i = 0; i < distance; i++) e = e.next!;
  return e.v;
}

export function drop(env: Env | null, n: number): Env | null {
  let e = env;
  for (let i = 0; i < n; i++) e = e!.next;
  return e;
}

/**
 * A builtin implemented in TypeScript. `fn` natives receive their arguments' values (every
 * combination, the last argument varying slowest, as jq's C builtins do) and return one output;
 * `run` natives receive their arguments as unevaluated filters.
 */
export interface NativeDef {
  fn?: (input: unknown, args: unknown[], ctx: Ctx) => unknown;
  run?: (
    input: unknown,
    args: Code[],
    env: Env | null,
    ctx: Ctx,
    out: Out,
  ) => void;
  path?: (
    input: unknown,
    path: Path,
    args: Code[],
    env: Env | null,
    ctx: Ctx,
    out: PathOut,
  ) => void;
}
