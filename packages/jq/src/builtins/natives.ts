import { JqHaltError, JqRuntimeError } from '../errors';
import { Code, Ctx, Env, extendPath, NativeDef, notAPath, Out, Path, tick } from '../compiler/types';
import { fail, indexValue, indicesOf, splitString } from '../runtime/ops';
import { delPaths, getPath, setPath } from '../runtime/paths';
import {
  codePointLength,
  codePoints,
  compare,
  copyObject,
  Dialect,
  equals,
  hasOwn,
  deeperThan,
  isObject,
  isTruthy,
  JqObject,
  MAX_DEPTH,
  preview,
  setKey,
  sortedKeys,
  toJson,
  toStringValue,
  typeOf,
} from '../runtime/values';
import { parseJson } from '../runtime/parseJson';
import { gmtime, mktime, strftime, strptime } from './dates';
import { captureObject, matchAll, splitRegex, testRegex } from './regex';
import { MATH_1, MATH_2, MATH_3 } from './math';

type Fn = (input: unknown, args: unknown[], ctx: Ctx) => unknown;

function length(v: unknown, d: Dialect): unknown {
  if (v === null) return 0;
  if (typeof v === 'boolean') return fail(`${preview(v, d)} has no length`);
  if (typeof v === 'number') return Math.abs(v);
  if (typeof v === 'string') return codePointLength(v);
  if (Array.isArray(v)) return v.length;
  return Object.keys(v as object).length;
}

function keys(v: unknown, d: Dialect, sorted: boolean): unknown {
  if (Array.isArray(v)) return v.map((_x, i) => i);
  if (isObject(v)) return sorted ? sortedKeys(v) : Object.keys(v);
  return fail(`${preview(v, d)} has no keys`);
}

function has(v: unknown, k: unknown): boolean {
  if (isObject(v) && typeof k === 'string') return hasOwn(v, k);
  if (Array.isArray(v) && typeof k === 'number') return k >= 0 && k < v.length;
  return fail(`Cannot check whether ${typeOf(v)} has a ${typeOf(k)} key`);
}

function contains(a: unknown, b: unknown, d: Dialect): boolean {
  if (deeperThan(b, MAX_DEPTH)) fail('Containment check too deep');
  return containsAt(a, b, d);
}

function containsAt(a: unknown, b: unknown, d: Dialect): boolean {
  const ta = typeOf(a);
  if (ta !== typeOf(b)) {
    return fail(`${preview(a, d)} and ${preview(b, d)} cannot have their containment checked`);
  }
  if (ta === 'object') {
    const bo = b as JqObject;
    const ao = a as JqObject;
    return Object.keys(bo).every(k => hasOwn(ao, k) && containsAt(ao[k], bo[k], d));
  }
  if (ta === 'array') {
    return (b as unknown[]).every(y =>
      (a as unknown[]).some(x => typeOf(x) === typeOf(y) && containsAt(x, y, d)),
    );
  }
  if (ta === 'string') return (a as string).includes(b as string);
  return equals(a, b);
}

function tonumber(v: unknown, d: Dialect): number {
  if (typeof v === 'number') return v;
  if (typeof v === 'string') {
    const s = v.trim() === v ? v : '';
    if (/^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/.test(s)) return Number(s);
    if (s === 'nan' || s === '-nan') return NaN;
    return fail(`${preview(v, d)} cannot be parsed as a number`);
  }
  return fail(`${preview(v, d)} cannot be parsed as a number`);
}

function implode(v: unknown, d: Dialect): string {
  if (!Array.isArray(v)) fail('implode input must be an array');
  let s = '';
  for (const c of v as unknown[]) {
    if (typeof c !== 'number') {
      fail(`${preview(c, d)} can't be imploded, unicode codepoint needs to be numeric`);
    }
    const n = Math.trunc(c as number);
    if (Number.isNaN(n)) fail(`${preview(c, d)} can't be imploded, unicode codepoint needs to be numeric`);
    // jq substitutes U+FFFD for values that are not Unicode scalar values
    const valid = n >= 0 && n <= 0x10ffff && !(n >= 0xd800 && n <= 0xdfff);
    s += String.fromCodePoint(valid ? n : 0xfffd);
  }
  return s;
}

function requireString(v: unknown, msg: string): string {
  if (typeof v !== 'string') fail(msg);
  return v as string;
}

