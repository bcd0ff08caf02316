import { isMap, isScalar, parseDocument } from 'yaml';
import { MappingConfigError } from './MappingConfigError';
import { readMappingSource } from './readMappingSource';
import { offsetOfLineColumn } from './scalarOffsets';

/**
 * The same error with its line and column in `text`, a config file that holds the mapping at `configPath`; undefined
 * when the file does not hold the value at fault (another file set it, or it came from elsewhere). A backend gets its
 * config as merged data, without positions; this finds them in the files it was read from, only once something failed.
 *
 * @public
 */
export function locateMappingError(
  error: MappingConfigError,
  text: string,
  options: { configPath: string; sourceName: string },
): MappingConfigError | undefined {
  const path = error.path;
  if (!path) return undefined;
  const rootPath = options.configPath.split('.').filter(Boolean);
  const doc = parseDocument(text, { prettyErrors: false });
  if (doc.errors.length > 0 || !isMap(doc.getIn(rootPath, true))) {
    return undefined;
  }
  const node = doc.getIn([...rootPath, ...path], true);
  const written = isScalar(node) ? String(node.value) : undefined;
  if (error.expression !== undefined && written !== error.expression) {
    return undefined;
  }
  if (error.expression === undefined && !doc.hasIn([...rootPath, ...path])) {
    return undefined;
  }
  const source = readMappingSource(
    text,
    options.configPath,
    options.sourceName,
  );
  const offset =
    error.expression !== undefined && error.expressionPosition
      ? offsetOfLineColumn(
          error.expression,
          error.expressionPosition.line,
          error.expressionPosition.column,
        )
      : undefined;
  return new MappingConfigError(error.configPath, error.problem, {
    path,
    expression: error.expression,
    expressionPosition: error.expressionPosition,
    sourcePosition: source.positionOf(path, offset),
    sourceName: options.sourceName,
  });
}
