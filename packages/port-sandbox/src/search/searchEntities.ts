import { invalid } from '../api/PortApiError';
import { CatalogStore } from '../store/CatalogStore';
import { EntityRecord, entityKey, relationTargets } from '../store/records';
import { fieldOf } from './fieldOf';
import { isRangeValue, operatorTest } from './operators';

export interface SearchQuery {
  combinator: 'and' | 'or';
  rules: unknown[];
}

type Predicate = (entity: EntityRecord) => boolean;

/**
 * Runs a Port search query (port-api-notes §1.3). Candidates come from the indexes
 * when the top level is an `and` with `$identifier` (`=`/`in`) or `$blueprint` (`=`)
 * rules, so Ocean's diff query costs O(ids); every rule is still checked on each
 * candidate.
 */
export function searchEntities(
  store: CatalogStore,
  query: SearchQuery,
  now = Date.now(),
): EntityRecord[] {
  const predicate = compileQuery(store, query, now);
  const results: EntityRecord[] = [];
  for (const entity of candidates(store, query)) {
    if (predicate(entity)) results.push(entity);
  }
  return results;
}

function compileQuery(
  store: CatalogStore,
  query: unknown,
  now: number,
): Predicate {
  if (!isObject(query) || !Array.isArray(query.rules)) {
    throw invalid('A search query needs "combinator" and "rules"');
  }
  const { combinator } = query;
  if (combinator !== 'and' && combinator !== 'or') {
    throw invalid(`Unknown combinator "${String(combinator)}"`);
  }
  const predicates = query.rules.map(rule => compileRule(store, rule, now));
  return combinator === 'and'
    ? entity => predicates.every(predicate => predicate(entity))
    : entity => predicates.some(predicate => predicate(entity));
}

function compileRule(
  store: CatalogStore,
  rule: unknown,
  now: number,
): Predicate {
  if (!isObject(rule)) throw invalid('Each search rule must be an object');
  if ('combinator' in rule) return compileQuery(store, rule, now);
  const operator = rule.operator;
  if (typeof operator !== 'string')
    throw invalid('A search rule needs an "operator"');
  if (operator === 'relatedTo') return compileRelatedTo(store, rule);
  const test = operatorTest(
    operator === '=' && isRangeValue(rule.value) ? 'between' : operator,
  );
  if (isObject(rule.propertySchema)) {
    const schema = rule.propertySchema;
    return entity => {
      const properties =
        store.findBlueprint(entity.blueprint)?.schema.properties ?? {};
      return Object.entries(properties).some(
        ([name, definition]) =>
          definition.type === schema.type &&
          (schema.format === undefined ||
            definition.format === schema.format) &&
          test(entity.properties[name], rule.value, now),
      );
    };
  }
  if (typeof rule.property !== 'string') {
    throw invalid('A search rule needs a "property" or a "propertySchema"');
  }
  const property = rule.property;
  return entity => test(fieldOf(entity, property), rule.value, now);
}

/**
 * `upstream`: entities the given ones point at; `downstream`: entities pointing at
 * them; no direction: both. Direct relations only (README: assumed).
 */
function compileRelatedTo(
  store: CatalogStore,
  rule: Record<string, unknown>,
): Predicate {
  const { blueprint, value, direction } = rule;
  if (typeof blueprint !== 'string')
    throw invalid('relatedTo needs a "blueprint"');
  const identifiers = typeof value === 'string' ? [value] : value;
  if (!Array.isArray(identifiers))
    throw invalid('relatedTo needs an identifier value');
  if (
    direction !== undefined &&
    direction !== 'upstream' &&
    direction !== 'downstream'
  ) {
    throw invalid(`Unknown relatedTo direction "${String(direction)}"`);
  }
  const related = new Set<string>();
  for (const identifier of identifiers) {
    const entity = store.findEntity(blueprint, String(identifier));
    if (!entity) continue;
    if (direction !== 'downstream') {
      const definitions = store.findBlueprint(blueprint)?.relations ?? {};
      for (const [name, target] of Object.entries(entity.relations)) {
        const targetBlueprint = definitions[name]?.target;
        if (!targetBlueprint) continue;
        for (const id of relationTargets(target))
          related.add(entityKey(targetBlueprint, id));
      }
    }
    if (direction !== 'upstream') {
      for (const source of store.sourcesOf(blueprint, entity.identifier)) {
        related.add(entityKey(source.blueprint, source.identifier));
      }
    }
  }
  return entity => related.has(entityKey(entity.blueprint, entity.identifier));
}

function candidates(
  store: CatalogStore,
  query: SearchQuery,
): Iterable<EntityRecord> {
  if (query.combinator !== 'and') return store.allEntities();
  let identifiers: string[] | undefined;
  let blueprint: string | undefined;
  for (const rule of query.rules) {
    if (!isObject(rule)) continue;
    if (rule.property === '$identifier') {
      if (rule.operator === 'in' && Array.isArray(rule.value)) {
        identifiers = rule.value.filter(
          (v): v is string => typeof v === 'string',
        );
      } else if (rule.operator === '=' && typeof rule.value === 'string') {
        identifiers = [rule.value];
      }
    } else if (
      rule.property === '$blueprint' &&
      rule.operator === '=' &&
      typeof rule.value === 'string'
    ) {
      blueprint = rule.value;
    }
  }
  if (identifiers) {
    const found: EntityRecord[] = [];
    for (const identifier of new Set(identifiers)) {
      if (blueprint === undefined) {
        found.push(...store.entitiesWithIdentifier(identifier));
      } else {
        const entity = store.findEntity(blueprint, identifier);
        if (entity) found.push(entity);
      }
    }
    return found;
  }
  if (blueprint !== undefined) return store.entitiesOf(blueprint);
  return store.allEntities();
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
