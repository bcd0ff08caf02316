import { parse } from 'yaml';

/**
 * YAML (or JSON, which YAML includes) text to a value, for API definitions that Backstage keeps as text and Port's
 * object-typed properties want parsed. Anything that is not a string, or does not parse, gives `null`: a definition
 * that cannot be read should not fail the whole entity.
 */
export function fromYaml(text: unknown): unknown {
  if (typeof text !== 'string') {
    return null;
  }
  try {
    return parse(text, { maxAliasCount: 100 }) ?? null;
  } catch {
    return null;
  }
}
