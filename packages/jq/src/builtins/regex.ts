import { RE2JS } from 're2js';
import { JqLimitError } from '../errors';
import { charge, Ctx } from '../compiler/types';
import { fail } from '../runtime/ops';
import {
  Dialect,
  hasSurrogates,
  JqObject,
  preview,
  setKey,
} from '../runtime/values';
import { translateRegex, TranslatedRegex } from './regexTranslate';

/**
 * Regexes run on re2js, a linear-time engine (RE2), whenever RE2 can express the pattern; only
 * backreferences, lookaround, `\Z` and a `\b` on non-ASCII text need JS's backtracking engine,
 * which cannot be interrupted, so it runs only when the worst case it could take fits in the
 * run's step budget (see `backtrackingAllowed`). Either way the match is charged to the budget.
 */
interface CompiledRegex {
  source: string;
  translated: TranslatedRegex;
  re2: RE2JS | null;
  /** compiled on first use: most patterns never need it */
  js: RegExp | null;
  jsFlags: string;
  global: boolean;
  skipEmpty: boolean;
}

/** One match in UTF-16 offsets: the whole match, then each capture group (undefined when unset). */
interface RawMatch {
  start: number;
  end: number;
  groups: ([number, number] | undefined)[];
}

/**
 * What a re2js match is charged, in steps per character and program instruction (`programSize`).
 * Measured against the evaluator's step (about 0.3 µs on the team machine): finding matches with
 * their captures (re2js's NFA or bit-state backtracker) takes about 0.1 µs per character and
 * instruction; a yes/no `test` (its lazy DFA) takes under 0.01 µs, but may fall back to the NFA.
 */
const FIND_STEPS_PER_UNIT = 1 / 3;
const TEST_STEPS_PER_UNIT = 1 / 64;

function chargeRe2(c: Ctx, re2: RE2JS, length: number, perUnit: number) {
  charge(c, Math.ceil(length * re2.programSize() * perUnit));
}

const cache = new Map<string, CompiledRegex>();

function compileRegex(re: unknown, flags: unknown, c: Ctx): CompiledRegex {
  const dialect = c.dialect;
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
  let re2Flags = 0;
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
        re2Flags |= RE2JS.CASE_INSENSITIVE;
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
        re2Flags |= RE2JS.DOTALL;
        break;
      case 'l':
        break;
      default:
        fail(`${f} is not a valid modifier string`);
    }
  }
  const translated = translateRegex(re as string, extended);
  let re2: RE2JS | null = null;
  if (translated.re2 !== null) {
    try {
      re2 = RE2JS.compile(translated.re2, re2Flags);
    } catch {
      // RE2 refuses some patterns JS takes (counts over 1000, nested repetition operators)
    }
  }
  const result: CompiledRegex = {
    source: re as string,
    translated,
    re2,
    js: null,
    jsFlags,
    global,
    skipEmpty,
  };
  // an invalid pattern is reported with JS's message, as before there was a second engine
  if (!re2 || translated.asciiBoundary) jsRegex(result, dialect);
  if (cache.size > 500) cache.clear();
  cache.set(cacheKey, result);
  return result;
}

/** Oniguruma's messages for the syntax errors JS reports, keyed by JS's wording. */
const ONIGURUMA_ERRORS: Record<string, string> = {
  'Unterminated group': 'end pattern with unmatched parenthesis',
  "Unmatched ')'": 'unmatched close parenthesis',
  'Unterminated character class': 'premature end of char-class',
  'Nothing to repeat': 'target of repeat operator is not specified',
  'Invalid group': 'undefined group option',
  '\\ at end of pattern': 'end pattern at escape',
  'numbers out of order in {} quantifier':
    'upper is smaller than lower in repeat range',
  'Range out of order in character class': 'empty range in char class',
};

/**
 * An invalid pattern fails with jq's wording: jq 1.7.1 says `Regex failure: <Oniguruma's
 * message>`, jq 1.8 `<regex> (at offset 0) is not a valid regex: <Oniguruma's message>`. A JS
 * error without an Oniguruma counterpart above keeps JS's text.
 */
function invalidRegex(source: string, e: Error, dialect: Dialect): never {
  const jsText = e.message.replace(/^Invalid regular expression: \/.*\/\w*: /s, '');
  const reference = /\\k<([^>]*)>/.exec(source);
  const text =
    jsText === 'Invalid named capture referenced' && reference
      ? `undefined name <${reference[1]}> reference`
      : ONIGURUMA_ERRORS[jsText] ?? jsText;
  return fail(
    dialect === '1.7'
      ? `Regex failure: ${text}`
      : `${source} (at offset 0) is not a valid regex: ${text}`,
  );
}

function jsRegex(compiled: CompiledRegex, dialect: Dialect): RegExp {
  if (compiled.js) return compiled.js;
  try {
    compiled.js = new RegExp(compiled.translated.js, compiled.jsFlags);
  } catch (e) {
    return invalidRegex(compiled.source, e as Error, dialect);
  }
  return compiled.js;
}

const NON_ASCII = /[\u0080-\uffff]/;

