import {
  Document,
  isScalar,
  LineCounter,
  parseDocument,
  isMap,
  Scalar,
} from 'yaml';
import { MappingConfigError, SourcePosition } from './MappingConfigError';
import { scalarOffsets } from './scalarOffsets';

/** A path inside the mapping object: keys and list indexes. */
export type ValuePath = ReadonlyArray<string | number>;

/**
 * The mapping as plain data plus, when it came from YAML text, a way back from a path (and an offset inside a
 * string value) to the line and column in that text.
 */
export interface MappingSource {
  value: unknown;
  /** The path of the mapping root inside the document (`['port', 'mapping']` for an app-config file). */
  rootPath: ValuePath;
  sourceName?: string;
  /** The position of the value at `path` (of a character inside it with `offsetInValue`). */
  positionOf(
    path: ValuePath,
    offsetInValue?: number,
  ): SourcePosition | undefined;
  /** The position of the key that holds the value at `path`. */
  keyPositionOf(path: ValuePath): SourcePosition | undefined;
}

/**
 * Reads a mapping from YAML (or JSON) text or from an object. For text, `configPath` is also tried as a path inside
 * the document, so an entire app-config.yaml can be passed and its `port.mapping` block is used, with positions
 * relative to the whole file.
 */
export function readMappingSource(
  input: string | object,
  configPath: string,
  sourceName?: string,
): MappingSource {
  if (typeof input !== 'string') {
    return {
      value: input,
      rootPath: [],
      positionOf: () => undefined,
      keyPositionOf: () => undefined,
    };
  }
  const lineCounter = new LineCounter();
  const doc = parseDocument(input, {
    keepSourceTokens: true,
    lineCounter,
    prettyErrors: false,
  });
  if (doc.errors.length > 0) {
    const error = doc.errors[0];
    const pos = lineCounter.linePos(error.pos[0]);
    throw new MappingConfigError(
      configPath,
      `invalid YAML: ${error.message.split('\n')[0]}`,
      { sourcePosition: { line: pos.line, column: pos.col }, sourceName },
    );
  }
  const rootPath = locateRoot(doc, configPath);
  const positionOf = (
    path: ValuePath,
    offsetInValue?: number,
  ): SourcePosition | undefined => {
    const node = doc.getIn([...rootPath, ...path], true) as unknown;
    const range = nodeRange(node) ?? keyRange(doc, [...rootPath, ...path]);
    if (!range) {
      return undefined;
    }
    let offset = range[0];
    if (offsetInValue !== undefined && isScalar(node)) {
      const scalar = node as Scalar;
      if (typeof scalar.value === 'string') {
        const source = input.slice(range[0], range[1]);
        offset = range[0] + scalarOffsets(source, scalar.value)[offsetInValue];
      }
    }
    const pos = lineCounter.linePos(offset);
    return { line: pos.line, column: pos.col };
  };
  const keyPositionOf = (path: ValuePath): SourcePosition | undefined => {
    const full = [...rootPath, ...path];
    const parent = doc.getIn(full.slice(0, -1), true);
    const last = full[full.length - 1];
    if (isMap(parent)) {
      const pair = parent.items.find(
        item => isScalar(item.key) && item.key.value === last,
      );
      const range = nodeRange(pair?.key);
      if (range) {
        const pos = lineCounter.linePos(range[0]);
        return { line: pos.line, column: pos.col };
      }
    }
    return positionOf(path);
  };
  return {
    value: toJS(doc, rootPath),
    rootPath,
    sourceName,
    positionOf,
    keyPositionOf,
  };
}

function toJS(doc: Document, rootPath: ValuePath): unknown {
  const node = rootPath.length ? doc.getIn(rootPath, true) : doc.contents;
  if (node && typeof (node as { toJSON?: unknown }).toJSON === 'function') {
    return (node as { toJSON(): unknown }).toJSON();
  }
  return node ?? null;
}

/**
 * A mapping document has `resources` (or one of the root flags) at its root. Anything else is taken to be a larger
 * config file holding the mapping at `configPath`.
 */
function locateRoot(doc: Document, configPath: string): ValuePath {
  const contents = doc.contents;
  if (!isMap(contents) || contents.has('resources')) {
    return [];
  }
  const path = configPath.split('.').filter(Boolean);
  if (path.length > 0 && doc.hasIn(path)) {
    return path;
  }
  return [];
}

function nodeRange(node: unknown): [number, number] | undefined {
  const range = (node as { range?: [number, number, number] } | undefined)
    ?.range;
  return range ? [range[0], range[1]] : undefined;
}

/** For a missing value, point at its parent so the error still has a place. */
function keyRange(
  doc: Document,
  path: ValuePath,
): [number, number] | undefined {
  for (let n = path.length - 1; n >= 0; n--) {
    const range = nodeRange(
      n === 0 ? doc.contents : (doc.getIn(path.slice(0, n), true) as unknown),
    );
    if (range) {
      return range;
    }
  }
  return undefined;
}
