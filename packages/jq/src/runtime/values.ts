import { JqRuntimeError } from '../errors';
import { checkLength, ValueLimits } from './limits';
/**
 * jq values are plain JavaScript values: null, booleans, numbers, strings, arrays and plain objects.
 * Object keys are always read through `hasOwn` and written through `setKey`, so keys such as
 * `__proto__` or `constructor` stay ordinary data and never reach a prototype.
 */
export type JqValue = unknown;
export type JqObject = Record<string, unknown>;

const hasOwnProperty = Object.prototype.hasOwnProperty;

export function hasOwn(o: JqObject, k: string): boolean {
  return hasOwnProperty.call(o, k);
}

export function getKey(o: JqObject, k: string): unknown {
  return hasOwnProperty.call(o, k) ? o[k] : null;
}

export function setKey(o: JqObject, k: string, v: unknown): void {
  if (k === '__proto__') {
    Object.defineProperty(o, k, {
      value: v,
      writable: true,
      enumerable: true,
      configurable: true,
    });
  } else {
    o[k] = v;
  }
}

export function copyObject(o: JqObject): JqObject {
  const r: JqObject = {};
  for (const k of Object.keys(o)) setKey(r, k, o[k]);
  return r;
}

export function isObject(v: unknown): v is JqObject {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

export type TypeName =
  | 'null'
  | 'boolean'
  | 'number'
  | 'string'
  | 'array'
  | 'object';

export function typeOf(v: unknown): TypeName {
  if (v === null || v === undefined) return 'null';
  switch (typeof v) {
    case 'boolean':
      return 'boolean';
    case 'number':
      return 'number';
    case 'string':
      return 'string';
    default:
      return Array.isArray(v) ? 'array' : 'object';
  }
}

const TYPE_ORDER: Record<TypeName, number> = {
  null: 0,
  boolean: 1,
  number: 3,
  string: 4,
  array: 5,
  object: 6,
};

function typeRank(v: unknown): number {
  if (v === false) return 1;
  if (v === true) return 2;
  return TYPE_ORDER[typeOf(v)];
}

export function sortedKeys(o: JqObject): string[] {
  return Object.keys(o).sort(compareStrings);
}

/** Orders strings by code point, as jq compares UTF-8 bytes. */
export function compareStrings(a: string, b: string): number {
  if (a === b) return 0;
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    let ca = a.charCodeAt(i);
    let cb = b.charCodeAt(i);
    if (ca !== cb) {
      // Surrogates (0xD800-0xDFFF) encode code points above 0xFFFF, which sort after 0xE000-0xFFFF.
      if (ca >= 0xd800 && ca <= 0xdfff) ca += 0x2000;
      else if (ca >= 0xe000) ca -= 0x800;
      if (cb >= 0xd800 && cb <= 0xdfff) cb += 0x2000;
      else if (cb >= 0xe000) cb -= 0x800;
      return ca < cb ? -1 : 1;
    }
  }
  return Math.sign(a.length - b.length);
}

/** jq stops walking values nested deeper than this (its MAX_PRINT_DEPTH / parsing depth). */
export const MAX_DEPTH = 10000;

function compareScalars(rank: number, a: unknown, b: unknown): number {
  if (rank === 3) {
    const x = a as number;
    const y = b as number;
    if (x < y) return -1;
    if (x === y) return 0;
    if (x > y) return 1;
    // jq sorts nan below every number
    return Number.isNaN(x) ? -1 : 1;
  }
  if (rank === 4) return compareStrings(a as string, b as string);
  return 0;
}

interface CompareFrame {
  x: unknown[];
  y: unknown[];
  i: number;
  tail: number;
}

function compareKeys(kx: string[], ky: string[]): number {
  const n = Math.min(kx.length, ky.length);
  for (let i = 0; i < n; i++) {
    const c = compareStrings(kx[i], ky[i]);
    if (c !== 0) return c;
  }
  return kx.length - ky.length;
}

/**
 * jq's total order: null < false < true < numbers < strings < arrays < objects. Iterative, so
 * deeply nested values end in jq's error rather than a stack overflow.
 */
function compareWith(a: unknown, b: unknown, tooDeep: string): number {
  const stack: CompareFrame[] = [];
  const start = (x: unknown, y: unknown): number | null => {
    const rx = typeRank(x);
    const ry = typeRank(y);
    if (rx !== ry) return rx < ry ? -1 : 1;
    if (rx === 5) {
      const xa = x as unknown[];
      const ya = y as unknown[];
      stack.push({
        x: xa,
        y: ya,
        i: 0,
        tail: Math.sign(xa.length - ya.length),
      });
      return null;
    }
    if (rx === 6) {
      const kx = sortedKeys(x as JqObject);
      const ky = sortedKeys(y as JqObject);
      const c = compareKeys(kx, ky);
      if (c !== 0) return Math.sign(c);
      stack.push({
        x: kx.map(k => (x as JqObject)[k]),
        y: kx.map(k => (y as JqObject)[k]),
        i: 0,
        tail: 0,
      });
      return null;
    }
    return compareScalars(rx, x, y);
  };
  const first = start(a, b);
  if (first !== null) return first;
  while (stack.length > 0) {
    if (stack.length > MAX_DEPTH) throw new JqRuntimeError(tooDeep);
    const f = stack[stack.length - 1];
    if (f.i >= Math.min(f.x.length, f.y.length)) {
      stack.pop();
      if (f.tail !== 0) return f.tail;
      continue;
    }
    const r = start(f.x[f.i], f.y[f.i]);
    f.i++;
    if (r !== null && r !== 0) return r;
  }
  return 0;
}

