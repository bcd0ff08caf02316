import { fail } from '../runtime/ops';
import { checkLength, joinChecked, ValueLimits } from '../runtime/limits';
import {
  Dialect,
  preview,
  toJson,
  toStringValue,
  typeOf,
} from '../runtime/values';

const FORMATS = new Set([
  'text',
  'json',
  'html',
  'uri',
  'urid',
  'csv',
  'tsv',
  'sh',
  'base64',
  'base64d',
  'base32',
  'base32d',
]);

export function isKnownFormat(name: string): boolean {
  return FORMATS.has(name);
}

const HTML: Record<string, string> = {
  '<': '&lt;',
  '>': '&gt;',
  '&': '&amp;',
  "'": '&apos;',
  '"': '&quot;',
};

const URI_UNRESERVED = /[A-Za-z0-9\-_.~]/;

function utf8(s: string): Uint8Array {
  return new TextEncoder().encode(s);
}

/** Bytes of a UTF-8 sequence by its first byte (0: never starts one), as jq's decoder reads them. */
function sequenceLength(first: number): number {
  if (first < 0xc2) return 0;
  if (first < 0xe0) return 2;
  if (first < 0xf0) return 3;
  return first < 0xf5 ? 4 : 0;
}

const FIRST_CODEPOINT = [0, 0, 0x80, 0x800, 0x10000];

/**
 * Decoded bytes as jq's `jv_string_sized` makes them a string: each invalid sequence becomes one
 * U+FFFD by jq's own rules (`jvp_utf8_next`), which differ from `TextDecoder`'s: a truncated
 * sequence at the end swallows every remaining byte, and an overlong or surrogate sequence is one
 * replacement character, not one per byte.
 */
function fromUtf8(b: Uint8Array): string {
  const out: number[] = [];
  let i = 0;
  while (i < b.length) {
    const first = b[i];
    let length = sequenceLength(first);
    let codepoint = -1;
    if (first < 0x80) {
      codepoint = first;
      length = 1;
    } else if (length === 0) {
      length = 1;
    } else if (i + length > b.length) {
      length = b.length - i;
    } else {
      codepoint = first & (0xff >> (length + 1));
      for (let k = 1; k < length; k++) {
        if ((b[i + k] & 0xc0) !== 0x80) {
          codepoint = -1;
          length = k;
          break;
        }
        codepoint = (codepoint << 6) | (b[i + k] & 0x3f);
      }
      if (
        codepoint < FIRST_CODEPOINT[length] ||
        (codepoint >= 0xd800 && codepoint <= 0xdfff) ||
        codepoint > 0x10ffff
      )
        codepoint = -1;
    }
    out.push(codepoint === -1 ? 0xfffd : codepoint);
    i += length;
  }
  let s = '';
  for (let k = 0; k < out.length; k += 4096)
    s += String.fromCodePoint(...out.slice(k, k + 4096));
  return s;
}

function uriEncode(s: string): string {
  let out = '';
  for (const ch of s) {
    if (URI_UNRESERVED.test(ch)) {
      out += ch;
    } else {
      for (const b of utf8(ch))
        out += `%${b.toString(16).toUpperCase().padStart(2, '0')}`;
    }
  }
  return out;
}

function uriDecode(s: string, dialect: Dialect): string {
  const bytes: number[] = [];
  let i = 0;
  while (i < s.length) {
    if (s[i] === '%') {
      const hex = s.slice(i + 1, i + 3);
      if (!/^[0-9a-fA-F]{2}$/.test(hex)) {
        fail(`${preview(s, dialect)} is not a valid uri encoding`);
      }
      bytes.push(parseInt(hex, 16));
      i += 3;
    } else {
      const ch = String.fromCodePoint(s.codePointAt(i)!);
      for (const b of utf8(ch)) bytes.push(b);
      i += ch.length;
    }
  }
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(
      new Uint8Array(bytes),
    );
  } catch {
    return fail(`${preview(s, dialect)} is not a valid uri encoding`);
  }
}

const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

function base64Encode(bytes: Uint8Array): string {
  let out = '';
  for (let i = 0; i < bytes.length; i += 3) {
    const n =
      (bytes[i] << 16) | ((bytes[i + 1] ?? 0) << 8) | (bytes[i + 2] ?? 0);
    out += B64[(n >> 18) & 63] + B64[(n >> 12) & 63];
    out += i + 1 < bytes.length ? B64[(n >> 6) & 63] : '=';
    out += i + 2 < bytes.length ? B64[n & 63] : '=';
  }
  return out;
}

