import { invalid } from './PortApiError';
import { Query } from './Route';

/** Port's boolean query parameters are the strings "true" and "false". */
export function flag(query: Query, name: string, fallback = false): boolean {
  const value = query[name];
  if (value === undefined) return fallback;
  if (value === 'true') return true;
  if (value === 'false') return false;
  throw invalid(`Query parameter "${name}" must be "true" or "false"`);
}

/** Repeated keys (`include=a&include=b`, as Ocean sends) or comma-separated values. */
export function list(query: Query, name: string): string[] {
  const value = query[name];
  if (value === undefined) return [];
  const values = Array.isArray(value) ? value : [value];
  return values
    .flatMap(item => item.split(','))
    .filter(item => item.length > 0);
}
