import { ExpressionSite } from '../config/ExpressionSite';
import { MappingConfigError } from '../config/MappingConfigError';
import { offsetOfLineColumn } from '../config/scalarOffsets';
import { ValidatedMapping } from '../config/validateMapping';
import { compileJq } from './compileJq';
import { compileJsonata } from './compileJsonata';
import {
  Expression,
  ExpressionOptions,
  ExpressionSyntaxError,
} from './Expression';

/**
 * Lets the caller wrap each compiled expression; `index` is the site's position in the mapping, the
 * same wherever the same config is compiled (the worker of `createIsolatedMapping` reports it).
 */
export type WrapExpression = (
  expression: Expression,
  index: number,
) => Expression;

/** Compiles every expression of a validated mapping once, keyed like its sites. */
export function compileExpressions(
  validated: ValidatedMapping,
  options: ExpressionOptions,
  wrap?: WrapExpression,
): Map<string, Expression> {
  const compiled = new Map<string, Expression>();
  let index = 0;
  for (const [key, site] of validated.sites) {
    const expression = compileSite(site, options);
    compiled.set(key, wrap ? wrap(expression, index) : expression);
    index++;
  }
  return compiled;
}

function compileSite(
  site: ExpressionSite,
  options: ExpressionOptions,
): Expression {
  try {
    return site.language === 'jsonata'
      ? compileJsonata(site.expression, options)
      : compileJq(site.expression, options);
  } catch (error) {
    if (!(error instanceof ExpressionSyntaxError)) {
      throw error;
    }
    const expressionPosition =
      error.line !== undefined && error.column !== undefined
        ? { line: error.line, column: error.column }
        : undefined;
    const offset = expressionPosition
      ? offsetOfLineColumn(
          site.expression,
          expressionPosition.line,
          expressionPosition.column,
        )
      : undefined;
    throw new MappingConfigError(site.configPath, error.message, {
      path: site.path,
      expression: site.expression,
      expressionPosition,
      sourcePosition: site.position(offset),
      sourceName: site.sourceName,
    });
  }
}
