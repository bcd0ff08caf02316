import { fail } from '../runtime/ops';
import {
  Dialect,
  hasSurrogates,
  JqObject,
  preview,
  setKey,
} from '../runtime/values';

interface CompiledRegex {
  re: RegExp;
  names: (string | null)[];
  global: boolean;
  skipEmpty: boolean;
}

// Oniguruma's \w, \d and \b are Unicode-aware on UTF-8 text; JS's are ASCII-only even with `u`.
const WORD_CLASS = '\\p{L}\\p{M}\\p{Nd}\\p{Pc}';
const WORD_BOUNDARY = `(?:(?<=[${WORD_CLASS}])(?![${WORD_CLASS}])|(?<![${WORD_CLASS}])(?=[${WORD_CLASS}]))`;

const POSIX_CLASSES: Record<string, string> = {
  alpha: 'A-Za-z',
  digit: '0-9',
  alnum: 'A-Za-z0-9',
  upper: 'A-Z',
  lower: 'a-z',
  space: '\\s',
  blank: ' \\t',
  punct: '!-\\/:-@\\[-`{-~',
  xdigit: '0-9A-Fa-f',
  word: '\\w',
  cntrl: '\\x00-\\x1f\\x7f',
  print: '\\x20-\\x7e',
  graph: '\\x21-\\x7e',
};

/**
 * Translates Oniguruma (Perl_NT syntax, as jq uses it) to a JS `u` RegExp source and lists the
 * capture groups' names in order. Differences handled: `\h`/`\H` (hex digits), `\A`, `\z`, `\Z`,
 * POSIX bracket classes, atomic groups and possessive quantifiers (approximated), `x` mode, and `^`
 * matching at every line start as in Oniguruma.
 */
