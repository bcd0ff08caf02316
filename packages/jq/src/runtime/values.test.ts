import {
  compare,
  equals,
  formatNumber,
  preview,
  setKey,
  toJson,
} from './values';

describe('formatNumber', () => {
  // Expected strings are jq's output for the same literals.
  it.each([
    [1e17, '1e+17'],
    [1e16, '1e+16'],
    [1e15, '1000000000000000'],
    [123456789012345678, '123456789012345680'],
    [1e-5, '1e-05'],
    [1.1e-5, '1.1e-05'],
    [0.0001, '0.0001'],
    [-2.5e-7, '-2.5e-07'],
    [1.5e300, '1.5e+300'],
    [3.14, '3.14'],
    [-0, '-0'],
    [Infinity, '1.7976931348623157e+308'],
    [NaN, 'null'],
  ])('prints %p as %s', (n, text) => {
    expect(formatNumber(n)).toBe(text);
  });
});

describe('compare', () => {
  it('orders values as jq does: null < false < true < numbers < strings < arrays < objects', () => {
    const sorted = [{}, [], 'a', 1, true, false, null].sort(compare);
    expect(sorted).toEqual([null, false, true, 1, 'a', [], {}]);
  });

  it('orders strings by code point, so astral characters sort after U+FFFF', () => {
    expect(compare('\uffff', '😀')).toBe(-1);
    expect(compare('B', 'a')).toBe(-1);
  });

  it('compares objects by sorted keys first, then values', () => {
    expect(compare({ b: 1 }, { a: 2 })).toBe(1);
    expect(compare({ a: 1, b: 2 }, { b: 2, a: 1 })).toBe(0);
    expect(equals({ a: [1, { b: null }] }, { a: [1, { b: null }] })).toBe(true);
  });
});

describe('toJson and preview', () => {
  it('prints with indentation, sorted keys on request, and escapes DEL like jq', () => {
    expect(toJson({ b: [1], a: '\u007f' }, { indent: 2, sortKeys: true })).toBe(
      '{\n  "a": "\\u007f",\n  "b": [\n    1\n  ]\n}',
    );
  });

  it('truncates previews in error messages as each jq version does', () => {
    expect(preview('very-long-long-long-long-long', '1.7')).toBe(
      'string ("very-long-...)',
    );
    expect(preview('very-long-long-long-long-long', '1.8')).toBe(
      'string ("very-long-long-long-long...")',
    );
  });
});

describe('setKey', () => {
  it('stores __proto__ as an own data property without touching the prototype', () => {
    const o: Record<string, unknown> = {};
    setKey(o, '__proto__', { polluted: true });
    expect(Object.getPrototypeOf(o)).toBe(Object.prototype);
    expect(Object.keys(o)).toEqual(['__proto__']);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});
