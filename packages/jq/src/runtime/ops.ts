import { JqRuntimeError } from '../errors';
import {
  codePointLength,
  compare,
  copyObject,
  Dialect,
  equals,
  getKey,
  hasOwn,
  isObject,
  JqObject,
  MAX_DEPTH,
  preview,
  setKey,
  sliceCodePoints,
  typeOf,
} from './values';
import { checkLength, ValueLimits } from './limits';

export function fail(msg: string): never {
  throw new JqRuntimeError(msg);
}

function badIndex(t: unknown, k: unknown, dialect: Dialect): never {
  if (dialect === '1.8') {
    return fail(`Cannot index ${typeOf(t)} with ${preview(k, dialect)}`);
  }
  // jq names the key only when it is short (under 30 UTF-8 bytes), as a `.foo` would be
  if (typeof k === 'string' && new TextEncoder().encode(k).length < 30) {
    return fail(`Cannot index ${typeOf(t)} with string "${k}"`);
  }
  return fail(`Cannot index ${typeOf(t)} with ${typeOf(k)}`);
}

export function indexValue(t: unknown, k: unknown, dialect: Dialect): unknown {
  if (typeof k === 'string') {
    if (isObject(t)) return getKey(t, k);
    if (t === null) return null;
    return badIndex(t, k, dialect);
  }
  if (typeof k === 'number') {
    if (Array.isArray(t)) {
      if (Number.isNaN(k)) return null;
      // jq converts the index with a C cast: toward zero (`.[-1.5]` is `.[-1]`)
      let i = Math.trunc(k);
      if (i < 0) i += t.length;
      return i >= 0 && i < t.length ? t[i] : null;
    }
    if (t === null) return null;
    return badIndex(t, k, dialect);
  }
  if (isObject(k) && t === null) return null;
  if (isObject(k) && (Array.isArray(t) || typeof t === 'string')) {
    // jq reads both keys; a missing one is not null, so it is not a number either
    if (!hasOwn(k, 'start') || !hasOwn(k, 'end')) {
      fail('Array/string slice indices must be integers');
    }
    return sliceValue(t, getKey(k, 'start'), getKey(k, 'end'));
  }
  if (Array.isArray(k) && Array.isArray(t)) return indicesOf(t, k, dialect);
  if (t === null && k === null && dialect === '1.8') return null;
  return badIndex(t, k, dialect);
}

export function indicesOf(
  t: unknown[],
  k: unknown[],
  dialect: Dialect,
): unknown {
  const r: number[] = [];
  // jq 1.7.1 finds an empty subarray nowhere; later versions answer null
  if (k.length === 0) return dialect === '1.7' ? [] : null;
  for (let i = 0; i + k.length <= t.length; i++) {
    let ok = true;
    for (let j = 0; j < k.length; j++) {
      if (!equals(t[i + j], k[j])) {
        ok = false;
        break;
      }
    }
    if (ok) r.push(i);
  }
  return r;
}

/** Resolves slice bounds as jq does: start rounds down, end rounds up, both clamp. */
export function sliceBounds(
  len: number,
  from: unknown,
  to: unknown,
): [number, number] {
  if (from !== null && typeof from !== 'number') {
    fail('Array/string slice indices must be integers');
  }
  if (to !== null && typeof to !== 'number') {
    fail('Array/string slice indices must be integers');
  }
  let s = from === null ? 0 : (from as number);
  let e = to === null ? len : (to as number);
  if (Number.isNaN(s)) s = 0;
  if (Number.isNaN(e)) e = len;
  if (s < 0) s += len;
  if (e < 0) e += len;
  s = Math.max(0, Math.min(len, Math.floor(s)));
  e = Math.max(0, Math.min(len, Math.ceil(e)));
  if (e < s) e = s;
  return [s, e];
}

export function sliceValue(t: unknown, from: unknown, to: unknown): unknown {
  if (t === null) return null;
  if (typeof t === 'string') {
    const [s, e] = sliceBounds(codePointLength(t), from, to);
    return sliceCodePoints(t, s, e);
  }
  if (Array.isArray(t)) {
    const [s, e] = sliceBounds(t.length, from, to);
    // jq's slice of a whole non-empty array is the array itself, which makes `last(.[:9])` a path
    return s === 0 && e === t.length && e > 0 ? t : t.slice(s, e);
  }
  return fail(`Cannot index ${typeOf(t)} with object`);
}

export function iterateError(v: unknown, dialect: Dialect): never {
  return fail(`Cannot iterate over ${preview(v, dialect)}`);
}

export function add(a: unknown, b: unknown, l: ValueLimits): unknown {
  if (typeof a === 'number' && typeof b === 'number') return a + b;
  if (a === null) return b;
  if (b === null) return a;
  if (typeof a === 'string' && typeof b === 'string') {
    checkLength(a.length + b.length, l, 'string');
    return a + b;
  }
  if (Array.isArray(a) && Array.isArray(b)) {
    checkLength(a.length + b.length, l, 'array');
    return a.concat(b);
  }
  if (isObject(a) && isObject(b)) {
    const r = copyObject(a);
    for (const k of Object.keys(b)) setKey(r, k, b[k]);
    checkLength(Object.keys(r).length, l, 'object');
    return r;
  }
  return fail(
    `${preview(a, l.dialect)} and ${preview(b, l.dialect)} cannot be added`,
  );
}