function trimWith(v: unknown, re: RegExp): string {
  return requireString(v, 'trim input must be a string').replace(re, '');
}

const LEADING_SPACE = /^[\s\u0085]+/;
const TRAILING_SPACE = /[\s\u0085]+$/;

function sortKeyed(v: unknown, keysArr: unknown, d: Dialect): unknown[] {
  if (!Array.isArray(v)) fail(`${preview(v, d)} cannot be sorted, as it is not an array`);
  const arr = v as unknown[];
  const ks = keysArr as unknown[];
  const idx = arr.map((_x, i) => i);
  idx.sort((a, b) => compare(ks[a], ks[b]) || a - b);
  return idx.map(i => arr[i]);
}

function groupKeyed(v: unknown, keysArr: unknown, d: Dialect): unknown[][] {
  if (!Array.isArray(v)) fail(`Cannot index ${typeOf(v)} with number`);
  const arr = v as unknown[];
  const ks = keysArr as unknown[];
  const idx = arr.map((_x, i) => i);
  idx.sort((a, b) => compare(ks[a], ks[b]) || a - b);
  const groups: unknown[][] = [];
  let prev: unknown = undefined;
  for (const i of idx) {
    if (groups.length === 0 || compare(prev, ks[i]) !== 0) groups.push([]);
    groups[groups.length - 1].push(arr[i]);
    prev = ks[i];
  }
  void d;
  return groups;
}

function minMaxKeyed(v: unknown, keysArr: unknown, max: boolean): unknown {
  const arr = v as unknown[];
  const ks = keysArr as unknown[];
  if (!Array.isArray(arr)) fail(`Cannot index ${typeOf(v)} with number`);
  if (arr.length === 0) return null;
  let best = 0;
  for (let i = 1; i < arr.length; i++) {
    const c = compare(ks[i], ks[best]);
    if (max ? c >= 0 : c < 0) best = i;
  }
  return arr[best];
}

function flatten(v: unknown, depth: unknown, d: Dialect): unknown[] {
  if (typeof depth !== 'number') fail('flatten depth must not be negative');
  if ((depth as number) < 0) fail('flatten depth must not be negative');
  if (!Array.isArray(v)) fail(`Cannot iterate over ${preview(v, d)}`);
  const out: unknown[] = [];
  const stack: { a: unknown[]; i: number; n: number }[] = [{ a: v as unknown[], i: 0, n: depth as number }];
  while (stack.length > 0) {
    const f = stack[stack.length - 1];
    if (f.i >= f.a.length) {
      stack.pop();
      continue;
    }
    const x = f.a[f.i++];
    if (Array.isArray(x) && f.n > 0) stack.push({ a: x, i: 0, n: f.n - 1 });
    else out.push(x);
  }
  return out;
}

/** jq's `join`: reduce with `+`, so a non-string separator or element fails as `+` does. */
function join(v: unknown, sep: unknown, d: Dialect): unknown {
  let items: unknown[];
  if (Array.isArray(v)) items = v;
  else if (isObject(v)) items = Object.values(v);
  else return fail(`Cannot iterate over ${preview(v, d)}`);
  if (items.length === 0) return '';
  let acc: unknown = null;
  for (const x of items) {
    const prefix = acc === null ? '' : addValues(acc, sep, d);
    let part = x;
    if (x === null) part = '';
    else if (typeof x === 'number' || typeof x === 'boolean') part = toJson(x);
    acc = addValues(prefix, part, d);
  }
  return acc;
}

function bsearch(v: unknown, target: unknown, d: Dialect): number {
  if (!Array.isArray(v)) fail(`${preview(v, d)} cannot be searched from`);
  const a = v as unknown[];
  let lo = 0;
  let hi = a.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const c = compare(a[mid], target);
    if (c === 0) return mid;
    if (c < 0) lo = mid + 1;
    else hi = mid - 1;
  }
  return -1 - lo;
}

function stringIndices(s: string, sub: string): number[] {
  if (sub === '') return [];
  const out: number[] = [];
  const surrogates = codePointLength(s) !== s.length;
  let i = s.indexOf(sub);
  while (i >= 0) {
    out.push(surrogates ? codePointLength(s.slice(0, i)) : i);
    i = s.indexOf(sub, i + 1);
  }
  return out;
}

