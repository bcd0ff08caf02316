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
  return a.length < b.length ? -1 : a.length > b.length ? 1 : 0;
}

/** jq's total order: null < false < true < numbers < strings < arrays < objects. */
export function compare(a: unknown, b: unknown): number {
  const ra = typeRank(a);
  const rb = typeRank(b);
  if (ra !== rb) return ra < rb ? -1 : 1;
  switch (ra) {
    case 3: {
      const x = a as number;
      const y = b as number;
      if (x < y) return -1;
      if (x === y) return 0;
      if (x > y) return 1;
      // jq sorts nan below every number
      if (Number.isNaN(x)) return Number.isNaN(y) ? -1 : -1;
      return 1;
    }
    case 4:
      return compareStrings(a as string, b as string);
    case 5: {
      const x = a as unknown[];
      const y = b as unknown[];
      const n = Math.min(x.length, y.length);
      for (let i = 0; i < n; i++) {
        const c = compare(x[i], y[i]);
        if (c !== 0) return c;
      }
      return x.length < y.length ? -1 : x.length > y.length ? 1 : 0;
    }
    case 6: {
      const x = a as JqObject;
      const y = b as JqObject;
      const kx = sortedKeys(x);
      const ky = sortedKeys(y);
      const c = compare(kx, ky);
      if (c !== 0) return c;
      for (const k of kx) {
        const d = compare(x[k], y[k]);
        if (d !== 0) return d;
      }
      return 0;
    }
    default:
      return 0;
  }
}

export function equals(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  const ta = typeof a;
  if (ta !== 'object' || typeof b !== 'object' || a === null || b === null) {
    return false;
  }
  return compare(a, b) === 0;
}

export function isTruthy(v: unknown): boolean {
  return v !== null && v !== false && v !== undefined;
}

/** Formats a number the way jq prints doubles (17 significant digits, shortest round trip). */
export function formatNumber(n: number): string {
  if (Number.isNaN(n)) return 'null';
  if (n === Infinity) return '1.7976931348623157e+308';
  if (n === -Infinity) return '-1.7976931348623157e+308';
  if (Object.is(n, -0)) return '-0';
  const s = String(n);
  const e = s.indexOf('e');
  if (e < 0) return s;
  const exp = s.slice(e + 1);
  const sign = exp[0] === '-' ? '-' : '+';
  const digits = exp.replace(/^[+-]/, '');
  return `${s.slice(0, e)}e${sign}${digits.length < 2 ? `0${digits}` : digits}`;
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
}

/** Serialises a value as jq prints it; `indent` 0 means compact. */
export function toJson(v: unknown, opts: DumpOptions = {}): string {
  const indent =
    typeof opts.indent === 'number' ? ' '.repeat(opts.indent) : opts.indent ?? '';
  const parts: string[] = [];
  const dump = (x: unknown, pad: string): void => {
    if (x === null || x === undefined) {
      parts.push('null');
    } else if (typeof x === 'string') {
      parts.push(quoteString(x, opts.ascii));
    } else if (typeof x === 'number') {
      parts.push(formatNumber(x));
    } else if (typeof x === 'boolean') {
      parts.push(x ? 'true' : 'false');
    } else if (Array.isArray(x)) {
      if (x.length === 0) {
        parts.push('[]');
        return;
      }
      const inner = pad + indent;
      parts.push('[');
      for (let i = 0; i < x.length; i++) {
        if (i > 0) parts.push(',');
        if (indent) parts.push('\n', inner);
        dump(x[i], inner);
      }
      if (indent) parts.push('\n', pad);
      parts.push(']');
    } else {
      const o = x as JqObject;
      const keys = opts.sortKeys ? sortedKeys(o) : Object.keys(o);
      if (keys.length === 0) {
        parts.push('{}');
        return;
      }
      const inner = pad + indent;
      parts.push('{');
      for (let i = 0; i < keys.length; i++) {
        if (i > 0) parts.push(',');
        if (indent) parts.push('\n', inner);
        parts.push(quoteString(keys[i], opts.ascii), indent ? ': ' : ':');
        dump(o[keys[i]], inner);
      }
      if (indent) parts.push('\n', pad);
      parts.push('}');
    }
  };
  dump(v, '');
  return parts.join('');
}

/** `tostring`: strings unchanged, everything else as compact JSON. */
export function toStringValue(v: unknown): string {
  return typeof v === 'string' ? v : toJson(v);
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

function truncateBytes(s: string, max: number, keep: number): string {
  let bytes = 0;
  for (const ch of s) bytes += utf8Length(ch);
  if (bytes <= max) return s;
  let out = '';
  let used = 0;
  for (const ch of s) {
    const n = utf8Length(ch);
    if (used + n > keep) break;
    used += n;
    out += ch;
  }
  return `${out}...`;
}
