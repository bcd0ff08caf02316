import { parseDocument, LineCounter, Scalar } from 'yaml';
import {
  lineColumnOfOffset,
  offsetOfLineColumn,
  scalarOffsets,
} from './scalarOffsets';

/** The YAML line and column of character `index` of the value of `key`. */
function positionOf(src: string, key: string, index: number) {
  const lineCounter = new LineCounter();
  const doc = parseDocument(src, { lineCounter });
  const node = doc.get(key, true) as Scalar<string>;
  const [start, end] = node.range!;
  const offset =
    start + scalarOffsets(src.slice(start, end), node.value)[index];
  return { char: src[offset], ...lineCounter.linePos(offset) };
}

describe('scalarOffsets', () => {
  it('maps a plain scalar one to one', () => {
    expect(positionOf('a: .foo | bar\n', 'a', 7)).toEqual({
      char: 'b',
      line: 1,
      col: 11,
    });
  });

  it('skips the opening quote and doubled quotes of a single-quoted scalar', () => {
    const src = `a: '"x" + ''y'' + .z'\n`;
    // value: "x" + 'y' + .z ; index 13 is the "z"
    expect(positionOf(src, 'a', 13)).toEqual({ char: 'z', line: 1, col: 20 });
  });

  it('skips escapes of a double-quoted scalar', () => {
    const src = 'a: "\\"x\\" | .y"\n';
    // value: "x" | .y ; index 7 is the "y"
    expect(positionOf(src, 'a', 7)).toEqual({ char: 'y', line: 1, col: 14 });
  });

  it('follows the lines and indentation of a block scalar', () => {
    const src = 'a: |\n  .a\n    | .bad\n';
    // value: ".a\n  | .bad\n" ; index 8 is the "b"
    expect(positionOf(src, 'a', 8)).toEqual({ char: 'b', line: 3, col: 8 });
  });

  it('matches folded line breaks with the spaces they became', () => {
    const src = 'a: >-\n  .x\n  | .y\n';
    // value: ".x | .y" ; index 6 is the "y"
    expect(positionOf(src, 'a', 6)).toEqual({ char: 'y', line: 3, col: 6 });
  });
});

describe('line and column helpers', () => {
  it('convert both ways', () => {
    const text = 'ab\ncde\nf';
    expect(offsetOfLineColumn(text, 2, 3)).toBe(5);
    expect(lineColumnOfOffset(text, 5)).toEqual({ line: 2, column: 3 });
    expect(offsetOfLineColumn(text, 9, 1)).toBe(text.length);
  });
});