export function compare(a: unknown, b: unknown): number {
  const ra = typeRank(a);
  const rb = typeRank(b);
  if (ra !== rb) return ra < rb ? -1 : 1;
  if (ra < 5) return compareScalars(ra, a, b);
  return compareWith(a, b, 'Comparison too deep');
}

export function equals(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (
    typeof a !== 'object' ||
    typeof b !== 'object' ||
    a === null ||
    b === null
  ) {
    return false;
  }
  return compareWith(a, b, 'Equality check too deep') === 0;
}

/** True when `v` nests arrays/objects more than `limit` levels deep (checked without recursion). */
export function deeperThan(v: unknown, limit: number): boolean {
  let level: unknown[] = [v];
  for (let depth = 0; level.length > 0; depth++) {
    if (depth > limit) return true;
    const next: unknown[] = [];
    for (const x of level) {
      if (Array.isArray(x)) {
        for (const y of x)
          if (y !== null && typeof y === 'object') next.push(y);
      } else if (x !== null && typeof x === 'object') {
        for (const y of Object.values(x))
          if (y !== null && typeof y === 'object') next.push(y);
      }
    }
    level = next;
  }
  return false;
}

export function isTruthy(v: unknown): boolean {
  return v !== null && v !== false && v !== undefined;
}

/**
 * Formats a double as jq does (jvp_dtoa_fmt): the shortest round-trip digits, in exponent form
 * when the decimal point would sit 4+ places before them or more than 15 places after them.
 */
export function formatNumber(n: number): string {
  if (Number.isNaN(n)) return 'null';
  if (n === Infinity) return '1.7976931348623157e+308';
  if (n === -Infinity) return '-1.7976931348623157e+308';
  if (n === 0) return Object.is(n, -0) ? '-0' : '0';
  if (Number.isInteger(n) && Math.abs(n) < 1e16) return String(n);
  const sign = n < 0 ? '-' : '';
  const [mantissa, exp] = Math.abs(n).toExponential().split('e');
  const digits = mantissa.replace('.', '');
  const decpt = Number(exp) + 1;
  if (decpt <= -4 || decpt > digits.length + 15) {
    const e = decpt - 1;
    const abs = Math.abs(e);
    const frac = digits.length > 1 ? `.${digits.slice(1)}` : '';
    return `${sign}${digits[0]}${frac}e${e < 0 ? '-' : '+'}${
      abs < 10 ? `0${abs}` : abs
    }`;
  }
  if (decpt <= 0) return `${sign}0.${'0'.repeat(-decpt)}${digits}`;
  if (decpt >= digits.length)
    return `${sign}${digits}${'0'.repeat(decpt - digits.length)}`;
  return `${sign}${digits.slice(0, decpt)}.${digits.slice(decpt)}`;
}

const ESCAPES: Record<string, string> = {
  '"': '\\"',
  '\\': '\\\\',
  '\n': '\\n',
  '\t': '\\t',
  '\r': '\\r',
  '\b': '\\b',
  '\f': '\\f',
  '\u007f': '\\u007f',
};

