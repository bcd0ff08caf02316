import type { EntityKey } from '../RefStateStore';

/** Code-unit order, as the databases' binary collation gives for ASCII refs. */
export function compare(a: string, b: string): number {
  if (a < b) return -1;
  return a > b ? 1 : 0;
}

export function entityKeyOf(key: EntityKey): string {
  return `${key.blueprint}\u0000${key.identifier}`;
}
