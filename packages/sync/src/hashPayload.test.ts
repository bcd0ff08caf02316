import { hashPayload, stableStringify } from './hashPayload';

describe('stableStringify', () => {
  it('sorts object keys at every depth', () => {
    expect(
      stableStringify({ b: 1, a: { d: [2, { z: 1, y: 2 }], c: null } }),
    ).toBe('{"a":{"c":null,"d":[2,{"y":2,"z":1}]},"b":1}');
  });

  it('leaves out undefined properties as JSON.stringify does', () => {
    expect(stableStringify({ a: undefined, b: 1 })).toBe('{"b":1}');
  });

  it('treats __proto__ as an ordinary key', () => {
    const value = JSON.parse('{"__proto__": {"x": 1}, "a": 2}');
    expect(stableStringify(value)).toBe('{"__proto__":{"x":1},"a":2}');
  });
});

describe('hashPayload', () => {
  it('gives equal hashes for payloads that differ only in key order', () => {
    expect(hashPayload({ identifier: 'a', properties: { x: 1, y: 2 } })).toBe(
      hashPayload({ properties: { y: 2, x: 1 }, identifier: 'a' }),
    );
  });

  it('gives different hashes when a value changes', () => {
    expect(hashPayload({ identifier: 'a', title: 'A' })).not.toBe(
      hashPayload({ identifier: 'a', title: 'B' }),
    );
  });
});
