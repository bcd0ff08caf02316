/**
 * Maps each character of a YAML scalar's value back to its offset in the source text, so that a position inside an
 * expression (as a jq or JSONata compile error reports it) can be shown as a line and column of the YAML file.
 *
 * The value and its source differ by quoting, escapes, indentation of block scalars and line folding. Rather than
 * re-implement YAML's scalar rules, the value is aligned with the source greedily: characters that only exist in the
 * source (delimiters, indentation, escape backslashes, block headers) are skipped, and whitespace matches whitespace
 * (folding turns newlines into spaces). For the expressions people write this is exact; for exotic escapes it stays
 * within a character or two.
 */
export function scalarOffsets(source: string, value: string): number[] {
  const offsets: number[] = new Array(value.length + 1);
  let cursor = 0;
  for (let i = 0; i < value.length; i++) {
    const found = findNext(source, cursor, value[i]);
    offsets[i] = found;
    cursor = Math.min(found + 1, source.length);
  }
  offsets[value.length] = cursor;
  return offsets;
}

const SKIPPABLE_LIMIT = 12;

function findNext(source: string, from: number, wanted: string): number {
  let skippedOther = 0;
  for (let p = from; p < source.length; p++) {
    const c = source[p];
    if (c === wanted || (isSpace(wanted) && isSpace(c))) {
      return p;
    }
    if (!isSpace(c)) {
      skippedOther++;
      if (skippedOther > SKIPPABLE_LIMIT) {
        break;
      }
    }
  }
  return Math.min(from, Math.max(source.length - 1, 0));
}

function isSpace(c: string): boolean {
  return c === ' ' || c === '\n' || c === '\t' || c === '\r';
}

/** Converts a 1-based line and column inside `text` to a 0-based offset. */
export function offsetOfLineColumn(
  text: string,
  line: number,
  column: number,
): number {
  let offset = 0;
  for (let l = 1; l < line; l++) {
    const next = text.indexOf('\n', offset);
    if (next < 0) {
      return text.length;
    }
    offset = next + 1;
  }
  return Math.min(offset + Math.max(column - 1, 0), text.length);
}

/** Converts a 0-based offset inside `text` to a 1-based line and column. */
export function lineColumnOfOffset(
  text: string,
  offset: number,
): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < offset && i < text.length; i++) {
    if (text[i] === '\n') {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, column: offset - lineStart + 1 };
}