/** Whether RE2 may run this pattern on this input. */
function useRe2(compiled: CompiledRegex, s: string): boolean {
  return (
    compiled.re2 !== null &&
    !(compiled.translated.asciiBoundary && NON_ASCII.test(s))
  );
}

/**
 * The backtracking engine runs only when its worst case is known to fit: no repeated group that
 * itself repeats or alternates (exponential: `(a+)+`, `(a|a)*`), and (n+1)^(k+1) within the steps
 * left, for k variable quantifiers on an input of n characters (each can nest one more loop over
 * the input, and an unanchored search tries every start). Otherwise the run ends with a
 * JqLimitError naming the reason: nothing can hold the thread for long.
 */
function backtrackingAllowed(compiled: CompiledRegex, s: string, c: Ctx) {
  const t = compiled.translated;
  const why =
    t.re2Gap ??
    (compiled.re2 ? '\\b on non-ASCII text' : 'a pattern RE2 refuses');
  if (t.nestedRepetition) {
    throw new JqLimitError(
      `regex ${JSON.stringify(
        compiled.source,
      )} needs the backtracking engine (for ${why}) and repeats a group that itself repeats or alternates, which can take exponential time`,
    );
  }
  const worst = Math.pow(s.length + 1, t.variableQuantifiers + 1);
  const left = c.maxSteps - c.steps;
  if (worst > left) {
    throw new JqLimitError(
      `regex ${JSON.stringify(
        compiled.source,
      )} needs the backtracking engine (for ${why}); with ${
        t.variableQuantifiers
      } variable quantifiers on ${
        s.length
      } characters it could take more than the ${left} steps left in the budget`,
    );
  }
}

function* rawMatches(
  compiled: CompiledRegex,
  s: string,
  c: Ctx,
): Generator<RawMatch> {
  if (useRe2(compiled, s)) {
    const re2 = compiled.re2!;
    chargeRe2(c, re2, s.length, FIND_STEPS_PER_UNIT);
    const m = re2.matcher(s);
    const count = re2.groupCount();
    while (m.find()) {
      const groups: RawMatch['groups'] = [];
      for (let g = 1; g <= count; g++) {
        const start = m.start(g);
        groups.push(start < 0 ? undefined : [start, m.end(g)]);
      }
      yield { start: m.start(), end: m.end(), groups };
    }
    charge(c, 0);
    return;
  }
  backtrackingAllowed(compiled, s, c);
  charge(c, s.length);
  const regex = jsRegex(compiled, c.dialect);
  regex.lastIndex = 0;
  for (const m of s.matchAll(regex)) {
    const start = m.index!;
    yield {
      start,
      end: start + m[0].length,
      groups: compiled.translated.names.map((_, gi) =>
        m[gi + 1] === undefined ? undefined : m.indices?.[gi + 1],
      ),
    };
  }
  charge(c, 0);
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
  c: Ctx,
): JqObject[] {
  if (typeof input !== 'string') {
    fail(
      `${preview(input, c.dialect)} cannot be matched, as it is not a string`,
    );
  }
  const compiled = compileRegex(re, flags, c);
  const { names } = compiled.translated;
  const s = input as string;
  const toCp = offsetMapper(s);
  const results: JqObject[] = [];
  for (const m of rawMatches(compiled, s, c)) {
    if (compiled.skipEmpty && m.end === m.start) continue;
    const captures = names.map((name, gi) => {
      const idx = m.groups[gi];
      const cap: JqObject = {};
      if (!idx) {
        setKey(cap, 'offset', -1);
        setKey(cap, 'length', 0);
        setKey(cap, 'string', null);
      } else {
        const str = s.slice(idx[0], idx[1]);
        setKey(cap, 'offset', toCp(idx[0]));
        setKey(cap, 'length', cpLength(str));
        setKey(cap, 'string', str);
      }
      setKey(cap, 'name', name);
      return cap;
    });
    const whole = s.slice(m.start, m.end);
    const r: JqObject = {};
    setKey(r, 'offset', toCp(m.start));
    setKey(r, 'length', cpLength(whole));
    setKey(r, 'string', whole);
    setKey(r, 'captures', captures);
    results.push(r);
    if (!compiled.global) break;
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
  c: Ctx,
): boolean {
  if (typeof input !== 'string') {
    fail(
      `${preview(input, c.dialect)} cannot be matched, as it is not a string`,
    );
  }
  const compiled = compileRegex(re, flags, c);
  const s = input as string;
  if (compiled.skipEmpty) return matchAll(s, re, flags, c).length > 0;
  if (useRe2(compiled, s)) {
    const re2 = compiled.re2!;
    chargeRe2(c, re2, s.length, TEST_STEPS_PER_UNIT);
    const found = re2.test(s);
    charge(c, 0);
    return found;
  }
  backtrackingAllowed(compiled, s, c);
  charge(c, s.length);
  const regex = jsRegex(compiled, c.dialect);
  regex.lastIndex = 0;
  const found = regex.test(s);
  charge(c, 0);
  return found;
}

/** `split($re; flags)`: the pieces between matches. */
export function splitRegex(
  input: unknown,
  re: unknown,
  flags: unknown,
  c: Ctx,
): string[] {
  const s = input as string;
  const matches = matchAll(input, re, `g${(flags as string | null) ?? ''}`, c);
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
