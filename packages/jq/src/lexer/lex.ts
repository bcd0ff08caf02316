import { JqCompileError } from '../errors';

export type TokenKind =
  | 'num'
  | 'str'
  | 'ident'
  | 'field'
  | 'var'
  | 'format'
  | 'keyword'
  | 'op'
  | 'eof';

/** One piece of a string literal: literal text, or the tokens of an interpolated `\(...)`. */
export type StringPart = string | Token[];

export interface Token {
  kind: TokenKind;
  /** The operator/keyword/identifier text; for `field` and `var` the name without `.`/`$`. */
  text: string;
  pos: number;
  num?: number;
  parts?: StringPart[];
}

const KEYWORDS = new Set([
  'def',
  'if',
  'then',
  'elif',
  'else',
  'end',
  'as',
  'reduce',
  'foreach',
  'try',
  'catch',
  'label',
  'import',
  'include',
  'module',
  'and',
  'or',
  '__loc__',
]);

const OPERATORS = [
  '?//=',
  '?//',
  '//=',
  '|=',
  '+=',
  '-=',
  '*=',
  '/=',
  '%=',
  '==',
  '!=',
  '<=',
  '>=',
  '//',
  '..',
  '|',
  ',',
  '+',
  '-',
  '*',
  '/',
  '%',
  '=',
  '<',
  '>',
  '.',
  '?',
  ';',
  ':',
  '(',
  ')',
  '[',
  ']',
  '{',
  '}',
];

const isIdentStart = (c: string) => /[A-Za-z_]/.test(c);
const isIdentChar = (c: string) => /[A-Za-z_0-9]/.test(c);
const isDigit = (c: string) => c >= '0' && c <= '9';

/**
 * Splits a jq program into tokens. String literals are lexed here including their interpolations,
 * whose tokens are nested in `parts`, so the parser never re-reads source text.
 */
export function lex(src: string): Token[] {
  let i = 0;
  const fail = (msg: string, at: number): never => {
    throw new JqCompileError(msg, src, at);
  };

  const readIdent = (): string => {
    const start = i;
    while (i < src.length && isIdentChar(src[i])) i++;
    while (
      src[i] === ':' &&
      src[i + 1] === ':' &&
      i + 2 < src.length &&
      isIdentStart(src[i + 2])
    ) {
      i += 2;
      while (i < src.length && isIdentChar(src[i])) i++;
    }
    return src.slice(start, i);
  };

  function readString(): Token {
    const start = i;
    i++;
    const parts: StringPart[] = [];
    let buf = '';
    for (;;) {
      if (i >= src.length) fail('unterminated string literal', start);
      const c = src[i];
      if (c === '"') {
        i++;
        break;
      }
      if (c === '\\') {
        const e = src[i + 1];
        const escStart = i;
        i += 2;
        switch (e) {
          case 'n':
            buf += '\n';
            break;
          case 't':
            buf += '\t';
            break;
          case 'r':
            buf += '\r';
            break;
          case 'b':
            buf += '\b';
            break;
          case 'f':
            buf += '\f';
            break;
          case '"':
          case '\\':
          case '/':
            buf += e;
            break;
          case 'u': {
            const hex = src.slice(i, i + 4);
            if (!/^[0-9a-fA-F]{4}$/.test(hex)) {
              fail('Invalid escape', escStart);
            }
            buf += String.fromCharCode(parseInt(hex, 16));
            i += 4;
            break;
          }
          case '(': {
            if (buf) parts.push(buf);
            buf = '';
            parts.push(lexUntilClose());
            break;
          }
          default:
            // jq re-parses the escape alone as a JSON string and reports that parse
            fail(
              `Invalid escape at line 1, column 4 (while parsing '"\\${
                e ?? ''
              }"')`,
              escStart,
            );
        }
        continue;
      }
      buf += c;
      i++;
    }
    if (buf || parts.length === 0) parts.push(buf);
    return { kind: 'str', text: '', pos: start, parts };
  }

  // Lexes the body of `\(...)`, consuming the closing parenthesis.
  function lexUntilClose(): Token[] {
    const out: Token[] = [];
    let depth = 0;
    for (;;) {
      const t = next();
      if (t.kind === 'eof') fail('unterminated string interpolation', t.pos);
      if (t.kind === 'op' && t.text === '(') depth++;
      if (t.kind === 'op' && t.text === ')') {
        if (depth === 0) {
          out.push({ kind: 'eof', text: '', pos: t.pos });
          return out;
        }
        depth--;
      }
      out.push(t);
    }
  }

  function next(): Token {
    for (;;) {
      while (i < src.length && /\s/.test(src[i])) i++;
      if (src[i] === '#') {
        while (i < src.length && src[i] !== '\n') {
          if (src[i] === '\\' && src[i + 1] === '\n') i++;
          i++;
        }
        continue;
      }
      break;
    }
    if (i >= src.length) return { kind: 'eof', text: '', pos: i };
    const start = i;
    const c = src[i];
    if (c === '"') return readString();
    if (isDigit(c) || (c === '.' && isDigit(src[i + 1] ?? ''))) {
      const m = /^(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?/.exec(
        src.slice(i),
      )!;
      i += m[0].length;
      return { kind: 'num', text: m[0], pos: start, num: Number(m[0]) };
    }
    if (c === '.' && isIdentStart(src[i + 1] ?? '')) {
      i++;
      const start2 = i;
      while (i < src.length && isIdentChar(src[i])) i++;
      return { kind: 'field', text: src.slice(start2, i), pos: start };
    }
    if (c === '$') {
      i++;
      while (i < src.length && /\s/.test(src[i])) i++;
      if (!isIdentStart(src[i] ?? ''))
        fail("syntax error, unexpected '$'", start);
      return { kind: 'var', text: readIdent(), pos: start };
    }
    if (c === '@') {
      i++;
      const name = readIdent();
      if (!name) fail("syntax error, unexpected '@'", start);
      return { kind: 'format', text: name, pos: start };
    }
    if (isIdentStart(c)) {
      const name = readIdent();
      return {
        kind: KEYWORDS.has(name) ? 'keyword' : 'ident',
        text: name,
        pos: start,
      };
    }
    for (const op of OPERATORS) {
      if (src.startsWith(op, i)) {
        i += op.length;
        return { kind: 'op', text: op, pos: start };
      }
    }
    return fail(
      'syntax error, unexpected INVALID_CHARACTER, expecting end of file',
      start,
    );
  }

  const tokens: Token[] = [];
  for (;;) {
    const t = next();
    tokens.push(t);
    if (t.kind === 'eof') return tokens;
  }
}
