import {
  EntityMapping,
  MappingConfig,
  MappingLanguage,
  ResourceConfig,
  SearchQueryMapping,
  SearchRuleMapping,
} from '../types';
import { MappingConfigError } from './MappingConfigError';
import { formatPath } from './formatPath';
import { MappingSource, ValuePath } from './readMappingSource';
import { ExpressionSite, siteKey } from './ExpressionSite';

/** Ocean's defaults for the root flags (`PortAppConfig` in port_ocean). */
export const ROOT_DEFAULTS = {
  createMissingRelatedEntities: true,
  deleteDependentEntities: true,
  enableMergeEntity: true,
  entityDeletionThreshold: 0.9,
} as const;

const ROOT_KEYS = [
  'createMissingRelatedEntities',
  'deleteDependentEntities',
  'enableMergeEntity',
  'entityDeletionThreshold',
  'language',
  'resources',
];
const RESOURCE_KEYS = ['kind', 'language', 'selector', 'port'];
// Ocean's selector also has `exportEnvVariables`, used only by Port's server-side processing; accepted, unused.
const SELECTOR_KEYS = ['query', 'exportEnvVariables'];
const PORT_KEYS = [
  'entity',
  'itemsToParse',
  'itemsToParseName',
  'itemsToParseTopLevelTransform',
];
const MAPPING_KEYS = [
  'identifier',
  'title',
  'icon',
  'blueprint',
  'team',
  'properties',
  'relations',
];
const QUERY_KEYS = ['combinator', 'rules'];
const RULE_KEYS = ['property', 'operator', 'value'];

/** The validated config and every expression in it, in evaluation order. */
export interface ValidatedMapping {
  config: MappingConfig;
  /** Every expression, by `siteKey` of its path in the mapping as written. */
  sites: Map<string, ExpressionSite>;
  /** Where each entity mapping sits in the mapping as written (a single object is not at `mappings[0]`). */
  mappingPaths: WeakMap<EntityMapping, ValuePath>;
}

/**
 * Checks the shape of a mapping and normalises it. Expressions are only collected here; compiling them (and
 * reporting syntax errors) is the dialects' job.
 */
