import { compile, JqCompileError } from '@portsync/jq';
import {
  DEFAULT_MAX_VALUE_LENGTH,
  Expression,
  ExpressionOptions,
  ExpressionSyntaxError,
  MappingVariables,
  VARIABLE_NAMES,
} from './Expression';
import { oceanQuoteRewrite } from './oceanQuoteRewrite';
import { checkValueSize } from './checkValueSize';

/**
 * Compiles a mapping expression as Ocean does: single-quote rewrite, and `env`/`$ENV` empty unless allowed
 * (Ocean prepends `def env: {}; {} as $ENV |`; our engine takes the environment as an option instead, which keeps
 * error columns aligned with what the user wrote). `$definition` is declared for every expression.
 */
export function compileJq(
  source: string,
  options: ExpressionOptions,
): Expression {
  let program: ReturnType<typeof compile>;
  try {
    program = compile(oceanQuoteRewrite(source), {
      env: options.allowEnv ? options.env : {},
      variables: [...VARIABLE_NAMES],
      maxSteps: options.jq.maxSteps,
      timeoutMs: options.jq.timeoutMs,
      maxValueLength: options.jq.maxValueLength ?? DEFAULT_MAX_VALUE_LENGTH,
    });
  } catch (error) {
    if (error instanceof JqCompileError) {
      throw new ExpressionSyntaxError(
        `jq: ${error.jqMessage}`,
        error.line,
        error.column,
      );
    }
    throw error;
  }
  const maxSize = options.jq.maxValueLength ?? DEFAULT_MAX_VALUE_LENGTH;
  const first = (input: unknown, vars: MappingVariables) => {
    const value = program.first(
      input,
      vars as unknown as Record<string, unknown>,
    );
    checkValueSize(value, maxSize);
    return value;
  };
  return {
    source,
    first,
    firstAsync: async (input, vars) => first(input, vars),
  };
}
