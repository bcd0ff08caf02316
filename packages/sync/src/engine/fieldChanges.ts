import type { PortEntity } from '@portsync/port-client';
import { stableStringify } from '../hashPayload';

const TOP_LEVEL = ['title', 'icon', 'team'] as const;

/**
 * The fields of `payload` whose value differs from Port's entity, as dot paths. Only fields
 * the payload sets are compared (a merge leaves the others alone); a null sent for a field
 * Port does not have is no change, as in Ocean's diff.
 */
export function fieldChanges(
  payload: PortEntity,
  current: PortEntity,
): Array<{ path: string; before: unknown; after: unknown }> {
  const changes: Array<{ path: string; before: unknown; after: unknown }> = [];
  const compare = (path: string, after: unknown, before: unknown) => {
    if (after === undefined) return;
    if (after === null && (before === undefined || before === null)) return;
    if (stableStringify(after) !== stableStringify(before ?? null)) {
      changes.push({ path, before: before ?? null, after });
    }
  };
  for (const field of TOP_LEVEL) compare(field, payload[field], current[field]);
  for (const group of ['properties', 'relations'] as const) {
    const wanted = (payload[group] ?? {}) as Record<string, unknown>;
    const held = (current[group] ?? {}) as Record<string, unknown>;
    for (const key of Object.keys(wanted).sort()) {
      compare(`${group}.${key}`, wanted[key], held[key]);
    }
  }
  return changes;
}