export function validateMapping(
  source: MappingSource,
  configPath: string,
): ValidatedMapping {
  const sites = new Map<string, ExpressionSite>();
  const mappingPaths = new WeakMap<EntityMapping, ValuePath>();

  const fail = (
    path: ValuePath,
    problem: string,
    at: 'value' | 'key' = 'value',
  ): never => {
    throw new MappingConfigError(formatPath(configPath, path), problem, {
      sourcePosition:
        at === 'key' ? source.keyPositionOf(path) : source.positionOf(path),
      sourceName: source.sourceName,
    });
  };

  const object = (value: unknown, path: ValuePath, allowed: string[]) => {
    if (value === null || typeof value !== 'object' || Array.isArray(value)) {
      return fail(path, `expected an object, got ${describe(value)}`);
    }
    for (const key of Object.keys(value)) {
      if (!allowed.includes(key)) {
        fail(
          [...path, key],
          `unknown key "${key}"; expected one of ${allowed.join(', ')}`,
          'key',
        );
      }
    }
    return value as Record<string, unknown>;
  };

  const bool = (value: unknown, path: ValuePath, fallback: boolean) => {
    if (value === undefined) {
      return fallback;
    }
    if (typeof value !== 'boolean') {
      return fail(path, `expected true or false, got ${describe(value)}`);
    }
    return value;
  };

  const language = (
    value: unknown,
    path: ValuePath,
    fallback: MappingLanguage,
  ): MappingLanguage => {
    if (value === undefined) {
      return fallback;
    }
    if (value !== 'jq' && value !== 'jsonata') {
      return fail(path, `expected "jq" or "jsonata", got ${describe(value)}`);
    }
    return value;
  };

  const expression = (
    value: unknown,
    path: ValuePath,
    field: string,
    lang: MappingLanguage,
    resource: { index: number; kind: string },
  ): string => {
    let text: string;
    if (typeof value === 'string') {
      text = value;
    } else if (typeof value === 'number' || typeof value === 'boolean') {
      // YAML reads an unquoted `query: true` as a boolean; it means the same expression.
      text = JSON.stringify(value);
    } else {
      return fail(
        path,
        `expected an expression (a string), got ${describe(value)}`,
      );
    }
    if (text.trim() === '') {
      return fail(path, 'expected an expression, got an empty string');
    }
    sites.set(siteKey(path), {
      configPath: formatPath(configPath, path),
      field,
      expression: text,
      language: lang,
      resourceIndex: resource.index,
      kind: resource.kind,
      position: offset => source.positionOf(path, offset),
      sourceName: source.sourceName,
    });
    return text;
  };

  const searchQuery = (
    value: Record<string, unknown>,
    path: ValuePath,
    field: string,
    lang: MappingLanguage,
    resource: { index: number; kind: string },
  ): SearchQueryMapping => {
    object(value, path, QUERY_KEYS);
    if (value.combinator === undefined) {
      fail(path, 'a search query needs "combinator" and "rules"');
    }
    const combinator = expression(
      value.combinator,
      [...path, 'combinator'],
      `${field}.combinator`,
      lang,
      resource,
    );
    if (!Array.isArray(value.rules) || value.rules.length === 0) {
      return fail(
        [...path, 'rules'],
        `expected a non-empty list of rules, got ${describe(value.rules)}`,
      );
    }
    const rules = value.rules.map((rule: unknown, i: number) => {
      const rulePath = [...path, 'rules', i];
      const ruleField = `${field}.rules[${i}]`;
      if (rule && typeof rule === 'object' && 'combinator' in rule) {
        return searchQuery(
          rule as Record<string, unknown>,
          rulePath,
          ruleField,
          lang,
          resource,
        );
      }
      const r = object(rule, rulePath, RULE_KEYS);
      const out: SearchRuleMapping = {
        property: '',
        operator: '',
        value: '',
      };
      for (const key of RULE_KEYS) {
        if (r[key] === undefined) {
          fail(rulePath, `a search rule needs "${key}"`);
        }
        out[key as keyof SearchRuleMapping] = expression(
          r[key],
          [...rulePath, key],
          `${ruleField}.${key}`,
          lang,
          resource,
        );
      }
      return out;
    });
    return { combinator, rules };
  };

  const expressionOrQuery = (
    value: unknown,
    path: ValuePath,
    field: string,
    lang: MappingLanguage,
    resource: { index: number; kind: string },
  ): string | SearchQueryMapping => {
    if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
      return searchQuery(
        value as Record<string, unknown>,
        path,
        field,
        lang,
        resource,
      );
    }
    return expression(value, path, field, lang, resource);
  };

  const expressionMap = <T>(
    value: unknown,
    path: ValuePath,
    field: string,
    each: (v: unknown, p: ValuePath, f: string) => T,
  ): Record<string, T> => {
    if (value === undefined) {
      return {};
    }
    if (value === null || typeof value !== 'object' || Array.isArray(value)) {
      return fail(path, `expected an object, got ${describe(value)}`);
    }
    const out: Record<string, T> = {};
    for (const [key, v] of Object.entries(value)) {
      out[key] = each(v, [...path, key], `${field}.${key}`);
    }
    return out;
  };

  const entityMapping = (
    value: unknown,
    path: ValuePath,
    lang: MappingLanguage,
    resource: { index: number; kind: string },
  ): EntityMapping => {
    const m = object(value, path, MAPPING_KEYS);
    for (const key of ['identifier', 'blueprint']) {
      if (m[key] === undefined || m[key] === null) {
        fail(path, `"${key}" is required`);
      }
    }
    const out: EntityMapping = {
      identifier: expressionOrQuery(
        m.identifier,
        [...path, 'identifier'],
        'identifier',
        lang,
        resource,
      ),
      blueprint: expression(
        m.blueprint,
        [...path, 'blueprint'],
        'blueprint',
        lang,
        resource,
      ),
      properties: {},
      relations: {},
    };
    mappingPaths.set(out, path);
    if (m.title !== undefined) {
      out.title = expression(
        m.title,
        [...path, 'title'],
        'title',
        lang,
        resource,
      );
    }
    if (m.icon !== undefined) {
      out.icon = expression(m.icon, [...path, 'icon'], 'icon', lang, resource);
    }
    if (m.team !== undefined) {
      out.team = expressionOrQuery(
        m.team,
        [...path, 'team'],
        'team',
        lang,
        resource,
      );
    }
    out.properties = expressionMap(
      m.properties,
      [...path, 'properties'],
      'properties',
      (v, p, f) => expression(v, p, f, lang, resource),
    );
    out.relations = expressionMap(
      m.relations,
      [...path, 'relations'],
      'relations',
      (v, p, f) => expressionOrQuery(v, p, f, lang, resource),
    );
    return out;
  };

  const resourceConfig = (
    value: unknown,
    path: ValuePath,
    index: number,
    rootLanguage: MappingLanguage,
  ): ResourceConfig => {
    const r = object(value, path, RESOURCE_KEYS);
    if (typeof r.kind !== 'string' || r.kind.trim() === '') {
      fail(
        [...path, 'kind'],
        `expected a Backstage kind, got ${describe(r.kind)}`,
      );
    }
    const kind = r.kind as string;
    const resource = { index, kind };
    const lang = language(r.language, [...path, 'language'], rootLanguage);
    const selectorPath = [...path, 'selector'];
    const selector =
      r.selector === undefined
        ? { query: 'true' }
        : object(r.selector, selectorPath, SELECTOR_KEYS);
    const query = expression(
      selector.query ?? 'true',
      [...selectorPath, 'query'],
      'selector.query',
      lang,
      resource,
    );
    const portPath = [...path, 'port'];
    if (r.port === undefined) {
      fail(path, '"port" is required');
    }
    const port = object(r.port, portPath, PORT_KEYS);
    const entityPath = [...portPath, 'entity'];
    const entity = object(port.entity, entityPath, ['mappings']);
    const mappingsPath = [...entityPath, 'mappings'];
    let mappings: EntityMapping[];
    if (Array.isArray(entity.mappings)) {
      if (entity.mappings.length === 0) {
        fail(mappingsPath, 'expected at least one mapping');
      }
      mappings = entity.mappings.map((m: unknown, i: number) =>
        entityMapping(m, [...mappingsPath, i], lang, resource),
      );
    } else {
      mappings = [entityMapping(entity.mappings, mappingsPath, lang, resource)];
    }
    const out: ResourceConfig = {
      kind,
      language: lang,
      selector: { query },
      port: {
        entity: { mappings },
        itemsToParseName: 'item',
        itemsToParseTopLevelTransform: bool(
          port.itemsToParseTopLevelTransform,
          [...portPath, 'itemsToParseTopLevelTransform'],
          true,
        ),
      },
    };
    if (port.itemsToParse !== undefined) {
      out.port.itemsToParse = expression(
        port.itemsToParse,
        [...portPath, 'itemsToParse'],
        'itemsToParse',
        lang,
        resource,
      );
    }
    if (port.itemsToParseName !== undefined) {
      const name = port.itemsToParseName;
      if (typeof name !== 'string' || !/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) {
        fail(
          [...portPath, 'itemsToParseName'],
          `expected a key name (letters, digits, _), got ${describe(name)}`,
        );
      }
      out.port.itemsToParseName = name as string;
    }
    return out;
  };

  const root = object(source.value, [], ROOT_KEYS);
  const threshold = root.entityDeletionThreshold;
  if (
    threshold !== undefined &&
    (typeof threshold !== 'number' || !(threshold >= 0 && threshold <= 1))
  ) {
    fail(
      ['entityDeletionThreshold'],
      `expected a number from 0 to 1, got ${describe(threshold)}`,
    );
  }
  const rootLanguage = language(root.language, ['language'], 'jq');
  if (root.resources !== undefined && !Array.isArray(root.resources)) {
    fail(['resources'], `expected a list, got ${describe(root.resources)}`);
  }
  const resources = ((root.resources ?? []) as unknown[]).map((r, i) =>
    resourceConfig(r, ['resources', i], i, rootLanguage),
  );

  return {
    config: {
      createMissingRelatedEntities: bool(
        root.createMissingRelatedEntities,
        ['createMissingRelatedEntities'],
        ROOT_DEFAULTS.createMissingRelatedEntities,
      ),
      deleteDependentEntities: bool(
        root.deleteDependentEntities,
        ['deleteDependentEntities'],
        ROOT_DEFAULTS.deleteDependentEntities,
      ),
      enableMergeEntity: bool(
        root.enableMergeEntity,
        ['enableMergeEntity'],
        ROOT_DEFAULTS.enableMergeEntity,
      ),
      entityDeletionThreshold:
        (threshold as number | undefined) ??
        ROOT_DEFAULTS.entityDeletionThreshold,
      language: rootLanguage,
      resources,
    },
    sites,
    mappingPaths,
  };
}

function describe(value: unknown): string {
  if (value === undefined) {
    return 'nothing';
  }
  if (value === null) {
    return 'null';
  }
  if (Array.isArray(value)) {
    return 'a list';
  }
  if (typeof value === 'object') {
    return 'an object';
  }
  return `${typeof value} ${JSON.stringify(value)}`;
}
