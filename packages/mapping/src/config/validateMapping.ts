import { z } from 'zod';
import {
  EntityMapping,
  MappingConfig,
  MappingLanguage,
  ResourceConfig,
  SearchQueryMapping,
} from '../types';
import { ExpressionSite, siteKey } from './ExpressionSite';
import { formatPath } from './formatPath';
import { MappingConfigError } from './MappingConfigError';
import { describe, mappingSchema, ParsedResource } from './mappingSchema';
import { MappingSource, ValuePath } from './readMappingSource';

export { ROOT_DEFAULTS } from './mappingSchema';

/** The validated config and every expression in it, in evaluation order. */
export interface ValidatedMapping {
  config: MappingConfig;
  /** Every expression, by `siteKey` of its path in the mapping as written. */
  sites: Map<string, ExpressionSite>;
  /** Where each entity mapping sits in the mapping as written (a single object is not at `mappings[0]`). */
  mappingPaths: WeakMap<EntityMapping, ValuePath>;
}

/**
 * Checks a mapping against `mappingSchema` and normalises it; the first problem is thrown as a
 * `MappingConfigError` at its line and column. Expressions are only collected here; compiling them (and reporting
 * syntax errors) is the dialects' job.
 */
export function validateMapping(
  source: MappingSource,
  configPath: string,
): ValidatedMapping {
  const result = mappingSchema.safeParse(source.value);
  if (!result.success) {
    throw toConfigError(result.error, source, configPath);
  }
  const parsed = result.data;
  const sites = new Map<string, ExpressionSite>();
  const mappingPaths = new WeakMap<EntityMapping, ValuePath>();

  const resources = parsed.resources.map((raw, index): ResourceConfig => {
    const language = raw.language ?? parsed.language;
    const site = (path: ValuePath, field: string, expression: string) => {
      sites.set(siteKey(path), {
        path,
        configPath: formatPath(configPath, path),
        field,
        expression,
        language,
        resourceIndex: index,
        kind: raw.kind,
        position: offset => source.positionOf(path, offset),
        sourceName: source.sourceName,
      });
    };
    const leaves = (
      value: string | SearchQueryMapping,
      path: ValuePath,
      field: string,
    ) => {
      if (typeof value === 'string') {
        site(path, field, value);
        return;
      }
      site([...path, 'combinator'], `${field}.combinator`, value.combinator);
      value.rules.forEach((rule, i) => {
        const rulePath = [...path, 'rules', i];
        if ('combinator' in rule) {
          leaves(rule, rulePath, `${field}.rules[${i}]`);
          return;
        }
        for (const key of ['property', 'operator', 'value'] as const) {
          site([...rulePath, key], `${field}.rules[${i}].${key}`, rule[key]);
        }
      });
    };

    const resourcePath = ['resources', index];
    site(
      [...resourcePath, 'selector', 'query'],
      'selector.query',
      raw.selector.query,
    );
    const portPath = [...resourcePath, 'port'];
    if (raw.port.itemsToParse !== undefined) {
      site(
        [...portPath, 'itemsToParse'],
        'itemsToParse',
        raw.port.itemsToParse,
      );
    }
    const mappingsPath = [...portPath, 'entity', 'mappings'];
    const written = raw.port.entity.mappings;
    const mappings = (Array.isArray(written) ? written : [written]).map(
      (mapping, i) => {
        const path = Array.isArray(written)
          ? [...mappingsPath, i]
          : mappingsPath;
        for (const key of [
          'identifier',
          'title',
          'icon',
          'blueprint',
          'team',
        ] as const) {
          const value = mapping[key];
          if (value !== undefined) leaves(value, [...path, key], key);
        }
        for (const key of ['properties', 'relations'] as const) {
          for (const [name, value] of Object.entries(mapping[key])) {
            leaves(value, [...path, key, name], `${key}.${name}`);
          }
        }
        const out: EntityMapping = withoutUndefined(mapping);
        mappingPaths.set(out, path);
        return out;
      },
    );
    return toResource(raw, language, mappings);
  });

  return {
    config: {
      createMissingRelatedEntities: parsed.createMissingRelatedEntities,
      deleteDependentEntities: parsed.deleteDependentEntities,
      enableMergeEntity: parsed.enableMergeEntity,
      entityDeletionThreshold: parsed.entityDeletionThreshold,
      language: parsed.language,
      resources,
    },
    sites,
    mappingPaths,
  };
}