// eslint-disable-next-line no-control-regex
const NEEDS_ESCAPE = /["\\\u0000-\u001f\u007f]/;
// eslint-disable-next-line no-control-regex
const ESCAPE_ALL = /["\\\u0000-\u001f\u007f]/g;
const NON_ASCII = /[\u0080-\uffff]/g;

export function quoteString(s: string, asciiOnly = false): string {
  let body = NEEDS_ESCAPE.test(s)
    ? s.replace(
        ESCAPE_ALL,
        c =>
          ESCAPES[c] ?? `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
      )
    : s;
  if (asciiOnly) {
    body = body.replace(
      NON_ASCII,
      c => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
    );
  }
  return `"${body}"`;
}

export interface DumpOptions {
  indent?: number | string;
  sortKeys?: boolean;
  ascii?: boolean;
  /** Refuse (JqLimitError) to build a text longer than `limits.maxValueLength`. */
  limits?: ValueLimits;
}

/** Serialises a value as jq prints it; `indent` 0 means compact. Iterative, for deep values. */
export function toJson(v: unknown, opts: DumpOptions = {}): string {
  if (v === null || typeof v !== 'object') {
    const text = scalarJson(v, opts.ascii);
    if (opts.limits) checkLength(text.length, opts.limits, 'string');
    return text;
  }
  const indent =
    typeof opts.indent === 'number'
      ? ' '.repeat(opts.indent)
      : opts.indent ?? '';
  const parts: string[] = [];
  const limits = opts.limits;
  let length = 0;
  const put = (s: string): void => {
    parts.push(s);
    if (limits) {
      length += s.length;
      checkLength(length, limits, 'string');
    }
  };
  // each frame: the container, its keys (objects) and the next position
  const stack: { x: unknown; keys: string[] | null; i: number; pad: string }[] =
    [];
  const open = (x: unknown, pad: string): void => {
    if (x === null || typeof x !== 'object') {
      put(scalarJson(x, opts.ascii));
      return;
    }
    if (stack.length >= MAX_DEPTH + 1) {
      put('<skipped: too deep>');
      return;
    }
    const isArr = Array.isArray(x);
    let keys: string[] | null = null;
    if (!isArr)
      keys = opts.sortKeys ? sortedKeys(x as JqObject) : Object.keys(x);
    const len = isArr ? (x as unknown[]).length : keys!.length;
    if (len === 0) {
      put(isArr ? '[]' : '{}');
      return;
    }
    put(isArr ? '[' : '{');
    stack.push({ x, keys, i: 0, pad });
  };
  open(v, '');
  while (stack.length > 0) {
    const f = stack[stack.length - 1];
    const len = f.keys ? f.keys.length : (f.x as unknown[]).length;
    if (f.i >= len) {
      stack.pop();
      if (indent) put(`\n${f.pad}`);
      put(f.keys ? '}' : ']');
      continue;
    }
    const inner = f.pad + indent;
    if (f.i > 0) put(',');
    if (indent) put(`\n${inner}`);
    let child: unknown;
    if (f.keys) {
      const k = f.keys[f.i];
      put(quoteString(k, opts.ascii));
      put(indent ? ': ' : ':');
      child = (f.x as JqObject)[k];
    } else {
      child = (f.x as unknown[])[f.i];
    }
    f.i++;
    open(child, inner);
  }
  return parts.join('');
}

function scalarJson(x: unknown, ascii?: boolean): string {
  if (x === null || x === undefined) return 'null';
  if (typeof x === 'string') return quoteString(x, ascii);
  if (typeof x === 'number') return formatNumber(x);
  return x ? 'true' : 'false';
}

/** `tostring`: strings unchanged, everything else as compact JSON. */
export function toStringValue(v: unknown, limits?: ValueLimits): string {
  return typeof v === 'string' ? v : toJson(v, { limits });
}

const HAS_SURROGATE = /[\uD800-\uDFFF]/;

export function codePointLength(s: string): number {
  if (!HAS_SURROGATE.test(s)) return s.length;
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length) {
      const d = s.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) i++;
    }
    n++;
  }
  return n;
}

export function codePoints(s: string): number[] {
  const r: number[] = [];
  for (const ch of s) r.push(ch.codePointAt(0)!);
  return r;
}

/** Slices a string by code point indexes. */
export function sliceCodePoints(s: string, from: number, to: number): string {
  if (!HAS_SURROGATE.test(s)) return s.slice(from, to);
  return Array.from(s).slice(from, to).join('');
}

export function hasSurrogates(s: string): boolean {
  return HAS_SURROGATE.test(s);
}

function utf8Length(ch: string): number {
  const c = ch.codePointAt(0)!;
  if (c < 0x80) return 1;
  if (c < 0x800) return 2;
  if (c < 0x10000) return 3;
  return 4;
}

export type Dialect = '1.7' | '1.8';

/** The value preview in error messages ("string (\"abc\")"), truncated as the given jq version does. */
export function preview(v: unknown, dialect: Dialect): string {
  const t = typeOf(v);
  if (dialect === '1.8') {
    if (typeof v === 'string') {
      let bytes = 0;
      for (const ch of v) bytes += utf8Length(ch);
      if (bytes <= 26) return `${t} (${toJson(v)})`;
      let out = '';
      let used = 0;
      for (const ch of v) {
        const n = utf8Length(ch);
        if (used + n > 24) break;
        used += n;
        out += ch;
      }
      return `${t} (${toJson(out).slice(0, -1)}...")`;
    }
    const s = toJson(v);
    return `${t} (${truncateBytes(s, 29, 26)})`;
  }
  return `${t} (${truncateBytes(toJson(v), 14, 11)})`;
}

export function truncateBytes(s: string, max: number, keep: number): string {
  let bytes = 0;
  for (const ch of s) bytes += utf8Length(ch);
  if (bytes <= max) return s;
  let out = '';
  let used = 0;
  for (const ch of s) {
    const n = utf8Length(ch);
    if (used + n > keep) {
      // jq cuts bytes: the partial UTF-8 sequence left behind reads as one U+FFFD
      if (used < keep) out += '\uFFFD';
      break;
    }
    used += n;
    out += ch;
  }
  return `${out}...`;
}