function indices(v: unknown, i: unknown, d: Dialect): unknown {
  if (v === null) return null;
  if (typeof v === 'string' && typeof i === 'string') return stringIndices(v, i);
  if (Array.isArray(v) && Array.isArray(i)) return indicesOf(v, i);
  if (Array.isArray(v)) return indicesOf(v, [i]);
  return indexValue(v, i, d);
}

function splits1(v: unknown, sep: unknown, d: Dialect): unknown {
  if (typeof v !== 'string' || typeof sep !== 'string') {
    fail('split input and separator must be strings');
  }
  void d;
  return splitString(v as string, sep as string);
}

function toEntries(v: unknown, d: Dialect): unknown {
  if (isObject(v)) {
    return Object.keys(v).map(k => {
      const e: JqObject = {};
      setKey(e, 'key', k);
      setKey(e, 'value', v[k]);
      return e;
    });
  }
  if (Array.isArray(v)) {
    return v.map((x, i) => {
      const e: JqObject = {};
      setKey(e, 'key', i);
      setKey(e, 'value', x);
      return e;
    });
  }
  return fail(`${preview(v, d)} has no keys`);
}

function toBoolean(v: unknown, d: Dialect): boolean {
  if (typeof v === 'boolean') return v;
  if (v === 'true') return true;
  if (v === 'false') return false;
  return fail(`${preview(v, d)} cannot be parsed as a boolean`);
}

function ltrimstr(v: unknown, p: unknown): unknown {
  if (typeof v === 'string' && typeof p === 'string' && v.startsWith(p)) return v.slice(p.length);
  return v;
}

function rtrimstr(v: unknown, p: unknown): unknown {
  if (typeof v === 'string' && typeof p === 'string' && v.endsWith(p) && p.length > 0) {
    return v.slice(0, v.length - p.length);
  }
  return v;
}

function runFirst(code: Code, v: unknown, e: Env | null, c: Ctx): { value: unknown } | null {
  let found: { value: unknown } | null = null;
  const token = {};
  code.run(v, e, c, x => {
    if (found === null) {
      found = { value: x };
      c.stop = token;
    }
  });
  if (c.stop === token) c.stop = null;
  return found;
}

function eachValue(code: Code, v: unknown, e: Env | null, c: Ctx, f: (x: unknown) => void): void {
  code.run(v, e, c, f);
}

/** Replacement for `sub`/`gsub`: jq's result-per-replacement-output semantics. */
function substitute(
  v: unknown,
  args: Code[],
  e: Env | null,
  c: Ctx,
  out: Out,
  global: boolean,
): void {
  const [reCode, strCode, flagsCode] = args;
  const d = c.dialect;
  const withFlags = (flags: unknown) =>
    eachValue(reCode, v, e, c, re => {
      if (typeof v !== 'string') {
        fail(`${preview(v, d)} cannot be matched, as it is not a string`);
      }
      const s = v as string;
      const f = `${global ? 'g' : ''}${(flags as string | null) ?? ''}`;
      const matches = matchAll(s, re, f, d);
      if (matches.length === 0) {
        out(s);
        return;
      }
      const cps = Array.from(s);
      const results: (string | null)[] = [];
      let previous = 0;
      for (const m of matches) {
        const gap = cps.slice(previous, m.offset as number).join('');
        const inserts: unknown[] = [];
        strCode.run(captureObject(m), e, c, x => {
          inserts.push(x);
        });
        inserts.forEach((ins, ix) => {
          if (typeof ins !== 'string') {
            fail(`${preview(results[ix] ?? gap, d)} and ${preview(ins, d)} cannot be added`);
          }
          results[ix] = (results[ix] ?? '') + gap + ins;
        });
        previous = (m.offset as number) + (m.length as number);
      }
      const rest = cps.slice(previous).join('');
      for (const r of results) {
        out((r ?? '') + rest);
        if (c.stop) return;
      }
    });
  if (flagsCode) flagsCode.run(v, e, c, withFlags);
  else withFlags(null);
}

