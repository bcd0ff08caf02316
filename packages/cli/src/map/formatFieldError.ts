import { FieldError } from '@portsync/mapping';
import { Colors } from '../output/colors';

/**
 * One field error as the playground shows it: which resource and field, the message, the expression with a
 * caret line under it, and its place in the mapping file when the mapping came from one.
 */
export function formatFieldError(error: FieldError, colors: Colors): string {
  const where = error.position;
  const lines = error.expression.split('\n');
  const pointed = lines
    .map(line => {
      const start = line.length - line.trimStart().length;
      const width = Math.max(1, line.trim().length);
      return `    ${line}\n    ${' '.repeat(start)}${colors.red(
        '^'.repeat(width),
      )}\n`;
    })
    .join('');
  const header = `${colors.red('error')}: resources[${
    error.resourceIndex
  }] (kind ${error.kind}) ${colors.bold(error.field)}: ${error.message}\n`;
  const place = where?.sourceName
    ? `    ${colors.dim(
        `at ${where.sourceName}:${where.line}:${where.column}`,
      )}\n`
    : '';
  return `${header}${pointed}${place}`;
}