function translate(
  src: string,
  extended: boolean,
): { source: string; names: (string | null)[] } {
  let out = '';
  const names: (string | null)[] = [];
  let inClass = false;
  const groups: { start: number; capturing: boolean }[] = [];
  for (let i = 0; i < src.length; i++) {
    const c = src[i];
    if (c === '\\') {
      const n = src[i + 1];
      i++;
      if (n === undefined) {
        out += '\\\\';
        continue;
      }
      switch (n) {
        case 'w':
          out += inClass ? WORD_CLASS : `[${WORD_CLASS}]`;
          break;
        case 'W':
          out += inClass ? '\\W' : `[^${WORD_CLASS}]`;
          break;
        case 'd':
          out += '\\p{Nd}';
          break;
        case 'D':
          out += inClass ? '\\D' : '\\P{Nd}';
          break;
        case 'b':
          out += inClass ? '\\x08' : WORD_BOUNDARY;
          break;
        case 'B':
          out += `(?!${WORD_BOUNDARY})`;
          break;
        case 'h':
          out += inClass ? '0-9a-fA-F' : '[0-9a-fA-F]';
          break;
        case 'H':
          out += '[^0-9a-fA-F]';
          break;
        case 'A':
          out += '(?<![\\s\\S])';
          break;
        case 'z':
          out += '(?![\\s\\S])';
          break;
        case 'Z':
          out += '(?=\\n?(?![\\s\\S]))';
          break;
        case 'Q': {
          const end = src.indexOf('\\E', i + 1);
          const lit = src.slice(i + 1, end < 0 ? undefined : end);
          out += lit.replace(/[.*+?^${}()|[\]\\/-]/g, '\\$&');
          i = end < 0 ? src.length : end + 1;
          break;
        }
        case 'e':
          out += '\\x1b';
          break;
        case 'a':
          out += '\\x07';
          break;
        default:
          if (
            /[dDwWsSbBnrtfvpPuxck0-9]/.test(n) ||
            '^$\\.*+?()[]{}|/'.includes(n)
          ) {
            out += `\\${n}`;
          } else if (inClass && n === '-') {
            out += '\\-';
          } else {
            out += `\\u{${n.codePointAt(0)!.toString(16)}}`;
          }
      }
      continue;
    }
    if (inClass) {
      if (c === '[' && src[i + 1] === ':') {
        const end = src.indexOf(':]', i + 2);
        const name = end > 0 ? src.slice(i + 2, end) : '';
        if (Object.prototype.hasOwnProperty.call(POSIX_CLASSES, name)) {
          out += POSIX_CLASSES[name];
          i = end + 1;
          continue;
        }
      }
      if (c === '[') {
        out += '\\[';
        continue;
      }
      if (c === ']') inClass = false;
      out += c;
      continue;
    }
    if (extended) {
      if (/\s/.test(c)) continue;
      if (c === '#') {
        while (i < src.length && src[i] !== '\n') i++;
        continue;
      }
    }
    switch (c) {
      case '[':
        inClass = true;
        out += c;
        if (src[i + 1] === '^') {
          out += '^';
          i++;
        }
        if (src[i + 1] === ']') {
          out += '\\]';
          i++;
        }
        break;
      case '(': {
        const start = out.length;
        let capturing = false;
        if (src[i + 1] === '?') {
          if (src[i + 2] === '<' && src[i + 3] !== '=' && src[i + 3] !== '!') {
            const end = src.indexOf('>', i);
            names.push(src.slice(i + 3, end));
            capturing = true;
          } else if (src[i + 2] === 'P' && src[i + 3] === '<') {
            const end = src.indexOf('>', i);
            names.push(src.slice(i + 4, end));
            groups.push({ start, capturing: true });
            out += `(?<${src.slice(i + 4, end)}>`;
            i = end;
            break;
          } else if (src[i + 2] === '>') {
            groups.push({ start, capturing: false });
            out += '(?:';
            i += 2;
            break;
          }
        } else {
          names.push(null);
          capturing = true;
        }
        groups.push({ start, capturing });
        out += c;
        break;
      }
      case ')': {
        const group = groups.pop();
        out += c;
        // JS drops the capture of an optional group whose body matched empty ((a?)? on "b");
        // Oniguruma keeps it. `(?:(X)|)` tries X, then nothing, like `(X)?`, without that rule.
        if (
          group?.capturing &&
          src[i + 1] === '?' &&
          src[i + 2] !== '?' &&
          src[i + 2] !== '+'
        ) {
          out = `${out.slice(0, group.start)}(?:${out.slice(group.start)}|)`;
          i++;
        }
        break;
      }
      case '^':
        out += '(?<![^\\n])';
        break;
      case '+':
      case '*':
      case '?':
      case '}':
        out += c;
        // possessive quantifiers have no JS equivalent; greedy is the closest
        if (src[i + 1] === '+' && c !== '?') i++;
        else if (c === '?' && src[i + 1] === '+' && out.length > 1) i++;
        break;
      default:
        out += c;
    }
  }
  return { source: out, names };
}

const cache = new Map<string, CompiledRegex>();

export function compileRegex(
  re: unknown,
  flags: unknown,
  dialect: Dialect,
): CompiledRegex {
  if (typeof re !== 'string')
    fail(`${preview(re, dialect)} cannot be matched, as it is not a string`);
  if (flags !== null && typeof flags !== 'string') {
    fail(`${preview(flags, dialect)} is not a string`);
  }
  const f = (flags as string | null) ?? '';
  const cacheKey = `${f}/${re}`;
  const hit = cache.get(cacheKey);
  if (hit) return hit;
  let jsFlags = 'gud';
  let global = false;
  let skipEmpty = false;
  let extended = false;
  for (const ch of f) {
    switch (ch) {
      case 'g':
        global = true;
        break;
      case 'i':
        jsFlags += 'i';
        break;
      case 'x':
        extended = true;
        break;
      case 'n':
        skipEmpty = true;
        break;
      case 's':
      case 'p':
        if (!jsFlags.includes('s')) jsFlags += 's';
        break;
      case 'l':
        break;
      default:
        fail(`${f} is not a valid modifier string`);
    }
  }
  const { source, names } = translate(re, extended);
  let compiled: RegExp;
  try {
    compiled = new RegExp(source, jsFlags);
  } catch (e) {
    return fail(
      `${re} (at offset 0) is not a valid regex: ${(e as Error).message}`,
    );
  }
  const result = { re: compiled, names, global, skipEmpty };
  if (cache.size > 500) cache.clear();
  cache.set(cacheKey, result);
  return result;
}

