import { JqRuntimeError } from '../errors';
import { Ctx, NativeDef, notAPath } from '../compiler/types';
import { fail, indexValue, iterateError, negate } from '../runtime/ops';
import { checkLength } from '../runtime/limits';
import { delPaths, getPath, setPath } from '../runtime/paths';
import {
  codePoints,
  compare,
  isObject,
  preview,
  toJson,
  toStringValue,
  typeOf,
} from '../runtime/values';
import { parseJson } from '../runtime/parseJson';
import { gmtime, mktime, strftime, strptime } from './dates';
import { matchAll, splitRegex, testRegex } from './regex';
import { MATH_1, MATH_2, MATH_3 } from './math';
import {
  addValues,
  bsearch,
  contains,
  flatten,
  groupKeyed,
  has,
  indices,
  join,
  keys,
  length,
  minMaxKeyed,
  sortKeyed,
  stringIndices,
  toEntries,
} from './collections';
import {
  implode,
  LEADING_SPACE,
  ltrimstr,
  rtrimstr,
  splits1,
  toBoolean,
  tonumber,
  TRAILING_SPACE,
  trimWith,
} from './strings';
import { CONTROL_NATIVES } from './controlNatives';
import { applyFormat, isKnownFormat } from './formats';

/** Longest run one regex match may cover in `replaceInChunks`. */
const REPLACE_CHUNK = 1 << 16;

/**
 * `s.replace(pattern, f)` for patterns that match runs of ASCII letters, where
 * splitting a run at a chunk boundary changes nothing. A greedy match millions
 * of characters long can exhaust V8's regexp backtrack stack (seen as an
 * intermittent RangeError on a 10 MB string under load); chunks bound it.
 */
function replaceInChunks(
  s: string,
  pattern: RegExp,
  f: (match: string) => string,
): string {
  if (s.length <= REPLACE_CHUNK) return s.replace(pattern, f);
  let out = '';
  for (let i = 0; i < s.length; i += REPLACE_CHUNK) {
    out += s.slice(i, i + REPLACE_CHUNK).replace(pattern, f);
  }
  return out;
}

type Fn = (input: unknown, args: unknown[], ctx: Ctx) => unknown;

/** What `.[]` yields on `v`, or its error. */
function iterate(v: unknown, c: Ctx): unknown[] {
  if (Array.isArray(v)) return v;
  if (isObject(v)) return Object.values(v);
  return iterateError(v, c.dialect);
}

