import { JqRuntimeError } from '../errors';
import { Dialect, JqObject, MAX_DEPTH, setKey } from './values';

export interface ParseJsonOptions {
  /** accept jq's `nan` extension (and `NaN`) */
  allowNan?: boolean;
  /**
   * whose parser to follow: jq 1.7.1 nests at most 256 containers and object keys and reads `nan`
   * with a payload (`nan12`); jq 1.8 nests 10,000 deep and rejects the payload. Default `'1.7'`.
   */
  dialect?: Dialect;
}

/** jq 1.7.1's MAX_PARSING_DEPTH: containers and object keys waiting for their value. */
const MAX_PARSING_DEPTH_17 = 256;

/** No value yet: jq's `jv_invalid()` in its parser's `next` slot. */
const NONE: unique symbol = Symbol('none');

/** A container being built, or an object's key waiting for its value. */
type Frame =
  | { kind: 'array'; value: unknown[] }
  | { kind: 'object'; value: JqObject }
  | { kind: 'key'; key: string };

/** A number as jq 1.7+'s decNumber reads it: `1.`, `.5`, `01` and `+1` are numbers too. */
const DECIMAL = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;

/** The UTF-8 length of one UTF-16 code unit's share of its character (a surrogate pair is 2 + 2). */
function utf8Units(c: number): number {
  if (c < 0x80) return 1;
  if (c < 0x800) return 2;
  return c >= 0xd800 && c <= 0xdfff ? 2 : 3;
}

/** jq 1.8's and jq 1.7.1's NaN: 1.7.1 takes a payload (`NaN12`). */
const NAN = [/^[+-]?s?nan$/i, /^[+-]?s?nan\d*$/i];
const STRUCTURE = new Set(['[', ',', ']', '{', ':', '}']);
const WHITESPACE = new Set([' ', '\t', '\r', '\n']);
const SIMPLE_ESCAPES: Record<string, string> = {
  '\\': '\\',
  '"': '"',
  '/': '/',
  b: '\b',
  f: '\f',
  t: '\t',
  n: '\n',
  r: '\r',
};
const CONTROL_CHARACTER =
  'Invalid string: control characters from U+0000 through U+001F must be escaped';

/**
 * jq's JSON parser (`jv_parse.c`) as a character-level state machine, so that what it accepts
 * and its errors, with their line and column (bytes, counted after the character that failed),
 * are jq's. A single text comes here only when `JSON.parse` rejects it or cannot be trusted with
 * it (escaped surrogates, deep nesting); sequences of texts always do.
 */
class JsonScanner {
  private i = 0;
  private line = 1;
  private column = 0;
  private inString = false;
  private escaped = false;
  private token = '';
  private stack: Frame[] = [];
  private next: unknown = NONE;

  private readonly allowNan: boolean;
  private readonly jq17: boolean;

  constructor(private readonly s: string, opts: ParseJsonOptions) {
    this.allowNan = opts.allowNan ?? false;
    this.jq17 = opts.dialect !== '1.8';
  }

  private fail(msg: string): never {
    const s = this.s;
    const text = s.length > 1000 ? `${s.slice(0, 1000)}...` : s;
    throw new JqRuntimeError(`${msg} (while parsing '${text}')`);
  }

  private failAt(msg: string, atEof = false): never {
    return this.fail(
      `${msg} at ${atEof ? 'EOF at ' : ''}line ${this.line}, column ${
        this.column
      }`,
    );
  }

  /** The next complete top-level value, or NONE at the end of the text. */
  read(): unknown {
    const s = this.s;
    while (this.i < s.length) {
      const c = s.charCodeAt(this.i++);
      if (c === 10) {
        this.line++;
        this.column = 0;
      } else {
        this.column += utf8Units(c);
      }
      const done = this.scan(s[this.i - 1]);
      if (done !== NONE) return done;
    }
    if (this.inString) this.failAt('Unfinished string', true);
    const literalError = this.literal();
    if (literalError) this.failAt(literalError, true);
    if (this.stack.length > 0) this.failAt('Unfinished JSON term', true);
    const v = this.next;
    this.next = NONE;
    return v;
  }