export function subtract(a: unknown, b: unknown, l: ValueLimits): unknown {
  const dialect = l.dialect;
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  if (Array.isArray(a) && Array.isArray(b)) {
    return a.filter(x => !b.some(y => equals(x, y)));
  }
  return fail(
    `${preview(a, dialect)} and ${preview(b, dialect)} cannot be subtracted`,
  );
}

function repeatString(s: string, n: number, l: ValueLimits): unknown {
  if (n < 0 || Number.isNaN(n)) return null;
  const times = Math.floor(n);
  if (s.length * times > 1e9) fail('Repeat string result too long');
  checkLength(s.length * times, l, 'string');
  return s.repeat(times);
}

/** Recursive object merge (`*`), walked with an explicit stack so depth ends in jq's error. */
export function deepMerge(a: JqObject, b: JqObject): JqObject {
  const root = copyObject(a);
  const stack: { r: JqObject; b: JqObject; depth: number }[] = [
    { r: root, b, depth: 1 },
  ];
  while (stack.length > 0) {
    const f = stack.pop()!;
    if (f.depth > MAX_DEPTH + 1) fail('Object merge too deep');
    for (const k of Object.keys(f.b)) {
      const x = getKey(f.r, k);
      const y = f.b[k];
      if (isObject(x) && isObject(y)) {
        const child = copyObject(x);
        setKey(f.r, k, child);
        stack.push({ r: child, b: y, depth: f.depth + 1 });
      } else {
        setKey(f.r, k, y);
      }
    }
  }
  return root;
}

export function multiply(a: unknown, b: unknown, l: ValueLimits): unknown {
  const dialect = l.dialect;
  if (typeof a === 'number' && typeof b === 'number') return a * b;
  if (typeof a === 'string' && typeof b === 'number')
    return repeatString(a, b, l);
  if (typeof a === 'number' && typeof b === 'string')
    return repeatString(b, a, l);
  if (isObject(a) && isObject(b)) return deepMerge(a, b);
  return fail(
    `${preview(a, dialect)} and ${preview(b, dialect)} cannot be multiplied`,
  );
}

export function splitString(s: string, sep: string): string[] {
  if (s === '') return [];
  return s.split(sep);
}

export function divide(a: unknown, b: unknown, l: ValueLimits): unknown {
  const dialect = l.dialect;
  if (typeof a === 'number' && typeof b === 'number') {
    if (b === 0) {
      fail(
        `${preview(a, dialect)} and ${preview(
          b,
          dialect,
        )} cannot be divided because the divisor is zero`,
      );
    }
    return a / b;
  }
  if (typeof a === 'string' && typeof b === 'string') return splitString(a, b);
  return fail(
    `${preview(a, dialect)} and ${preview(b, dialect)} cannot be divided`,
  );
}

/** The C `intmax_t` jq converts to, including its asymmetric range. */
function int64(n: number): bigint {
  if (n >= 9.223372036854776e18) return 9223372036854775807n;
  if (n <= -9.223372036854776e18) return -9223372036854775808n;
  return BigInt(n);
}

function toIntMax(n: number): number {
  if (Number.isNaN(n)) return 0;
  if (n >= 9.223372036854776e18) return 9.223372036854776e18;
  if (n <= -9.223372036854776e18) return -9.223372036854776e18;
  return Math.trunc(n);
}

export function modulo(a: unknown, b: unknown, l: ValueLimits): unknown {
  const dialect = l.dialect;
  if (typeof a === 'number' && typeof b === 'number') {
    if (Number.isNaN(a) || Number.isNaN(b)) return NaN;
    const x = toIntMax(a);
    const y = toIntMax(b);
    if (Math.abs(x) >= 2 ** 53 || Math.abs(y) >= 2 ** 53) {
      if (y === 0)
        fail(
          `${preview(a, dialect)} and ${preview(
            b,
            dialect,
          )} cannot be divided (remainder) because the divisor is zero`,
        );
      return Number(int64(x) % int64(y));
    }
    if (y === 0) {
      fail(
        `${preview(a, dialect)} and ${preview(
          b,
          dialect,
        )} cannot be divided (remainder) because the divisor is zero`,
      );
    }
    const r = Math.abs(x) % Math.abs(y);
    return x < 0 ? -r : r;
  }
  return fail(
    `${preview(a, dialect)} and ${preview(
      b,
      dialect,
    )} cannot be divided (remainder)`,
  );
}

export function negate(v: unknown, dialect: Dialect): unknown {
  if (typeof v === 'number') return -v;
  return fail(`${preview(v, dialect)} cannot be negated`);
}

export type BinaryFn = (a: unknown, b: unknown, l: ValueLimits) => unknown;

export const BINARY_OPS: Record<string, BinaryFn> = {
  '+': add,
  '-': subtract,
  '*': multiply,
  '/': divide,
  '%': modulo,
  '==': (a, b) => equals(a, b),
  '!=': (a, b) => !equals(a, b),
  '<': (a, b) => compare(a, b) < 0,
  '<=': (a, b) => compare(a, b) <= 0,
  '>': (a, b) => compare(a, b) > 0,
  '>=': (a, b) => compare(a, b) >= 0,
};
