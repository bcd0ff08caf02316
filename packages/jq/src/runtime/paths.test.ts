import { delPaths, getPath, setPath } from './paths';

describe('paths', () => {
  it('grows arrays with nulls and creates objects along a new path', () => {
    expect(setPath(null, ['a', 2], 1, '1.7')).toEqual({ a: [null, null, 1] });
  });

  it('replaces a slice with an array and rejects anything else', () => {
    expect(
      setPath([1, 2, 3], [{ start: 1, end: 2 }], ['x', 'y'], '1.7'),
    ).toEqual([1, 'x', 'y', 3]);
    expect(() => setPath([1, 2, 3], [{ start: 1, end: 2 }], 5, '1.7')).toThrow(
      'A slice of an array can only be assigned another array',
    );
  });

  it('deletes several paths at once, resolving negative indexes and slices first', () => {
    const input = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9];
    expect(
      delPaths(input, [[1], [-6], [2], [{ start: -3, end: 9 }]], '1.7'),
    ).toEqual([0, 3, 5, 6, 9]);
    expect(input).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
  });

  it('rejects paths deeper than jq allows', () => {
    const deep = new Array(10001).fill(0);
    expect(() => getPath(null, deep, '1.8')).toThrow('Path too deep');
    expect(getPath(null, deep.slice(1), '1.8')).toBeNull();
  });
});