  private scan(ch: string): unknown {
    if (this.inString) {
      if (ch === '"' && !this.escaped) {
        this.inString = false;
        this.setValue(this.decodeString());
        return this.done();
      }
      this.token += ch;
      this.escaped = ch === '\\' && !this.escaped;
      return NONE;
    }
    if (!STRUCTURE.has(ch) && !WHITESPACE.has(ch) && ch !== '"') {
      this.token += ch;
      return NONE;
    }
    const literalError = this.literal();
    if (literalError) this.failAt(literalError);
    let done = this.done();
    if (ch === '"') {
      this.inString = true;
      this.escaped = false;
    } else if (STRUCTURE.has(ch)) {
      this.structure(ch);
      if (done === NONE) done = this.done();
    }
    return done;
  }

  /** jq's check_done: a value with nothing open around it is complete. */
  private done(): unknown {
    if (this.stack.length > 0 || this.next === NONE) return NONE;
    const v = this.next;
    this.next = NONE;
    return v;
  }

  private setValue(v: unknown): void {
    if (this.next !== NONE) this.failAt('Expected separator between values');
    this.next = v;
  }

  private structure(ch: string): void {
    const top = this.stack[this.stack.length - 1];
    switch (ch) {
      case '[':
      case '{':
        if (
          this.stack.length >= (this.jq17 ? MAX_PARSING_DEPTH_17 : MAX_DEPTH)
        ) {
          this.failAt('Exceeds depth limit for parsing');
        }
        if (this.next !== NONE)
          this.failAt('Expected separator between values');
        this.stack.push(
          ch === '['
            ? { kind: 'array', value: [] }
            : { kind: 'object', value: {} },
        );
        return;
      case ':':
        if (this.next === NONE) this.failAt("Expected string key before ':'");
        if (top?.kind !== 'object') this.failAt("':' not as part of an object");
        if (typeof this.next !== 'string') {
          this.failAt('Object keys must be strings');
        }
        this.stack.push({ kind: 'key', key: this.next });
        this.next = NONE;
        return;
      case ',':
        if (this.next === NONE) this.failAt("Expected value before ','");
        if (!top) this.failAt("',' not as part of an object or array");
        if (top.kind === 'object') {
          this.failAt('Objects must consist of key:value pairs');
        }
        this.addToTop(top);
        return;
      case ']':
        if (top?.kind !== 'array') this.failAt("Unmatched ']'");
        if (this.next !== NONE) top.value.push(this.next);
        else if (top.value.length > 0) {
          this.failAt('Expected another array element');
        }
        this.next = (this.stack.pop() as { value: unknown }).value;
        return;
      default: // '}'
        if (!top) this.failAt("Unmatched '}'");
        if (this.next !== NONE) {
          if (top.kind !== 'key') {
            this.failAt('Objects must consist of key:value pairs');
          }
          this.addToTop(top);
        } else {
          if (top.kind !== 'object') this.failAt("Unmatched '}'");
          if (Object.keys(top.value).length > 0) {
            this.failAt('Expected another key-value pair');
          }
        }
        this.next = (this.stack.pop() as { value: unknown }).value;
    }
  }

  /** Moves the value into the array on top, or into the object below the key on top. */
  private addToTop(top: Frame): void {
    if (top.kind === 'array') {
      top.value.push(this.next);
    } else if (top.kind === 'key') {
      this.stack.pop();
      const obj = this.stack[this.stack.length - 1] as { value: JqObject };
      setKey(obj.value, top.key, this.next);
    }
    this.next = NONE;
  }

  /** jq's check_literal: the bare token collected so far, or its error. */
  private literal(): string | undefined {
    const token = this.token;
    if (token === '') return undefined;
    this.token = '';
    let pattern: [string, unknown] | undefined;
    if (token[0] === 't') pattern = ['true', true];
    else if (token[0] === 'f') pattern = ['false', false];
    else if (token.startsWith('nu')) pattern = ['null', null];
    if (pattern) {
      if (token !== pattern[0]) return 'Invalid literal';
      this.setValue(pattern[1]);
      return undefined;
    }
    // jq 1.8 names a single-quoted string; 1.7.1 reads it as a number
    if (token[0] === "'" && !this.jq17)
      return `Invalid string literal; expected \", but got '`;
    // decNumber reads the token as a C string: it ends at a NUL
    const text = token.split('\u0000', 1)[0];
    let n: number;
    if (DECIMAL.test(text)) n = Number(text);
    else if (this.allowNan && NAN[this.jq17 ? 1 : 0].test(text)) n = NaN;
    else if (this.allowNan && /^[+-]?inf(?:inity)?$/i.test(text)) {
      n = text[0] === '-' ? -Infinity : Infinity;
    } else return 'Invalid numeric literal';
    if (n === Infinity) n = Number.MAX_VALUE;
    if (n === -Infinity) n = -Number.MAX_VALUE;
    this.setValue(n);
    return undefined;
  }

