import { ValuePath } from './readMappingSource';

/** `port.mapping` + `['resources', 2, 'port']` → `port.mapping.resources[2].port`. */
export function formatPath(prefix: string, path: ValuePath): string {
  let out = prefix;
  for (const part of path) {
    if (typeof part === 'number') {
      out += `[${part}]`;
    } else if (/^[A-Za-z_$][\w$-]*$/.test(part)) {
      out += out ? `.${part}` : part;
    } else {
      out += `[${JSON.stringify(part)}]`;
    }
  }
  return out;
}