const fnNatives: Record<string, Fn> = {
  'not/0': v => v === null || v === false,
  'length/0': (v, _a, c) => length(v, c.dialect),
  'utf8bytelength/0': (v, _a, c) => {
    if (typeof v !== 'string') fail(`${preview(v, c.dialect)} only strings have UTF-8 byte length`);
    return new TextEncoder().encode(v as string).length;
  },
  'keys/0': (v, _a, c) => keys(v, c.dialect, true),
  'keys_unsorted/0': (v, _a, c) => keys(v, c.dialect, false),
  'has/1': (v, [k]) => has(v, k),
  'contains/1': (v, [b], c) => contains(v, b, c.dialect),
  'type/0': v => typeOf(v),
  'infinite/0': () => Infinity,
  'nan/0': () => NaN,
  'isinfinite/0': (v, _a, c) => {
    if (typeof v !== 'number') fail(`${preview(v, c.dialect)} number required`);
    return v === Infinity || v === -Infinity;
  },
  'isnan/0': (v, _a, c) => {
    if (typeof v !== 'number') fail(`${preview(v, c.dialect)} number required`);
    return Number.isNaN(v);
  },
  'isnormal/0': (v, _a, c) => {
    if (typeof v !== 'number') fail(`${preview(v, c.dialect)} number required`);
    const n = Math.abs(v as number);
    return Number.isFinite(n) && n >= 2.2250738585072014e-308;
  },
  'tostring/0': v => toStringValue(v),
  'tonumber/0': (v, _a, c) => tonumber(v, c.dialect),
  'toboolean/0': (v, _a, c) => toBoolean(v, c.dialect),
  'tojson/0': v => toJson(v),
  'fromjson/0': (v, _a, c) => {
    if (typeof v !== 'string') fail(`${preview(v, c.dialect)} cannot be parsed as JSON`);
    return parseJson(v as string, { allowNan: true });
  },
  'ascii_downcase/0': (v, _a, c) => {
    if (typeof v !== 'string') fail(`${preview(v, c.dialect)} cannot be ascii_downcased`);
    return (v as string).replace(/[A-Z]+/g, run => run.toLowerCase());
  },
  'ascii_upcase/0': (v, _a, c) => {
    if (typeof v !== 'string') fail(`${preview(v, c.dialect)} cannot be ascii_upcased`);
    return (v as string).replace(/[a-z]+/g, run => run.toUpperCase());
  },
  'explode/0': (v, _a, c) => {
    if (typeof v !== 'string') fail(`${preview(v, c.dialect)} cannot be exploded, it is not a string`);
    return codePoints(v as string);
  },
  'implode/0': (v, _a, c) => implode(v, c.dialect),
  'ltrimstr/1': (v, [p], c) => {
    if (c.dialect === '1.8' && (typeof v !== 'string' || typeof p !== 'string')) {
      fail('startswith() requires string inputs');
    }
    return ltrimstr(v, p);
  },
  'rtrimstr/1': (v, [p], c) => {
    if (c.dialect === '1.8' && (typeof v !== 'string' || typeof p !== 'string')) {
      fail('endswith() requires string inputs');
    }
    return rtrimstr(v, p);
  },
  'trimstr/1': (v, [p]) => rtrimstr(ltrimstr(v, p), p),
  'trim/0': v => trimWith(trimWith(v, LEADING_SPACE), TRAILING_SPACE),
  'ltrim/0': v => trimWith(v, LEADING_SPACE),
  'rtrim/0': v => trimWith(v, TRAILING_SPACE),
  'startswith/1': (v, [p]) => {
    if (typeof v !== 'string' || typeof p !== 'string') fail('startswith() requires string inputs');
    return (v as string).startsWith(p as string);
  },
  'endswith/1': (v, [p]) => {
    if (typeof v !== 'string' || typeof p !== 'string') fail('endswith() requires string inputs');
    return (v as string).endsWith(p as string);
  },
  'split/1': (v, [sep], c) => splits1(v, sep, c.dialect),
  'split/2': (v, [re, flags], c) => splitRegex(v, re, flags, c.dialect),
  'join/1': (v, [sep], c) => join(v, sep, c.dialect),
  '_match_impl/3': (v, [re, flags, test], c) =>
    test === true ? testRegex(v, re, flags, c.dialect) : matchAll(v, re, flags, c.dialect),
  'sort/0': (v, _a, c) => {
    if (!Array.isArray(v)) fail(`${preview(v, c.dialect)} cannot be sorted, as it is not an array`);
    return (v as unknown[]).slice().sort(compare);
  },
  '_sort_by_impl/1': (v, [ks], c) => sortKeyed(v, ks, c.dialect),
  '_group_by_impl/1': (v, [ks], c) => groupKeyed(v, ks, c.dialect),
  '_unique_by_impl/1': (v, [ks], c) => groupKeyed(v, ks, c.dialect).map(g => g[0]),
  '_min_by_impl/1': (v, [ks]) => minMaxKeyed(v, ks, false),
  '_max_by_impl/1': (v, [ks]) => minMaxKeyed(v, ks, true),
  'unique/0': (v, _a, c) => {
    if (!Array.isArray(v)) fail(`${preview(v, c.dialect)} cannot be sorted, as it is not an array`);
    return groupKeyed(v, v, c.dialect).map(g => g[0]);
  },
  'min/0': (v, _a, c) => {
    if (!Array.isArray(v)) fail(`${preview(v, c.dialect)} cannot be sorted, as it is not an array`);
    return minMaxKeyed(v, v, false);
  },
  'max/0': (v, _a, c) => {
    if (!Array.isArray(v)) fail(`${preview(v, c.dialect)} cannot be sorted, as it is not an array`);
    return minMaxKeyed(v, v, true);
  },
  'reverse/0': (v, _a, c) => {
    if (v === null) return [];
    if (typeof v === 'string') return Array.from(v).reverse().join('');
    if (Array.isArray(v)) return v.slice().reverse();
    return fail(`Cannot reverse ${preview(v, c.dialect)}`);
  },
  'flatten/1': (v, [depth], c) => flatten(v, depth, c.dialect),
  'flatten/0': (v, _a, c) => flatten(v, 1e9, c.dialect),
  'add/0': (v, _a, c) => {
    const items = isObject(v) ? Object.values(v) : v;
    if (items === null) return null;
    if (!Array.isArray(items)) fail(`Cannot iterate over ${preview(v, c.dialect)}`);
    let acc: unknown = null;
    for (const x of items as unknown[]) acc = acc === null ? x : addValues(acc, x, c.dialect);
    return acc;
  },
  'indices/1': (v, [i], c) => indices(v, i, c.dialect),
  '_strindices/1': (v, [i], c) => {
    if (typeof v !== 'string') fail(`${preview(v, c.dialect)} cannot be searched, as it is not a string`);
    if (typeof i !== 'string') fail(`${preview(i, c.dialect)} is not a string`);
    return stringIndices(v as string, i as string);
  },
  'bsearch/1': (v, [target], c) => bsearch(v, target, c.dialect),
  'getpath/1': (v, [p], c) => {
    if (Array.isArray(p) && p.length > MAX_DEPTH) fail('Path too deep');
    try {
      return getPath(v, p, c.dialect);
    } catch (err) {
      if (err instanceof JqRuntimeError && Array.isArray(p)) return null;
      throw err;
    }
  },
  'setpath/2': (v, [p, x], c) => setPath(v, p, x, c.dialect),
  'delpaths/1': (v, [ps], c) => delPaths(v, ps, c.dialect),
  'to_entries/0': (v, _a, c) => toEntries(v, c.dialect),
  'error/0': v => {
    throw new JqRuntimeError(v);
  },
  'error/1': (_v, [m]) => {
    throw new JqRuntimeError(m);
  },
  'ascii/0': v => String.fromCodePoint(v as number),
  'gmtime/0': v => gmtime(v),
  'localtime/0': v => gmtime(v, 'localtime'),
  'mktime/0': v => mktime(v),
  'strftime/1': (v, [f]) => strftime(v, f),
  'strflocaltime/1': (v, [f]) => strftime(v, f, 'strflocaltime/1'),
  'strptime/1': (v, [f]) => strptime(v, f),
  'now/0': (_v, _a, c) => c.now() / 1000,
  'input_filename/0': () => null,
  'input_line_number/0': () => 0,
  'have_decnum/0': () => false,
  'have_literal_numbers/0': () => true,
  'get_search_list/0': () => [],
  'get_prog_origin/0': () => null,
  'get_jq_origin/0': () => null,
  'abs/0': v => (typeof v === 'number' && v < 0 ? -v : v),
  'toarray/0': v => (Array.isArray(v) ? v : [v]),
  'transpose/0': (v, _a, c) => {
    if (!Array.isArray(v)) fail(`Cannot iterate over ${preview(v, c.dialect)}`);
    const rows = v as unknown[][];
    const n = Math.max(0, ...rows.map(r => (Array.isArray(r) ? r.length : length(r, c.dialect) as number)));
    const out: unknown[][] = [];
    for (let i = 0; i < n; i++) out.push(rows.map(r => (r as unknown[])[i] ?? null));
    return out;
  },
};

