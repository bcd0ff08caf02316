import {
  compare,
  copyObject,
  Dialect,
  getKey,
  hasOwn,
  isObject,
  JqObject,
  MAX_DEPTH,
  setKey,
  typeOf,
} from './values';
import { fail, indexValue, sliceBounds } from './ops';
import { checkLength, ValueLimits } from './limits';

/** Largest array index setpath will grow an array to; beyond it jq reports an error too. */
const MAX_ARRAY_INDEX = 536870911;

function checkPath(path: unknown): unknown[] {
  if (!Array.isArray(path)) fail('Path must be specified as an array');
  if ((path as unknown[]).length > MAX_DEPTH) fail('Path too deep');
  return path as unknown[];
}

export function getPath(v: unknown, path: unknown, dialect: Dialect): unknown {
  let cur = v;
  // jq's jv_getpath indexes null too: null[null] fails (1.7.1), null["a"] is null
  for (const k of checkPath(path)) {
    cur = indexValue(cur, k, dialect);
  }
  return cur;
}

/** The current child of `v` at `k`, validating that `k` can be set on `v`. */
function childForSet(v: unknown, k: unknown, dialect: Dialect): unknown {
  if (typeof k === 'string') {
    if (v !== null && !isObject(v)) indexValue(v, k, dialect);
    return v === null ? null : getKey(v as JqObject, k);
  }
  if (typeof k === 'number') {
    if (v !== null && !Array.isArray(v)) indexValue(v, k, dialect);
    if (Number.isNaN(k)) fail('Cannot set array element at NaN index');
    const a = (v ?? []) as unknown[];
    let idx = Math.trunc(k);
    if (idx < 0) {
      idx += a.length;
      if (idx < 0) fail('Out of bounds negative array index');
    }
    return idx < a.length ? a[idx] : null;
  }
  // jq reads the current value first (`jv_get`), so a key that cannot index `v` fails as an index
  // (`null` takes strings, numbers and slices; `null[null]` fails in jq 1.7.1)
  if (
    (v !== null || (k === null && dialect === '1.7')) &&
    !(isObject(k) && typeof v === 'string')
  )
    indexValue(v, k, dialect);
  if (isObject(k)) {
    if (typeof v === 'string') fail('Cannot update string slices');
    if (v !== null && !Array.isArray(v))
      fail(`Cannot update field at object index of ${typeOf(v)}`);
    const a = (v ?? []) as unknown[];
    const [s, e] = sliceBounds(a.length, getKey(k, 'start'), getKey(k, 'end'));
    return a.slice(s, e);
  }
  if (Array.isArray(k))
    return fail(`Cannot update field at array index of ${typeOf(v)}`);
  return fail(`Cannot update field at object index of ${typeOf(v)}`);
}

/** A copy of `v` with the child at `k` replaced (keys already validated by childForSet). */
function withChild(
  v: unknown,
  k: unknown,
  child: unknown,
  limits: ValueLimits | undefined,
): unknown {
  if (typeof k === 'string') {
    const o = v === null ? {} : copyObject(v as JqObject);
    setKey(o, k, child);
    return o;
  }
  const a = v === null ? [] : (v as unknown[]);
  if (typeof k === 'number') {
    let idx = Math.trunc(k); // jv_array_set takes (int)k: toward zero
    if (idx < 0) idx += a.length;
    if (idx > MAX_ARRAY_INDEX) fail('Array index too large');
    if (limits) checkLength(Math.max(idx + 1, a.length), limits, 'array');
    const r = a.slice();
    while (r.length < idx) r.push(null);
    r[idx] = child;
    return r;
  }
  const [s, e] = sliceBounds(
    a.length,
    getKey(k as JqObject, 'start'),
    getKey(k as JqObject, 'end'),
  );
  if (!Array.isArray(child))
    fail('A slice of an array can only be assigned another array');
  return [...a.slice(0, s), ...(child as unknown[]), ...a.slice(e)];
}

