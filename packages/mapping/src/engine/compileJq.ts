import { compile, JqCompileError } from '@portsync/jq';
import {
  Expression,
  ExpressionOptions,
  ExpressionSyntaxError,
  VARIABLE_NAMES,
} from './Expression';
import { oceanQuoteRewrite } from './oceanQuoteRewrite';

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
  return {
    source,
    first: (input, vars) =>
      program.first(input, vars as unknown as Record<string, unknown>),
    firstAsync: async (input, vars) =>
      program.first(input, vars as unknown as Record<string, unknown>),
  };
}