function base64Decode(s: string, dialect: Dialect): string {
  const bytes: number[] = [];
  let acc = 0;
  let bits = 0;
  let valid = 0;
  for (const ch of s) {
    if (ch === '=') break;
    const v = B64.indexOf(ch);
    if (v < 0) fail(`${preview(s, dialect)} is not valid base64 data`);
    valid++;
    acc = (acc << 6) | v;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      bytes.push((acc >> bits) & 0xff);
    }
  }
  if (valid % 4 === 1) {
    fail(`${preview(s, dialect)} trailing base64 byte found`);
  }
  return fromUtf8(new Uint8Array(bytes));
}

const B32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

function base32Encode(bytes: Uint8Array): string {
  let out = '';
  for (let i = 0; i < bytes.length; i += 5) {
    const chunk = bytes.slice(i, i + 5);
    let bits = 0n;
    for (let j = 0; j < 5; j++) bits = (bits << 8n) | BigInt(chunk[j] ?? 0);
    const chars = [2, 4, 5, 7, 8][chunk.length - 1];
    for (let j = 0; j < 8; j++) {
      out += j < chars ? B32[Number((bits >> BigInt(35 - j * 5)) & 31n)] : '=';
    }
  }
  return out;
}

function base32Decode(s: string, dialect: Dialect): string {
  const bytes: number[] = [];
  let acc = 0;
  let bits = 0;
  for (const ch of s) {
    if (ch === '=') break;
    const v = B32.indexOf(ch);
    if (v < 0) fail(`${preview(s, dialect)} is not valid base32 data`);
    acc = ((acc << 5) | v) & 0xffff;
    bits += 5;
    if (bits >= 8) {
      bits -= 8;
      bytes.push((acc >> bits) & 0xff);
    }
  }
  return fromUtf8(new Uint8Array(bytes));
}

function csvField(x: unknown, dialect: Dialect): string {
  switch (typeOf(x)) {
    case 'number':
      return toJson(x);
    case 'string':
      return `"${(x as string).replace(/"/g, '""')}"`;
    case 'boolean':
      return x ? 'true' : 'false';
    case 'null':
      return '';
    default:
      return fail(`${preview(x, dialect)} is not valid in a csv row`);
  }
}

const TSV_ESCAPES: Record<string, string> = {
  '\\': '\\\\',
  '\t': '\\t',
  '\n': '\\n',
  '\r': '\\r',
};

function tsvField(x: unknown, dialect: Dialect): string {
  switch (typeOf(x)) {
    case 'number':
      return toJson(x);
    case 'string':
      return (x as string).replace(/[\\\t\n\r]/g, c => TSV_ESCAPES[c]);
    case 'boolean':
      return x ? 'true' : 'false';
    case 'null':
      return '';
    default:
      // jq 1.7.1 shares the csv wording
      return fail(
        `${preview(x, dialect)} is not valid in a ${
          dialect === '1.7' ? 'csv' : 'tsv'
        } row`,
      );
  }
}

function shQuote(x: unknown, dialect: Dialect): string {
  switch (typeOf(x)) {
    case 'string':
      return `'${(x as string).replace(/'/g, "'\\''")}'`;
    case 'array':
    case 'object':
      return fail(`${preview(x, dialect)} can not be escaped for shell`);
    default:
      return toJson(x);
  }
}

/** Applies `@name` to a value, as both `@name` alone and `@name "...\(x)"` do. */
export function applyFormat(
  name: string,
  v: unknown,
  limits: ValueLimits,
): unknown {
  const formatted = format(name, v, limits);
  if (typeof formatted === 'string')
    checkLength(formatted.length, limits, 'string');
  return formatted;
}

function format(name: string, v: unknown, limits: ValueLimits): unknown {
  const dialect = limits.dialect;
  const text = (x: unknown) => toStringValue(x, limits);
  switch (name) {
    case 'text':
      return text(v);
    case 'json':
      return toJson(v, { limits });
    case 'html':
      return text(v).replace(/[<>&'"]/g, c => HTML[c]);
    case 'uri':
      return uriEncode(text(v));
    case 'urid':
      return uriDecode(text(v), dialect);
    case 'csv':
      if (!Array.isArray(v))
        fail(`${preview(v, dialect)} cannot be csv-formatted, only array`);
      return joinChecked(
        v.map(x => csvField(x, dialect)),
        ',',
        limits,
      );
    case 'tsv':
      if (!Array.isArray(v))
        fail(`${preview(v, dialect)} cannot be tsv-formatted, only array`);
      return joinChecked(
        v.map(x => tsvField(x, dialect)),
        '\t',
        limits,
      );
    case 'sh':
      if (Array.isArray(v))
        return joinChecked(
          v.map(x => shQuote(x, dialect)),
          ' ',
          limits,
        );
      return shQuote(v, dialect);
    case 'base64':
      return base64Encode(utf8(text(v)));
    case 'base64d':
      return base64Decode(text(v), dialect);
    case 'base32':
      return base32Encode(utf8(text(v)));
    case 'base32d':
      return base32Decode(text(v), dialect);
    default:
      return fail(`${name} is not a valid format`);
  }
}
