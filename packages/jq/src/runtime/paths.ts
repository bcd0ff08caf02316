import {
  compare,
  copyObject,
  Dialect,
  getKey,
  hasOwn,
  isObject,
  JqObject,
  setKey,
  typeOf,
} from './values';
import { fail, indexValue, sliceBounds } from './ops';

/** Largest array index setpath will grow an array to; beyond it jq reports an error too. */
const MAX_ARRAY_INDEX = 536870911;

export function getPath(v: unknown, path: unknown, dialect: Dialect): unknown {
  if (!Array.isArray(path)) fail('Path must be specified as an array');
  let cur = v;
  for (const k of path) {
    if (cur === null) return null;
    cur = indexValue(cur, k, dialect);
  }
  return cur;
}

export function setPath(
  v: unknown,
  path: unknown,
  value: unknown,
  dialect: Dialect,
): unknown {
  if (!Array.isArray(path)) fail('Path must be specified as an array');
  return setAt(v, path, 0, value, dialect);
}

function setAt(
  v: unknown,
  path: unknown[],
  i: number,
  value: unknown,
  dialect: Dialect,
): unknown {
  if (i === path.length) return value;
  const k = path[i];
  if (typeof k === 'string') {
    if (v !== null && !isObject(v)) indexValue(v, k, dialect);
    const o = v === null ? {} : copyObject(v as JqObject);
    setKey(o, k, setAt(getKey(o, k), path, i + 1, value, dialect));
    return o;
  }
  if (typeof k === 'number') {
    if (v !== null && !Array.isArray(v)) indexValue(v, k, dialect);
    const a = v === null ? [] : (v as unknown[]).slice();
    if (Number.isNaN(k)) fail('Cannot set array element at NaN index');
    let idx = Math.floor(k);
    if (idx < 0) {
      idx += a.length;
      if (idx < 0) fail('Out of bounds negative array index');
    }
    if (idx > MAX_ARRAY_INDEX) fail('Array index too large');
    const cur = idx < a.length ? a[idx] : null;
    while (a.length < idx) a.push(null);
    a[idx] = setAt(cur, path, i + 1, value, dialect);
    return a;
  }
  if (isObject(k)) {
    if (typeof v === 'string') fail('Cannot update string slices');
    if (v !== null && !Array.isArray(v)) {
      fail(`Cannot update field at object index of ${typeOf(v)}`);
    }
    const a = v === null ? [] : (v as unknown[]);
    const [s, e] = sliceBounds(a.length, getKey(k, 'start'), getKey(k, 'end'));
    const repl = setAt(a.slice(s, e), path, i + 1, value, dialect);
    if (!Array.isArray(repl)) {
      fail('A slice of an array can only be assigned another array');
    }
    return [...a.slice(0, s), ...repl, ...a.slice(e)];
  }
  if (Array.isArray(k)) {
    return fail(`Cannot update field at array index of ${typeOf(v)}`);
  }
  return fail(`Cannot update field at object index of ${typeOf(v)}`);
}

export function delPaths(v: unknown, paths: unknown, dialect: Dialect): unknown {
  if (!Array.isArray(paths)) fail('Paths must be specified as an array');
  const sorted = (paths as unknown[]).slice().sort(compare);
  let cur = v;
  for (let i = sorted.length - 1; i >= 0; i--) {
    const p = sorted[i];
    if (!Array.isArray(p)) fail('Path must be specified as an array');
    cur = delAt(cur, p, 0, dialect);
  }
  return cur;
}

function delAt(v: unknown, path: unknown[], i: number, dialect: Dialect): unknown {
  if (path.length === 0) return null;
  if (v === null) return null;
  const k = path[i];
  if (i === path.length - 1) return deleteKey(v, k);
  const child = indexValue(v, k, dialect);
  if (child === null) return v;
  const updated = delAt(child, path, i + 1, dialect);
  return setAt(v, [k], 0, updated, dialect);
}

function deleteKey(v: unknown, k: unknown): unknown {
  if (typeof k === 'string') {
    if (!isObject(v)) fail(`Cannot delete field at object index of ${typeOf(v)}`);
    if (!hasOwn(v, k)) return v;
    const o: JqObject = {};
    for (const key of Object.keys(v)) if (key !== k) setKey(o, key, v[key]);
    return o;
  }
  if (typeof k === 'number') {
    if (!Array.isArray(v)) fail(`Cannot delete field at index of ${typeOf(v)}`);
    let idx = Math.floor(k);
    if (idx < 0) idx += v.length;
    if (idx < 0 || idx >= v.length) return v;
    const a = v.slice();
    a.splice(idx, 1);
    return a;
  }
  if (isObject(k)) {
    if (!Array.isArray(v)) fail(`Cannot delete slice of ${typeOf(v)}`);
    const [s, e] = sliceBounds(v.length, getKey(k, 'start'), getKey(k, 'end'));
    return [...v.slice(0, s), ...v.slice(e)];
  }
  return fail(`Cannot delete field at index of ${typeOf(v)}`);
}