export function setPath(
  v: unknown,
  path: unknown,
  value: unknown,
  dialect: Dialect,
  /** bounds the arrays an index past the end would grow; absent for deletions, which shrink */
  limits?: ValueLimits,
): unknown {
  const p = checkPath(path);
  const parents: unknown[] = [];
  let cur = v;
  for (const k of p) {
    parents.push(cur);
    cur = childForSet(cur, k, dialect);
  }
  let acc = value;
  for (let i = p.length - 1; i >= 0; i--)
    acc = withChild(parents[i], p[i], acc, limits);
  return acc;
}

/**
 * Deletes several paths at once, as jq's `jv_delpaths` does: the paths are sorted, grouped by
 * their first key, and each container deletes all its keys in one pass against its original
 * indexes (so `del(.[1, 2])` removes the second and third elements, and a negative index or a
 * slice counts from the input's length).
 */
export function delPaths(
  v: unknown,
  paths: unknown,
  dialect: Dialect,
): unknown {
  if (!Array.isArray(paths)) fail('Paths must be specified as an array');
  const sorted = (paths as unknown[]).slice().sort(compare);
  for (const p of sorted) {
    if (!Array.isArray(p)) {
      fail(`Path must be specified as array, not ${typeOf(p)}`);
    }
  }
  if (sorted.length === 0) return v;
  if ((sorted[0] as unknown[]).length === 0) return null;
  for (const p of sorted) checkPath(p);
  return delSorted(v, sorted as unknown[][], 0, dialect);
}

function delSorted(
  v: unknown,
  paths: unknown[][],
  depth: number,
  dialect: Dialect,
): unknown {
  let cur = v;
  const keys: unknown[] = [];
  for (let i = 0; i < paths.length; ) {
    const key = paths[i][depth];
    // a NaN key never compares equal, even to itself: it forms its own group
    let j = i + 1;
    while (j < paths.length && compare(key, paths[j][depth]) === 0) j++;
    if (paths[i].length === depth + 1) {
      // the whole key goes; deletions below it do not matter
      keys.push(key);
    } else {
      const child = indexValue(cur, key, dialect);
      if (child !== null) {
        const updated = delSorted(child, paths.slice(i, j), depth + 1, dialect);
        cur = setPath(cur, [key], updated, dialect);
      }
    }
    i = j;
  }
  return deleteKeys(cur, keys);
}

/** Deletes sorted keys from one container, each against the container's original indexes. */
function deleteKeys(v: unknown, keys: unknown[]): unknown {
  if (v === null || keys.length === 0) return v;
  if (Array.isArray(v)) {
    const len = v.length;
    const drop = new Set<number>();
    const slices: [number, number][] = [];
    for (const k of keys) {
      if (typeof k === 'number') {
        drop.add(Math.trunc(k < 0 ? len + Math.trunc(k) : k));
      } else if (isObject(k)) {
        slices.push(deletionSlice(len, k));
      } else {
        fail(`Cannot delete ${typeOf(k)} element of array`);
      }
    }
    return v.filter(
      (_x, i) => !drop.has(i) && !slices.some(([s, e]) => s <= i && i < e),
    );
  }
  if (isObject(v)) {
    let o: JqObject | null = null;
    for (const k of keys) {
      if (typeof k !== 'string')
        fail(`Cannot delete ${typeOf(k)} field of object`);
      if (hasOwn(v, k)) {
        o ??= copyObject(v);
        delete o[k];
      }
    }
    return o ?? v;
  }
  return fail(`Cannot delete fields from ${typeOf(v)}`);
}

/** A `{"start", "end"}` key's bounds; both must be present (null for open) and numbers. */
function deletionSlice(len: number, k: JqObject): [number, number] {
  const from = hasOwn(k, 'start') ? k.start : undefined;
  const to = hasOwn(k, 'end') ? k.end : undefined;
  const ok = (x: unknown) => x === null || typeof x === 'number';
  if (!ok(from) || !ok(to)) fail('Array/string slice indices must be integers');
  return sliceBounds(len, from, to);
}
