import { fail, indexValue, indicesOf } from '../runtime/ops';
import { checkLength, ValueLimits } from '../runtime/limits';
import {
  codePointLength,
  compare,
  copyObject,
  deeperThan,
  Dialect,
  equals,
  hasOwn,
  isObject,
  JqObject,
  MAX_DEPTH,
  preview,
  setKey,
  sortedKeys,
  toJson,
  typeOf,
} from '../runtime/values';

// Builtins over arrays and objects: length, keys, containment, sorting, grouping, joining.

export function length(v: unknown, d: Dialect): unknown {
  if (v === null) return 0;
  if (typeof v === 'boolean') return fail(`${preview(v, d)} has no length`);
  if (typeof v === 'number') return Math.abs(v);
  if (typeof v === 'string') return codePointLength(v);
  if (Array.isArray(v)) return v.length;
  return Object.keys(v as object).length;
}

export function keys(v: unknown, d: Dialect, sorted: boolean): unknown {
  if (Array.isArray(v)) return v.map((_x, i) => i);
  if (isObject(v)) return sorted ? sortedKeys(v) : Object.keys(v);
  return fail(`${preview(v, d)} has no keys`);
}

export function has(v: unknown, k: unknown): boolean {
  if (v === null) return false;
  if (isObject(v) && typeof k === 'string') return hasOwn(v, k);
  if (Array.isArray(v) && typeof k === 'number') return k >= 0 && k < v.length;
  return fail(`Cannot check whether ${typeOf(v)} has a ${typeOf(k)} key`);
}

/** jq's kinds, where `true` and `false` are different kinds (as containment compares them). */
function kindOf(v: unknown): string {
  return typeof v === 'boolean' ? String(v) : typeOf(v);
}

/** `contains`: only the top-level operands must be of one kind; inside, a kind mismatch is false. */
export function contains(a: unknown, b: unknown, d: Dialect): boolean {
  if (kindOf(a) !== kindOf(b)) {
    return fail(
      `${preview(a, d)} and ${preview(
        b,
        d,
      )} cannot have their containment checked`,
    );
  }
  if (deeperThan(b, MAX_DEPTH)) fail('Containment check too deep');
  return containsAt(a, b);
}

function containsAt(a: unknown, b: unknown): boolean {
  const ta = kindOf(a);
  if (ta !== kindOf(b)) return false;
  if (ta === 'object') {
    const bo = b as JqObject;
    const ao = a as JqObject;
    return Object.keys(bo).every(
      k => hasOwn(ao, k) && containsAt(ao[k], bo[k]),
    );
  }
  if (ta === 'array') {
    return (b as unknown[]).every(y =>
      (a as unknown[]).some(x => containsAt(x, y)),
    );
  }
  if (ta === 'string') return (a as string).includes(b as string);
  return equals(a, b);
}

/** The check of jq's `_sort_by_impl`/`_group_by_impl`: two arrays of one length. */
function checkKeyed(
  v: unknown,
  keysArr: unknown,
  d: Dialect,
  what: string,
): void {
  if (
    !Array.isArray(v) ||
    !Array.isArray(keysArr) ||
    v.length !== keysArr.length
  ) {
    fail(`${preview(v, d)} and ${preview(keysArr, d)} ${what}`);
  }
}

export function sortKeyed(v: unknown, keysArr: unknown, d: Dialect): unknown[] {
  checkKeyed(v, keysArr, d, 'cannot be sorted, as they are not both arrays');
  const arr = v as unknown[];
  const ks = keysArr as unknown[];
  const idx = arr.map((_x, i) => i);
  idx.sort((a, b) => compare(ks[a], ks[b]) || a - b);
  return idx.map(i => arr[i]);
}

export function groupKeyed(
  v: unknown,
  keysArr: unknown,
  d: Dialect,
): unknown[][] {
  checkKeyed(v, keysArr, d, 'cannot be sorted, as they are not both arrays');
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
  return groups;
}

export function minMaxKeyed(
  v: unknown,
  keysArr: unknown,
  max: boolean,
  d: Dialect,
): unknown {
  const arr = v as unknown[];
  const ks = keysArr as unknown[];
  if (!Array.isArray(arr) || !Array.isArray(ks)) {
    fail(`${preview(v, d)} and ${preview(ks, d)} cannot be iterated over`);
  }
  if (arr.length !== ks.length) {
    fail(`${preview(v, d)} and ${preview(ks, d)} have wrong length`);
  }
  if (arr.length === 0) return null;
  let best = 0;
  for (let i = 1; i < arr.length; i++) {
    const c = compare(ks[i], ks[best]);
    if (max ? c >= 0 : c < 0) best = i;
  }
  return arr[best];
}

export function flatten(v: unknown, depth: unknown, d: Dialect): unknown[] {
  if (typeof depth !== 'number') fail('flatten depth must not be negative');
  if ((depth as number) < 0) fail('flatten depth must not be negative');
  // jq's `reduce .[] as $i (...)`: an object's values are flattened too
  const top = isObject(v) ? Object.values(v) : v;
  if (!Array.isArray(top)) fail(`Cannot iterate over ${preview(v, d)}`);
  const out: unknown[] = [];
  const stack: { a: unknown[]; i: number; n: number }[] = [
    { a: top as unknown[], i: 0, n: depth as number },
  ];
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
export function join(v: unknown, sep: unknown, l: ValueLimits): unknown {
  const d = l.dialect;
  let items: unknown[];
  if (Array.isArray(v)) items = v;
  else if (isObject(v)) items = Object.values(v);
  else return fail(`Cannot iterate over ${preview(v, d)}`);
  if (items.length === 0) return '';
  let acc: unknown = null;
  for (const x of items) {
    const prefix = acc === null ? '' : addValues(acc, sep, l);
    let part = x;
    if (x === null) part = '';
    else if (typeof x === 'number' || typeof x === 'boolean') part = toJson(x);
    acc = addValues(prefix, part, l);
  }
  return acc;
}

export function bsearch(v: unknown, target: unknown, d: Dialect): number {
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

export function stringIndices(s: string, sub: string): number[] {
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

/** jq's `indices($i)`, ending in `.[$i]` for anything but arrays and strings. */
export function indices(v: unknown, i: unknown, d: Dialect): unknown {
  if (typeof v === 'string' && typeof i === 'string')
    return stringIndices(v, i);
  if (Array.isArray(v) && Array.isArray(i)) return indicesOf(v, i, d);
  if (Array.isArray(v)) return indicesOf(v, [i], d);
  return indexValue(v, i, d);
}

export function toEntries(v: unknown, d: Dialect): unknown {
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

export function addValues(a: unknown, b: unknown, l: ValueLimits): unknown {
  if (typeof a === 'number' && typeof b === 'number') return a + b;
  if (typeof a === 'string' && typeof b === 'string') {
    checkLength(a.length + b.length, l, 'string');
    return a + b;
  }
  if (Array.isArray(a) && Array.isArray(b)) {
    checkLength(a.length + b.length, l, 'array');
    return a.concat(b);
  }
  if (b === null) return a;
  if (isObject(a) && isObject(b)) {
    const r = copyObject(a);
    for (const k of Object.keys(b)) setKey(r, k, b[k]);
    checkLength(Object.keys(r).length, l, 'object');
    return r;
  }
  return fail(
    `${preview(a, l.dialect)} and ${preview(b, l.dialect)} cannot be added`,
  );
}