function addValues(a: unknown, b: unknown, d: Dialect): unknown {
  if (typeof a === 'number' && typeof b === 'number') return a + b;
  if (typeof a === 'string' && typeof b === 'string') return a + b;
  if (Array.isArray(a) && Array.isArray(b)) return a.concat(b);
  if (b === null) return a;
  if (isObject(a) && isObject(b)) {
    const r = copyObject(a);
    for (const k of Object.keys(b)) setKey(r, k, b[k]);
    return r;
  }
  return fail(`${preview(a, d)} and ${preview(b, d)} cannot be added`);
}

for (const [name, f] of Object.entries(MATH_1)) fnNatives[`${name}/0`] = f;
for (const [name, f] of Object.entries(MATH_2)) fnNatives[`${name}/2`] = f;
for (const [name, f] of Object.entries(MATH_3)) fnNatives[`${name}/3`] = f;

const runNatives: Record<string, NativeDef> = {
  'empty/0': { run: () => undefined, path: () => undefined },
  'select/1': {
    run: (v, [f], e, c, o) => {
      const s = f.single;
      if (s) {
        if (isTruthy(s(v, e, c))) o(v);
      } else {
        f.run(v, e, c, x => {
          if (isTruthy(x)) o(v);
        });
      }
    },
    path: (v, p, [f], e, c, o) =>
      f.run(v, e, c, x => {
        if (isTruthy(x)) o(v, p);
      }),
  },
  'path/1': {
    run: (v, [f], e, c, o) => f.path(v, [], e, c, (x, p) => o(p ?? notAPath(x))),
  },
  'getpath/1': {
    fn: fnNatives['getpath/1'],
    path: (v, p, [f], e, c, o) =>
      f.run(v, e, c, ps => {
        let x: unknown;
        try {
          x = getPath(v, ps, c.dialect);
        } catch (err) {
          if (!(err instanceof JqRuntimeError) || !Array.isArray(ps)) throw err;
          x = null;
        }
        o(x, p === null ? notAPath(v) : [...p, ...(ps as unknown[])]);
      }),
  },
  'range/2': {
    run: (v, [from, upto], e, c, o) =>
      from.run(v, e, c, a =>
        upto.run(v, e, c, b => {
          if (typeof a !== 'number' || typeof b !== 'number') fail('Range bounds must be numeric');
          for (let i = a as number; i < (b as number); i++) {
            tick(c);
            o(i);
            if (c.stop) return;
          }
        }),
      ),
  },
  'range/3': {
    run: (v, [from, upto, by], e, c, o) =>
      from.run(v, e, c, a =>
        upto.run(v, e, c, b =>
          by.run(v, e, c, s => {
            if (typeof a !== 'number' || typeof b !== 'number' || typeof s !== 'number') {
              fail('Range bounds must be numeric');
            }
            const step = s as number;
            if (step > 0) {
              for (let i = a as number; i < (b as number); i += step) {
                tick(c);
                o(i);
                if (c.stop) return;
              }
            } else if (step < 0) {
              for (let i = a as number; i > (b as number); i += step) {
                tick(c);
                o(i);
                if (c.stop) return;
              }
            } else if ((a as number) < (b as number)) {
              while (!c.stop) {
                tick(c);
                o(a);
              }
            }
          }),
        ),
      ),
  },
  'last/1': {
    run: (v, [f], e, c, o) => {
      let found: { value: unknown } | null = null;
      f.run(v, e, c, x => {
        found = { value: x };
      });
      if (found) o((found as { value: unknown }).value);
    },
  },
  'first/1': {
    run: (v, [f], e, c, o) => {
      const r = runFirst(f, v, e, c);
      if (r) o(r.value);
    },
    path: (v, p, [f], e, c, o) => {
      let found: [unknown, Path] | null = null;
      const token = {};
      f.path(v, p, e, c, (x, xp) => {
        if (found === null) {
          found = [x, xp];
          c.stop = token;
        }
      });
      if (c.stop === token) c.stop = null;
      if (found) o((found as [unknown, Path])[0], (found as [unknown, Path])[1]);
    },
  },
  'isempty/1': {
    run: (v, [f], e, c, o) => o(runFirst(f, v, e, c) === null),
  },
  'limit/2': {
    run: (v, [nCode, f], e, c, o) =>
      nCode.run(v, e, c, n => {
        if (typeof n !== 'number') fail('Invalid limit: must be a number');
        if ((n as number) < 0) {
          if (c.dialect === '1.8') fail("limit doesn't support negative count");
          f.run(v, e, c, o);
          return;
        }
        if ((n as number) <= 0) return;
        let count = 0;
        const token = {};
        f.run(v, e, c, x => {
          if (c.stop) return;
          count++;
          o(x);
          if (count >= (n as number) && !c.stop) c.stop = token;
        });
        if (c.stop === token) c.stop = null;
      }),
    path: (v, p, [nCode, f], e, c, o) =>
      nCode.run(v, e, c, n => {
        if ((n as number) <= 0) return;
        let count = 0;
        const token = {};
        f.path(v, p, e, c, (x, xp) => {
          if (c.stop) return;
          count++;
          o(x, xp);
          if (count >= (n as number) && !c.stop) c.stop = token;
        });
        if (c.stop === token) c.stop = null;
      }),
  },
  'skip/2': {
    run: (v, [nCode, f], e, c, o) =>
      nCode.run(v, e, c, n => {
        if (typeof n !== 'number') fail('Invalid skip: must be a number');
        if ((n as number) < 0) fail("skip doesn't support negative count");
        let count = 0;
        f.run(v, e, c, x => {
          if (count++ >= (n as number)) o(x);
        });
      }),
  },
  'until/2': {
    run: (v, [cond, update], e, c, o) => {
      const loop = (x: unknown): void => {
        let cur = x;
        for (;;) {
          tick(c);
          let done = false;
          let multi = false;
          cond.run(cur, e, c, t => {
            if (multi) return;
            multi = true;
            done = t !== null && t !== false;
          });
          if (done) {
            o(cur);
            return;
          }
          const nexts: unknown[] = [];
          update.run(cur, e, c, n => {
            nexts.push(n);
          });
          if (nexts.length !== 1) {
            for (const n of nexts) if (!c.stop) loop(n);
            return;
          }
          cur = nexts[0];
        }
      };
      loop(v);
    },
  },
  'while/2': {
    run: (v, [cond, update], e, c, o) => {
      const loop = (x: unknown): void => {
        let cur = x;
        for (;;) {
          tick(c);
          const results: boolean[] = [];
          cond.run(cur, e, c, t => {
            results.push(t !== null && t !== false);
          });
          if (results.length !== 1) {
            for (const r of results) {
              if (r && !c.stop) {
                o(cur);
                if (!c.stop) update.run(cur, e, c, loop);
              }
            }
            return;
          }
          if (!results[0]) return;
          o(cur);
          if (c.stop) return;
          const nexts: unknown[] = [];
          update.run(cur, e, c, n => {
            nexts.push(n);
          });
          if (nexts.length !== 1) {
            for (const n of nexts) if (!c.stop) loop(n);
            return;
          }
          cur = nexts[0];
        }
      };
      loop(v);
    },
  },
  // jq 1.7.1 defines `def repeat(f): def _repeat: f, _repeat; _repeat;`: f again and again on
  // the same input, until it errors or the consumer stops.
  'repeat/1': {
    run: (v, [f], e, c, o) => {
      while (!c.stop) {
        tick(c);
        f.run(v, e, c, o);
      }
    },
  },
  'recurse/1': {
    run: (v, [f], e, c, o) => {
      const walk = (x: unknown): void => {
        tick(c);
        o(x);
        if (!c.stop) f.run(x, e, c, walk);
      };
      walk(v);
    },
    path: (v, p, [f], e, c, o) => {
      const walk = (x: unknown, xp: Path): void => {
        tick(c);
        o(x, xp);
        if (!c.stop) f.path(x, xp, e, c, walk);
      };
      walk(v, p);
    },
  },
  'recurse/0': {
    run: (v, _a, _e, c, o) => {
      const walk = (x: unknown): void => {
        tick(c);
        o(x);
        if (Array.isArray(x)) {
          for (const y of x) if (!c.stop) walk(y);
        } else if (isObject(x)) {
          for (const k of Object.keys(x)) if (!c.stop) walk(x[k]);
        }
      };
      walk(v);
    },
    path: (v, p, _a, _e, c, o) => {
      const walk = (x: unknown, xp: Path): void => {
        tick(c);
        o(x, xp);
        if (Array.isArray(x)) {
          x.forEach((y, i) => !c.stop && walk(y, extendPath(xp, i, x)));
        } else if (isObject(x)) {
          for (const k of Object.keys(x)) if (!c.stop) walk(x[k], extendPath(xp, k, x));
        }
      };
      walk(v, p);
    },
  },
  'sub/2': { run: (v, args, e, c, o) => substitute(v, args, e, c, o, false) },
  'sub/3': { run: (v, args, e, c, o) => substitute(v, args, e, c, o, false) },
  'gsub/2': { run: (v, args, e, c, o) => substitute(v, args, e, c, o, true) },
  'gsub/3': { run: (v, args, e, c, o) => substitute(v, args, e, c, o, true) },
  '_modify/2': {
    run: (v, [paths, update], e, c, o) => {
      let state = v;
      const dels: unknown[][] = [];
      paths.path(v, [], e, c, (x, path) => {
        const p = path ?? notAPath(x);
        const cur = getPath(state, p, c.dialect);
        const r = runFirst(update, cur, e, c);
        if (r) state = setPath(state, p, r.value, c.dialect);
        else dels.push(p);
      });
      o(dels.length ? delPaths(state, dels, c.dialect) : state);
    },
  },
  '_assign/2': {
    run: (v, [paths, value], e, c, o) =>
      value.run(v, e, c, x => {
        let state = v;
        paths.path(v, [], e, c, (y, p) => {
          state = setPath(state, p ?? notAPath(y), x, c.dialect);
        });
        o(state);
      }),
  },
  'input/0': {
    run: (_v, _a, _e, c, o) => {
      const next = c.io.inputs?.next();
      if (!next || next.done) fail('No more inputs');
      o(next!.value);
    },
  },
  'inputs/0': {
    run: (_v, _a, _e, c, o) => {
      const it = c.io.inputs;
      if (!it) return;
      for (;;) {
        tick(c);
        const next = it.next();
        if (next.done) return;
        o(next.value);
        if (c.stop) return;
      }
    },
  },
  'debug/0': {
    run: (v, _a, _e, c, o) => {
      c.io.debug?.(['DEBUG:', v]);
      o(v);
    },
  },
  'stderr/0': {
    run: (v, _a, _e, c, o) => {
      c.io.stderr?.(v);
      o(v);
    },
  },
  'builtins/0': { run: (_v, _a, _e, _c, o) => o(builtinNames()) },
  'halt/0': {
    run: () => {
      throw new JqHaltError(0);
    },
  },
  'halt_error/1': {
    run: (v, [code], e, c) =>
      code.run(v, e, c, n => {
        if (typeof n !== 'number') fail('halt_error/1: number required');
        throw new JqHaltError(n as number, v);
      }),
  },
  'splits/2': {
    run: (v, [re, flags], e, c, o) =>
      flags.run(v, e, c, f =>
        re.run(v, e, c, r => {
          if (typeof v !== 'string') fail(`${preview(v, c.dialect)} cannot be matched, as it is not a string`);
          for (const s of splitRegex(v, r, f, c.dialect)) {
            o(s);
            if (c.stop) return;
          }
        }),
      ),
  },
};

let namesCache: string[] | null = null;
let preludeNames: string[] = [];

export function setPreludeNames(names: string[]): void {
  preludeNames = names;
  namesCache = null;
}

function builtinNames(): string[] {
  if (!namesCache) {
    const all = new Set<string>();
    for (const k of [...Object.keys(fnNatives), ...Object.keys(runNatives), ...preludeNames]) {
      if (!k.startsWith('_') && !k.startsWith('@')) all.add(k);
    }
    namesCache = [...all];
  }
  return namesCache;
}

export function nativeTable(): Map<string, NativeDef> {
  const m = new Map<string, NativeDef>();
  for (const [k, fn] of Object.entries(fnNatives)) m.set(k, { fn });
  for (const [k, d] of Object.entries(runNatives)) m.set(k, d);
  return m;
}
