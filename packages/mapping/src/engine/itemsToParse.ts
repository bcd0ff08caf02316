import { MappingLanguage } from '../types';

/**
 * The leading plain path of an `itemsToParse` expression (`.spec.items | map(.)` → `['spec', 'items']`), which
 * Ocean deletes from the parent before merging each item in (`itemsToParseTopLevelTransform`, default on). Ocean
 * finds it with a regular expression too; when there is no plain leading path nothing is deleted.
 */
export function leadingPath(
  expression: string,
  language: MappingLanguage,
): string[] | undefined {
  const text = expression.trim();
  const match =
    language === 'jq'
      ? /^((?:\.[A-Za-z_][\w]*)+)/.exec(text)
      : /^([A-Za-z_][\w]*(?:\.[A-Za-z_][\w]*)*)/.exec(text);
  if (!match) {
    return undefined;
  }
  return match[1].split('.').filter(Boolean);
}

/** A copy of `value` without the key at `path`, copying only the objects along the path. */
export function withoutPath(value: unknown, path: string[]): unknown {
  if (path.length === 0 || value === null || typeof value !== 'object') {
    return value;
  }
  const record = value as Record<string, unknown>;
  const [head, ...rest] = path;
  if (!(head in record)) {
    return value;
  }
  const copy = { ...record };
  if (rest.length === 0) {
    delete copy[head];
  } else {
    copy[head] = withoutPath(record[head], rest);
  }
  return copy;
}
