/**
 * Port's `include` / `exclude` query parameters: dotted paths into the entity JSON
 * (`identifier`, `properties.foo`). `include` keeps only the named paths.
 */
export function project(
  entity: Record<string, unknown>,
  include: string[],
  exclude: string[],
): Record<string, unknown> {
  let result = entity;
  if (include.length > 0) {
    result = {};
    for (const path of include) copyPath(entity, result, path.split('.'));
  }
  if (exclude.length > 0) {
    result = structuredClone(result);
    for (const path of exclude) deletePath(result, path.split('.'));
  }
  return result;
}

function copyPath(
  source: Record<string, unknown>,
  target: Record<string, unknown>,
  path: string[],
): void {
  const [head, ...rest] = path;
  if (!(head in source)) return;
  const value = source[head];
  if (rest.length === 0) {
    target[head] = value;
    return;
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    return;
  const child = (target[head] ??= {}) as Record<string, unknown>;
  copyPath(value as Record<string, unknown>, child, rest);
}

function deletePath(target: Record<string, unknown>, path: string[]): void {
  const [head, ...rest] = path;
  if (rest.length === 0) {
    delete target[head];
    return;
  }
  const value = target[head];
  if (typeof value === 'object' && value !== null && !Array.isArray(value)) {
    deletePath(value as Record<string, unknown>, rest);
  }
}