/** Converts UTF-16 offsets to code point offsets for strings with astral characters. */
function offsetMapper(s: string): (i: number) => number {
  if (!hasSurrogates(s)) return i => i;
  const map: number[] = [];
  let cp = 0;
  for (let i = 0; i <= s.length; i++) {
    map[i] = cp;
    const c = s.charCodeAt(i);
    if (!(c >= 0xd800 && c <= 0xdbff)) cp++;
  }
  return i => map[i];
}

function cpLength(s: string): number {
  let n = 0;
  for (const _ of s) n++;
  return n;
}

export function matchAll(
  input: unknown,
  re: unknown,
  flags: unknown,
  dialect: Dialect,
): JqObject[] {
  if (typeof input !== 'string') {
    fail(`${preview(input, dialect)} cannot be matched, as it is not a string`);
  }
  const {
    re: regex,
    names,
    global,
    skipEmpty,
  } = compileRegex(re, flags, dialect);
  const s = input as string;
  const toCp = offsetMapper(s);
  const results: JqObject[] = [];
  regex.lastIndex = 0;
  for (const m of s.matchAll(regex)) {
    if (skipEmpty && m[0] === '') continue;
    const start = m.index!;
    const captures = names.map((name, gi) => {
      const str = m[gi + 1];
      const idx = m.indices?.[gi + 1];
      const cap: JqObject = {};
      if (str === undefined || !idx) {
        setKey(cap, 'offset', -1);
        setKey(cap, 'length', 0);
        setKey(cap, 'string', null);
      } else {
        setKey(cap, 'offset', toCp(idx[0]));
        setKey(cap, 'length', cpLength(str));
        setKey(cap, 'string', str);
      }
      setKey(cap, 'name', name);
      return cap;
    });
    const r: JqObject = {};
    setKey(r, 'offset', toCp(start));
    setKey(r, 'length', cpLength(m[0]));
    setKey(r, 'string', m[0]);
    setKey(r, 'captures', captures);
    results.push(r);
    if (!global) break;
  }
  return results;
}

/** The object `sub`/`gsub` replacement filters and `capture` see: named captures only. */
export function captureObject(match: JqObject): JqObject {
  const o: JqObject = {};
  for (const c of match.captures as JqObject[]) {
    if (c.name !== null) setKey(o, c.name as string, c.string);
  }
  return o;
}

export function testRegex(
  input: unknown,
  re: unknown,
  flags: unknown,
  dialect: Dialect,
): boolean {
  if (typeof input !== 'string') {
    fail(`${preview(input, dialect)} cannot be matched, as it is not a string`);
  }
  const compiled = compileRegex(re, flags, dialect);
  if (compiled.skipEmpty) return matchAll(input, re, flags, dialect).length > 0;
  compiled.re.lastIndex = 0;
  return compiled.re.test(input as string);
}

/** `split($re; flags)`: the pieces between matches. */
export function splitRegex(
  input: unknown,
  re: unknown,
  flags: unknown,
  dialect: Dialect,
): string[] {
  const s = input as string;
  const matches = matchAll(
    input,
    re,
    `g${(flags as string | null) ?? ''}`,
    dialect,
  );
  const cps = Array.from(s);
  const out: string[] = [];
  let prev = 0;
  for (const m of matches) {
    const off = m.offset as number;
    out.push(cps.slice(prev, off).join(''));
    prev = off + (m.length as number);
  }
  out.push(cps.slice(prev).join(''));
  return out;
}
