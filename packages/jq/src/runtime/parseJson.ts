import { JqRuntimeError } from '../errors';
import { JqObject, MAX_DEPTH, setKey } from './values';

export interface ParseJsonOptions {
  /** accept jq's `nan` extension (and `NaN`) */
  allowNan?: boolean;
}

class JsonReader {
  i = 0;
  constructor(readonly s: string, readonly allowNan: boolean) {}

  error(msg: string): never {
    const text = this.s.length > 1000 ? `${this.s.slice(0, 1000)}...` : this.s;
    throw new JqRuntimeError(`${msg} (while parsing '${text}')`);
  }

  ws(): void {
    const s = this.s;
    while (this.i < s.length) {
      const c = s.charCodeAt(this.i);
      if (c === 32 || c === 10 || c === 13 || c === 9 || c === 0xfeff) this.i++;
      else break;
    }
  }

  value(depth: number): unknown {
    if (depth >= MAX_DEPTH) this.error('Exceeds depth limit for parsing');
    this.ws();
    const s = this.s;
    const c = s[this.i];
    switch (c) {
      case '{': {
        this.i++;
        const o: JqObject = {};
        this.ws();
        if (s[this.i] === '}') {
          this.i++;
          return o;
        }
        for (;;) {
          this.ws();
          if (s[this.i] !== '"') {
            // a bare token reports jq's literal error; a valid one is still not a key
            this.literal();
            this.error('Object keys must be strings');
          }
          const k = this.string();
          this.ws();
          if (s[this.i] !== ':')
            this.error('Objects must consist of key:value pairs');
          this.i++;
          setKey(o, k, this.value(depth + 1));
          this.ws();
          if (s[this.i] === ',') {
            this.i++;
            continue;
          }
          if (s[this.i] === '}') {
            this.i++;
            return o;
          }
          return this.error(
            this.i >= s.length
              ? 'Unfinished JSON term at EOF'
              : 'Expected separator between values',
          );
        }
      }
      case '[': {
        this.i++;
        const a: unknown[] = [];
        this.ws();
        if (s[this.i] === ']') {
          this.i++;
          return a;
        }
        for (;;) {
          a.push(this.value(depth + 1));
          this.ws();
          if (s[this.i] === ',') {
            this.i++;
            continue;
          }
          if (s[this.i] === ']') {
            this.i++;
            return a;
          }
          return this.error(
            this.i >= s.length
              ? 'Unfinished JSON term at EOF'
              : 'Expected separator between values',
          );
        }
      }
      case '"':
        return this.string();
      default:
        return this.literal();
    }
  }

  /** A bare token (number, true, false, null, nan) up to the next delimiter, as jq scans it. */
  literal(): unknown {
    const s = this.s;
    const start = this.i;
    while (this.i < s.length && !/[\s[\]{},:"]/.test(s[this.i])) this.i++;
    const token = s.slice(start, this.i);
    if (token === '') {
      return this.error(
        this.i >= s.length ? 'Unfinished JSON term at EOF' : 'Invalid literal',
      );
    }
    switch (token) {
      case 'true':
        return true;
      case 'false':
        return false;
      case 'null':
        return null;
      default:
    }
    // jq 1.7 reads `nan` with a payload (`nan1234`) as nan; `NaN1` is rejected
    if (this.allowNan && /^-?(?:nan\d*|NaN)$/.test(token)) return NaN;
    if (this.allowNan && /^-?Infinity$/.test(token)) {
      return token[0] === '-' ? -Number.MAX_VALUE : Number.MAX_VALUE;
    }
    if (/^-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?$/.test(token)) {
      const n = Number(token);
      if (n === Infinity) return Number.MAX_VALUE;
      if (n === -Infinity) return -Number.MAX_VALUE;
      return n;
    }
    const atEof = this.i >= s.length;
    const before = s.slice(0, this.i);
    const line = before.split('\n').length;
    const column = this.i - (before.lastIndexOf('\n') + 1) + (atEof ? 0 : 1);
    // jq's check_literal: a token starting with t, f or nu is a misspelt literal
    let what = 'Invalid numeric literal';
    if (token.startsWith("'"))
      what = `Invalid string literal; expected \", but got '`;
    else if (/^(?:[tf]|nu)/.test(token)) what = 'Invalid literal';
    return this.error(
      `${what} at ${atEof ? 'EOF at ' : ''}line ${line}, column ${column}`,
    );
  }

  string(): string {
    const s = this.s;
    const start = ++this.i;
    const end = s.indexOf('"', start);
    if (end >= 0) {
      const chunk = s.slice(start, end);
      // eslint-disable-next-line no-control-regex
      if (!chunk.includes('\\') && !/[\u0000-\u001f]/.test(chunk)) {
        this.i = end + 1;
        return chunk;
      }
    }
    let out = '';
    for (;;) {
      if (this.i >= s.length) this.error('Unfinished string at EOF');
      const c = s[this.i++];
      if (c === '"') return out;
      if (c === '\\') {
        const e = s[this.i++];
        switch (e) {
          case 'n':
            out += '\n';
            break;
          case 't':
            out += '\t';
            break;
          case 'r':
            out += '\r';
            break;
          case 'b':
            out += '\b';
            break;
          case 'f':
            out += '\f';
            break;
          case '/':
          case '\\':
          case '"':
            out += e;
            break;
          case 'u': {
            const hex = s.slice(this.i, this.i + 4);
            if (!/^[0-9a-fA-F]{4}$/.test(hex)) this.error('Invalid escape');
            out += String.fromCharCode(parseInt(hex, 16));
            this.i += 4;
            break;
          }
          default:
            this.error('Invalid escape');
        }
      } else {
        out += c;
      }
    }
  }
}

/** Parses one JSON text (with jq's extensions when asked). */
function nestsTooDeep(text: string): boolean {
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
      if (++depth > MAX_DEPTH) return true;
    } else if (c === 93 || c === 125) {
      depth--;
    }
  }
  return false;
}

export function parseJson(text: string, opts: ParseJsonOptions = {}): unknown {
  if (text.length > MAX_DEPTH && nestsTooDeep(text)) {
    const shown = `${text.slice(0, 30)}...`;
    throw new JqRuntimeError(
      `Exceeds depth limit for parsing (while parsing '${shown}')`,
    );
  }
  try {
    return JSON.parse(text);
  } catch {
    // fall through to the reader for jq's extensions and jq's error messages
  }
  if (/^[ \t\n\r\ufeff]*$/.test(text)) {
    throw new JqRuntimeError(`Expected JSON value (while parsing '${text}')`);
  }
  const r = new JsonReader(text, opts.allowNan ?? false);
  const v = r.value(0);
  r.ws();
  if (r.i < text.length) r.error('Unexpected extra JSON values');
  return v;
}

/** Parses a whitespace-separated sequence of JSON texts, as jq reads its input. */
export function parseJsonSequence(
  text: string,
  opts: ParseJsonOptions = {},
): unknown[] {
  const r = new JsonReader(text, opts.allowNan ?? false);
  const out: unknown[] = [];
  for (;;) {
    r.ws();
    if (r.i >= text.length) return out;
    out.push(r.value(0));
  }
}
