import { createHash } from 'crypto';

/**
 * JSON text of a value with object keys sorted, so that two payloads that
 * differ only in key order serialise (and hash) the same.
 *
 * @public
 */
export function stableStringify(value: unknown): string {
  if (value === null || typeof value !== 'object') {
    return JSON.stringify(value) ?? 'null';
  }
  if (Array.isArray(value)) {
    return `[${value.map(stableStringify).join(',')}]`;
  }
  const entries = Object.keys(value)
    .filter(key => (value as Record<string, unknown>)[key] !== undefined)
    .sort()
    .map(
      key =>
        `${JSON.stringify(key)}:${stableStringify(
          (value as Record<string, unknown>)[key],
        )}`,
    );
  return `{${entries.join(',')}}`;
}

/**
 * The hash the engine records for a Port payload it pushed: equal hashes mean
 * Port already holds that exact payload and the write can be skipped.
 *
 * @public
 */
export function hashPayload(payload: unknown): string {
  return createHash('sha256').update(stableStringify(payload)).digest('hex');
}
