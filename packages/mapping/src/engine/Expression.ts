/**
 * A compiled expression of either dialect. `first` is present only for dialects that evaluate synchronously (jq);
 * `firstAsync` always is.
 */
export interface Expression {
  readonly source: string;
  /** The first output; `undefined` when there is none. Throws on a runtime error. */
  first?(input: unknown, vars: MappingVariables): unknown;
  firstAsync(input: unknown, vars: MappingVariables): Promise<unknown>;
}

/**
 * Variables portsync gives every expression on top of Port's format. `$definition` is the entity's
 * `spec.definition` parsed from YAML or JSON, because Backstage keeps API definitions as text, Port's
 * `definitionOpenAPI`/`definitionAsyncAPI` properties are objects, and neither jq nor JSONata reads YAML.
 */
export interface MappingVariables {
  definition: unknown;
}

export const VARIABLE_NAMES = ['definition'] as const;

/** Options shared by the dialects. */
export interface ExpressionOptions {
  /** Expose the environment to expressions (jq `env`/`$ENV`, JSONata `$env`). Off by default, as in Ocean. */
  allowEnv: boolean;
  env: Record<string, string>;
  /** Budgets of each jq evaluation; see `CompileMappingOptions.jq`. */
  jq: JqLimits;
}

/** @public */
export interface JqLimits {
  /** Step budget of one expression's evaluation. Default: the engine's (10,000,000). */
  maxSteps?: number;
  /** Wall-clock budget of one expression's evaluation, in ms. Default: the engine's (10,000). */
  timeoutMs?: number;
  /**
   * The longest string, array or object an expression may build. Default 1,000,000: Port refuses
   * request bodies over 1 MiB, so a larger value could never be written.
   */
  maxValueLength?: number;
}

export const DEFAULT_MAX_VALUE_LENGTH = 1_000_000;

/** A compile-time failure, with the position inside the expression when the dialect reports one. */
export class ExpressionSyntaxError extends Error {
  /** 1-based line and column inside the expression. */
  readonly line?: number;
  readonly column?: number;

  constructor(message: string, line?: number, column?: number) {
    super(message);
    this.name = 'ExpressionSyntaxError';
    this.line = line;
    this.column = column;
  }
}
