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
  for (const k of checkPath(path)) {
    if (cur === null) return null;
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
    let idx = Math.floor(k);
    if (idx < 0) {
      idx += a.length;
      if (idx < 0) fail('Out of bounds negative array index');
    }
    return idx < a.length ? a[idx] : null;
  }
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
    let idx = Math.floor(k);
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
 * Deletes several paths at once, as jq does: negative indexes and slices are resolved against the
 * input first, then deletions run from the last path to the first so earlier indexes stay valid.
 */
export function delPaths(
  v: unknown,
  paths: unknown,
  dialect: Dialect,
): unknown {
  if (!Array.isArray(paths)) fail('Paths must be specified as an array');
  const resolved: unknown[][] = [];
  for (const raw of paths as unknown[]) {
    const p = checkPath(raw);
    if (p.length === 0) {
      resolved.push(p);
      continue;
    }
    const last = p[p.length - 1];
    const parentPath = p.slice(0, -1);
    if (typeof last === 'number' || isObject(last)) {
      const parent = getPath(v, parentPath, dialect);
      if (Array.isArray(parent)) {
        if (typeof last === 'number') {
          if (Number.isNaN(last)) continue;
          const idx =
            Math.floor(last) < 0
              ? Math.floor(last) + parent.length
              : Math.floor(last);
          if (idx >= 0 && idx < parent.length)
            resolved.push([...parentPath, idx]);
        } else {
          const [s, e] = sliceBounds(
            parent.length,
            getKey(last, 'start'),
            getKey(last, 'end'),
          );
          for (let i = s; i < e; i++) resolved.push([...parentPath, i]);
        }
        continue;
      }
    }
    resolved.push(p);
  }
  resolved.sort(compare);
  let cur = v;
  for (let i = resolved.length - 1; i >= 0; i--) {
    if (i + 1 < resolved.length && compare(resolved[i], resolved[i + 1]) === 0)
      continue;
    cur = delPath(cur, resolved[i], dialect);
  }
  return cur;
}

function delPath(v: unknown, path: unknown[], dialect: Dialect): unknown {
  if (path.length === 0) return null;
  const parentPath = path.slice(0, -1);
  const parent = getPath(v, parentPath, dialect);
  if (parent === null) return v;
  return setPath(
    v,
    parentPath,
    deleteKey(parent, path[path.length - 1]),
    dialect,
  );
}

function deleteKey(v: unknown, k: unknown): unknown {
  if (typeof k === 'string') {
    if (!isObject(v))
      fail(`Cannot delete field at object index of ${typeOf(v)}`);
    if (!hasOwn(v, k)) return v;
    const o: JqObject = {};
    for (const key of Object.keys(v)) if (key !== k) setKey(o, key, v[key]);
    return o;
  }
  if (typeof k === 'number') {
    if (!Array.isArray(v)) fail(`Cannot delete field at index of ${typeOf(v)}`);
    const idx = Math.floor(k);
    if (Number.isNaN(idx) || idx < 0 || idx >= v.length) return v;
    const a = v.slice();
    a.splice(idx, 1);
    return a;
  }
  return fail(`Cannot delete field at index of ${typeOf(v)}`);
}