function toResource(
  raw: ParsedResource,
  language: MappingLanguage,
  mappings: EntityMapping[],
): ResourceConfig {
  const port: ResourceConfig['port'] = {
    entity: { mappings },
    itemsToParseName: raw.port.itemsToParseName,
    itemsToParseTopLevelTransform: raw.port.itemsToParseTopLevelTransform,
  };
  if (raw.port.itemsToParse !== undefined) {
    port.itemsToParse = raw.port.itemsToParse;
  }
  return {
    kind: raw.kind,
    language,
    selector: { query: raw.selector.query },
    port,
  };
}

/** Optional fields stay absent, as a mapping written by hand has them. */
function withoutUndefined<T extends object>(value: T): T {
  return Object.fromEntries(
    Object.entries(value).filter(([, v]) => v !== undefined),
  ) as T;
}

/**
 * The first problem zod found, at the path and position of the value (or, for an unknown key, the key) at fault.
 * A missing value is reported at the object that lacks it.
 */
function toConfigError(
  error: z.ZodError,
  source: MappingSource,
  configPath: string,
): MappingConfigError {
  const issue = firstIssue(error.issues);
  let path: ValuePath = issue.path;
  let problem = issue.message;
  let at: 'key' | 'value' = 'value';
  const value = valueAt(source.value, path);
  if (issue.code === z.ZodIssueCode.unrecognized_keys) {
    const key = issue.keys[0];
    path = [...path, key];
    problem = `unknown key "${key}"; ${issue.message}`;
    at = 'key';
  } else if (value === undefined && path.length > 0) {
    problem = `"${path[path.length - 1]}" is required`;
    path = path.slice(0, -1);
  } else if (saysWhatWasFound(issue)) {
    problem = `${issue.message}, got ${describe(value)}`;
  }
  return new MappingConfigError(formatPath(configPath, path), problem, {
    path,
    sourcePosition:
      at === 'key' ? source.keyPositionOf(path) : source.positionOf(path),
    sourceName: source.sourceName,
  });
}

/**
 * A union (an expression or a search query; one mapping or a list) fails with every member's issues. The member
 * that got furthest into the value is the one the author meant; on a tie, one that says more than "wrong type".
 */
function firstIssue(issues: z.ZodIssue[]): z.ZodIssue {
  const issue = issues[0];
  if (issue.code !== z.ZodIssueCode.invalid_union) return issue;
  const members = issue.unionErrors.map(e => firstIssue(e.issues));
  const depth = (i: z.ZodIssue) =>
    i.path.length * 2 + (i.code === z.ZodIssueCode.invalid_type ? 0 : 1);
  return members.reduce((best, next) =>
    depth(next) > depth(best) ? next : best,
  );
}

/** Issues about a scalar's type or range name the value found; a list too short or a custom check need not. */
function saysWhatWasFound(issue: z.ZodIssue): boolean {
  switch (issue.code) {
    case z.ZodIssueCode.invalid_type:
    case z.ZodIssueCode.invalid_enum_value:
    case z.ZodIssueCode.invalid_string:
      return true;
    case z.ZodIssueCode.too_small:
    case z.ZodIssueCode.too_big:
      return issue.type === 'number';
    default:
      return false;
  }
}

function valueAt(root: unknown, path: ValuePath): unknown {
  let value = root;
  for (const part of path) {
    if (value === null || typeof value !== 'object') return undefined;
    value = (value as Record<string | number, unknown>)[part];
  }
  return value;
}