  /** jq's found_string: the escapes of a string token. */
  private decodeString(): string {
    const t = this.token;
    this.token = '';
    if (!t.includes('\\')) {
      // eslint-disable-next-line no-control-regex
      if (/[\u0000-\u001f]/.test(t)) this.failAt(CONTROL_CHARACTER);
      return t;
    }
    let out = '';
    for (let k = 0; k < t.length; ) {
      const c = t[k++];
      if (c !== '\\') {
        if (c.charCodeAt(0) < 0x20) this.failAt(CONTROL_CHARACTER);
        out += c;
        continue;
      }
      if (k >= t.length)
        this.failAt('Expected escape character at end of string');
      const e = t[k++];
      const simple = SIMPLE_ESCAPES[e];
      if (simple !== undefined) {
        out += simple;
        continue;
      }
      if (e !== 'u') this.failAt('Invalid escape');
      if (k + 4 > t.length) this.failAt('Invalid \\uXXXX escape');
      const hex = t.slice(k, k + 4);
      if (!/^[0-9a-fA-F]{4}$/.test(hex)) {
        this.failAt('Invalid characters in \\uXXXX escape');
      }
      let cp = parseInt(hex, 16);
      k += 4;
      if (cp >= 0xd800 && cp <= 0xdbff) {
        const low = /^\\u([0-9a-fA-F]{4})/.exec(t.slice(k, k + 6));
        const lo = low ? parseInt(low[1], 16) : -1;
        if (lo < 0xdc00 || lo > 0xdfff) {
          this.failAt('Invalid \\uXXXX\\uXXXX surrogate pair escape');
        }
        cp = 0x10000 + (((cp - 0xd800) << 10) | (lo - 0xdc00));
        k += 6;
      }
      // a lone low surrogate is not valid text: jq's UTF-8 encoder writes U+FFFD for it
      out += String.fromCodePoint(cp >= 0xdc00 && cp <= 0xdfff ? 0xfffd : cp);
    }
    return out;
  }
}

/** Parses one JSON text (with jq's extensions when asked). */
function nestsTooDeep(text: string, limit: number): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 92) i++;
      else if (c === 34) inString = false;
    } else if (c === 34) {
      inString = true;
    } else if (c === 91 || c === 123) {
      if (++depth > limit) return true;
    } else if (c === 93 || c === 125) {
      depth--;
    }
  }
  return false;
}

export function parseJson(text: string, opts: ParseJsonOptions = {}): unknown {
  const jq17 = opts.dialect !== '1.8';
  if (!jq17 && text.length > MAX_DEPTH && nestsTooDeep(text, MAX_DEPTH)) {
    const shown = `${text.slice(0, 30)}...`;
    throw new JqRuntimeError(
      `Exceeds depth limit for parsing (while parsing '${shown}')`,
    );
  }
  // JSON.parse keeps an escaped lone surrogate, which jq rejects (high) or replaces (low), and
  // nests deeper than jq 1.7.1 (whose limit counts object keys too, so half as many objects)
  const deep =
    jq17 &&
    text.length > MAX_PARSING_DEPTH_17 / 2 &&
    nestsTooDeep(text, MAX_PARSING_DEPTH_17 / 2);
  if (!deep && !/\\u[dD][89a-fA-F]/.test(text)) {
    try {
      return JSON.parse(text);
    } catch {
      // fall through to the scanner for jq's extensions and jq's error messages
    }
  }
  if (/^[ \t\n\r\ufeff]*$/.test(text)) {
    throw new JqRuntimeError(`Expected JSON value (while parsing '${text}')`);
  }
  const r = new JsonScanner(text, opts);
  const v = r.read();
  if (v === NONE) {
    throw new JqRuntimeError(`Expected JSON value (while parsing '${text}')`);
  }
  // jq reads on: an error in what follows is reported before the extra value itself
  if (r.read() !== NONE) {
    throw new JqRuntimeError(
      `Unexpected extra JSON values (while parsing '${text}')`,
    );
  }
  return v;
}

/** Parses a whitespace-separated sequence of JSON texts, as jq reads its input. */
export function parseJsonSequence(
  text: string,
  opts: ParseJsonOptions = {},
): unknown[] {
  const r = new JsonScanner(text, opts);
  const out: unknown[] = [];
  for (let v = r.read(); v !== NONE; v = r.read()) out.push(v);
  return out;
}
