/** Where a compile error was found, 1-based like jq's messages. */
export interface SourceLocation {
  line: number;
  column: number;
}

/**
 * A program that cannot be compiled. `message` is the full text with a caret snippet;
 * `jqMessage` is jq's own message alone.
 * @public
 */
export class JqCompileError extends Error {
  readonly jqMessage: string;
  readonly line: number;
  readonly column: number;
  readonly snippet: string;

  constructor(jqMessage: string, source: string, offset: number) {
    const { line, column, snippet } = locate(source, offset);
    super(
      `${jqMessage} at <top-level>, line ${line}, column ${column}:\n${snippet}`,
    );
    this.name = 'JqCompileError';
    this.jqMessage = jqMessage;
    this.line = line;
    this.column = column;
    this.snippet = snippet;
  }
}

function locate(source: string, offset: number) {
  const before = source.slice(0, Math.max(0, offset));
  const line = before.split('\n').length;
  const lineStart = before.lastIndexOf('\n') + 1;
  const column = offset - lineStart + 1;
  const lineEnd = source.indexOf('\n', lineStart);
  const text = source.slice(lineStart, lineEnd < 0 ? undefined : lineEnd);
  const snippet = `    ${text}\n    ${' '.repeat(Math.max(0, column - 1))}^`;
  return { line, column, snippet };
}

/**
 * An error raised while a program runs. `message` is exactly what jq's `try ... catch .` would see
 * when `value` is a string; `value` is the raw error value (any JSON value, as `error(v)` allows).
 * @public
 */
export class JqRuntimeError extends Error {
  readonly value: unknown;

  constructor(value: unknown) {
    super(errorMessageOf(value));
    this.name = 'JqRuntimeError';
    this.value = value;
  }
}

function errorMessageOf(value: unknown): string {
  if (typeof value === 'string') return value;
  if (value === null || value === undefined) return 'null (null)';
  return `${JSON.stringify(value)} (not a string)`;
}

/**
 * Raised when a run exceeds its step budget, deadline or stack depth. It is not catchable by jq's
 * `try`, so a hostile program cannot swallow it.
 * @public
 */
export class JqLimitError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'JqLimitError';
  }
}

function haltMessage(value: unknown): string {
  if (value === undefined) return 'halt';
  return typeof value === 'string' ? value : JSON.stringify(value);
}

/**
 * `halt` / `halt_error` ended the program: `exitCode` is what jq would exit with and `value` is
 * the `halt_error` input (undefined for `halt`). Not catchable by jq's `try`.
 * @public
 */
export class JqHaltError extends Error {
  constructor(readonly exitCode: number, readonly value?: unknown) {
    super(haltMessage(value));
    this.name = 'JqHaltError';
  }
}