const fnNatives: Record<string, Fn> = {
  'not/0': v => v === null || v === false,
  'length/0': (v, _a, c) => length(v, c.dialect),
  'utf8bytelength/0': (v, _a, c) => {
    if (typeof v !== 'string')
      fail(`${preview(v, c.dialect)} only strings have UTF-8 byte length`);
    return new TextEncoder().encode(v as string).length;
  },
  'keys/0': (v, _a, c) => keys(v, c.dialect, true),
  'keys_unsorted/0': (v, _a, c) => keys(v, c.dialect, false),
  'has/1': (v, [k]) => has(v, k),
  'contains/1': (v, [b], c) => contains(v, b, c.dialect),
  'type/0': v => typeOf(v),
  'infinite/0': () => Infinity,
  'nan/0': () => NaN,
  // jq answers false for anything that is not a number
  'isinfinite/0': v => v === Infinity || v === -Infinity,
  'isnan/0': v => typeof v === 'number' && Number.isNaN(v),
  'isnormal/0': v => {
    if (typeof v !== 'number') return false;
    const n = Math.abs(v);
    return Number.isFinite(n) && n >= 2.2250738585072014e-308;
  },
  'tostring/0': (v, _a, c) => toStringValue(v, c),
  'tonumber/0': (v, _a, c) => tonumber(v, c.dialect),
  'toboolean/0': (v, _a, c) => toBoolean(v, c.dialect),
  'tojson/0': (v, _a, c) => toJson(v, { limits: c }),
  'fromjson/0': (v, _a, c) => {
    if (typeof v !== 'string')
      fail(`${preview(v, c.dialect)} only strings can be parsed`);
    return parseJson(v as string, { allowNan: true, dialect: c.dialect });
  },
  // jq defines both over `explode`, hence its message
  'ascii_downcase/0': v => {
    if (typeof v !== 'string') fail('explode input must be a string');
    return replaceInChunks(v as string, /[A-Z]+/g, run => run.toLowerCase());
  },
  'ascii_upcase/0': v => {
    if (typeof v !== 'string') fail('explode input must be a string');
    return replaceInChunks(v as string, /[a-z]+/g, run => run.toUpperCase());
  },
  'explode/0': v => {
    if (typeof v !== 'string') fail('explode input must be a string');
    return codePoints(v as string);
  },
  'implode/0': (v, _a, c) => implode(v, c.dialect),
  'ltrimstr/1': (v, [p], c) => {
    if (
      c.dialect === '1.8' &&
      (typeof v !== 'string' || typeof p !== 'string')
    ) {
      fail('startswith() requires string inputs');
    }
    return ltrimstr(v, p);
  },
  'rtrimstr/1': (v, [p], c) => {
    if (
      c.dialect === '1.8' &&
      (typeof v !== 'string' || typeof p !== 'string')
    ) {
      fail('endswith() requires string inputs');
    }
    return rtrimstr(v, p);
  },
  'trimstr/1': (v, [p]) => rtrimstr(ltrimstr(v, p), p),
  'trim/0': v => trimWith(trimWith(v, LEADING_SPACE), TRAILING_SPACE),
  'ltrim/0': v => trimWith(v, LEADING_SPACE),
  'rtrim/0': v => trimWith(v, TRAILING_SPACE),
  'startswith/1': (v, [p]) => {
    if (typeof v !== 'string' || typeof p !== 'string')
      fail('startswith() requires string inputs');
    return (v as string).startsWith(p as string);
  },
  'endswith/1': (v, [p]) => {
    if (typeof v !== 'string' || typeof p !== 'string')
      fail('endswith() requires string inputs');
    return (v as string).endsWith(p as string);
  },
  'split/1': (v, [sep], c) => splits1(v, sep, c.dialect),
  'split/2': (v, [re, flags], c) => splitRegex(v, re, flags, c),
  'join/1': (v, [sep], c) => join(v, sep, c),
  '_match_impl/3': (v, [re, flags, test], c) =>
    test === true ? testRegex(v, re, flags, c) : matchAll(v, re, flags, c),
  'sort/0': (v, _a, c) => {
    if (!Array.isArray(v))
      fail(`${preview(v, c.dialect)} cannot be sorted, as it is not an array`);
    return (v as unknown[]).slice().sort(compare);
  },
  '_sort_by_impl/1': (v, [ks], c) => sortKeyed(v, ks, c.dialect),
  '_group_by_impl/1': (v, [ks], c) => groupKeyed(v, ks, c.dialect),
  '_unique_by_impl/1': (v, [ks], c) =>
    groupKeyed(v, ks, c.dialect).map(g => g[0]),
  '_min_by_impl/1': (v, [ks], c) => minMaxKeyed(v, ks, false, c.dialect),
  '_max_by_impl/1': (v, [ks], c) => minMaxKeyed(v, ks, true, c.dialect),
  'min/0': (v, _a, c) => minMaxKeyed(v, v, false, c.dialect),
  'max/0': (v, _a, c) => minMaxKeyed(v, v, true, c.dialect),
  // jq: `[.[length - 1 - range(0; length)]]`, and jq 1.8 reverses strings first
  'reverse/0': (v, _a, c) => {
    if (Array.isArray(v)) return v.slice().reverse();
    if (typeof v === 'string' && c.dialect === '1.8') {
      return Array.from(v).reverse().join('');
    }
    const n = length(v, c.dialect) as number;
    if (n > 0) indexValue(v, n - 1, c.dialect);
    return [];
  },
  'flatten/1': (v, [depth], c) => flatten(v, depth, c.dialect),
  'flatten/0': (v, _a, c) => flatten(v, 1e9, c.dialect),
  'add/0': (v, _a, c) => {
    const items = isObject(v) ? Object.values(v) : v;
    if (!Array.isArray(items))
      fail(`Cannot iterate over ${preview(v, c.dialect)}`);
    let acc: unknown = null;
    for (const x of items as unknown[])
      acc = acc === null ? x : addValues(acc, x, c);
    return acc;
  },
  'indices/1': (v, [i], c) => indices(v, i, c.dialect),
  '_strindices/1': (v, [i], c) => {
    if (typeof v !== 'string')
      fail(
        `${preview(v, c.dialect)} cannot be searched, as it is not a string`,
      );
    if (typeof i !== 'string') fail(`${preview(i, c.dialect)} is not a string`);
    return stringIndices(v as string, i as string);
  },
  'bsearch/1': (v, [target], c) => bsearch(v, target, c.dialect),
  'getpath/1': (v, [p], c) => getPath(v, p, c.dialect),
  'setpath/2': (v, [p, x], c) => setPath(v, p, x, c.dialect, c),
  'delpaths/1': (v, [ps], c) => delPaths(v, ps, c.dialect),
  'to_entries/0': (v, _a, c) => toEntries(v, c.dialect),
  'error/0': v => {
    throw new JqRuntimeError(v);
  },
  'error/1': (_v, [m]) => {
    throw new JqRuntimeError(m);
  },
  'ascii/0': (v, _a, c) => implode([v], c.dialect),
  'gmtime/0': v => gmtime(v),
  'localtime/0': v => gmtime(v, 'localtime'),
  'mktime/0': (v, _a, c) => mktime(v, c.dialect),
  'strftime/1': (v, [f], c) => strftime(v, f, c.dialect),
  'strflocaltime/1': (v, [f], c) =>
    strftime(v, f, c.dialect, 'strflocaltime/1'),
  'strptime/1': (v, [f]) => strptime(v, f),
  'now/0': (_v, _a, c) => c.now() / 1000,
  'input_filename/0': () => null,
  'input_line_number/0': () => 0,
  'have_decnum/0': () => false,
  'have_literal_numbers/0': () => true,
  'get_search_list/0': () => [],
  'get_prog_origin/0': () => null,
  'get_jq_origin/0': () => null,
  // jq: `if . < 0 then - . else . end`, so `null` and booleans (which sort first) fail
  'abs/0': (v, _a, c) => {
    if (typeof v === 'number') return v < 0 ? -v : v;
    return compare(v, 0) < 0 ? negate(v, c.dialect) : v;
  },
  'toarray/0': v => (Array.isArray(v) ? v : [v]),
  'format/1': (v, [f], c) => {
    if (typeof f !== 'string')
      fail(`${preview(f, c.dialect)} is not a valid format`);
    if (!isKnownFormat(f as string))
      fail(`${f as string} is not a valid format`);
    return applyFormat(f as string, v, c);
  },
  // jq: `[range(0; map(length) | max // 0) as $i | [.[][$i]]]`
  'transpose/0': (v, _a, c) => {
    const rows = iterate(v, c);
    let n = 0;
    for (const r of rows) n = Math.max(n, length(r, c.dialect) as number);
    checkLength(n * rows.length, c, 'array');
    const out: unknown[][] = [];
    for (let i = 0; i < n; i++) {
      out.push(rows.map(r => indexValue(r, i, c.dialect)));
    }
    return out;
  },
};

for (const [name, f] of Object.entries(MATH_1)) fnNatives[`${name}/0`] = f;
for (const [name, f] of Object.entries(MATH_2)) fnNatives[`${name}/2`] = f;
for (const [name, f] of Object.entries(MATH_3)) fnNatives[`${name}/3`] = f;

const runNatives: Record<string, NativeDef> = {
  ...CONTROL_NATIVES,
  'getpath/1': {
    fn: fnNatives['getpath/1'],
    path: (v, p, [f], e, c, o) =>
      f.run(v, e, c, ps => {
        const x = getPath(v, ps, c.dialect);
        o(x, p === null ? notAPath(v) : [...p, ...(ps as unknown[])]);
      }),
  },
};

export function nativeTable(): Map<string, NativeDef> {
  const m = new Map<string, NativeDef>();
  for (const [k, fn] of Object.entries(fnNatives)) m.set(k, { fn });
  for (const [k, d] of Object.entries(runNatives)) m.set(k, d);
  return m;
}
