import { MappingResult, PortEntity } from '../types';
import {
  build,
  CompiledEntityMapping,
  CompiledResource,
  fieldError,
  Leaf,
} from './compileResource';
import { withoutPath } from './itemsToParse';
import { MappingVariables } from './Expression';
import { fromYaml } from './fromYaml';

const NO_VARIABLES: MappingVariables = Object.freeze({ definition: null });

function variablesFor(
  resource: CompiledResource,
  input: unknown,
): MappingVariables {
  if (!resource.usesDefinition) {
    return NO_VARIABLES;
  }
  const spec = (input as { spec?: { definition?: unknown } }).spec;
  return { definition: fromYaml(spec?.definition) };
}

/**
 * Ocean's wrapper semantics for one resource and one (already identified) entity: the selector must give a boolean;
 * with `itemsToParse`, each item of the array is merged into the entity under `itemsToParseName` and mapped on its own;
 * every leaf gives its first output, and a leaf with no output or a runtime error gives `null` and a field error;
 * an entity whose identifier or blueprint is empty is dropped and counted.
 */
export function applyResourceSync(
  resource: CompiledResource,
  entity: unknown,
  result: MappingResult,
): void {
  let inputs: unknown[] = [entity];
  if (resource.itemsToParse) {
    inputs = expandItems(
      resource,
      entity,
      evalSync(
        resource.itemsToParse,
        entity,
        variablesFor(resource, entity),
        result,
      ),
      result,
    );
  }
  for (const input of inputs) {
    const vars = variablesFor(resource, input);
    const selected = evalSelectorSync(resource.selector, input, vars, result);
    if (!selected) {
      continue;
    }
    for (const mapping of resource.mappings) {
      const values = mapping.leaves.map(leaf =>
        evalSync(leaf, input, vars, result),
      );
      assemble(resource, mapping, values, result);
    }
  }
}

export async function applyResourceAsync(
  resource: CompiledResource,
  entity: unknown,
  result: MappingResult,
): Promise<void> {
  if (resource.isSync) {
    applyResourceSync(resource, entity, result);
    return;
  }
  let inputs: unknown[] = [entity];
  if (resource.itemsToParse) {
    inputs = expandItems(
      resource,
      entity,
      await evalAsync(
        resource.itemsToParse,
        entity,
        variablesFor(resource, entity),
        result,
      ),
      result,
    );
  }
  for (const input of inputs) {
    const vars = variablesFor(resource, input);
    let selected: unknown;
    try {
      selected = await resource.selector.expression.firstAsync(input, vars);
    } catch (error) {
      result.errors.push(fieldError(resource.selector, messageOf(error)));
      continue;
    }
    if (!checkSelector(resource.selector, selected, result)) {
      continue;
    }
    for (const mapping of resource.mappings) {
      const values = await Promise.all(
        mapping.leaves.map(leaf => evalAsync(leaf, input, vars, result)),
      );
      assemble(resource, mapping, values, result);
    }
  }
}

function evalSync(
  leaf: Leaf,
  input: unknown,
  vars: MappingVariables,
  result: MappingResult,
): unknown {
  let value: unknown;
  try {
    value = leaf.expression.first!(input, vars);
  } catch (error) {
    result.errors.push(fieldError(leaf, messageOf(error)));
    return null;
  }
  if (value === undefined) {
    result.errors.push(fieldError(leaf, 'the expression gave no output'));
    return null;
  }
  return value;
}

async function evalAsync(
  leaf: Leaf,
  input: unknown,
  vars: MappingVariables,
  result: MappingResult,
): Promise<unknown> {
  let value: unknown;
  try {
    value = await leaf.expression.firstAsync(input, vars);
  } catch (error) {
    result.errors.push(fieldError(leaf, messageOf(error)));
    return null;
  }
  if (value === undefined) {
    result.errors.push(fieldError(leaf, 'the expression gave no output'));
    return null;
  }
  return value;
}

/** Ocean raises for a selector that fails or is not boolean, which drops the entity; here it is a field error. */
function evalSelectorSync(
  leaf: Leaf,
  input: unknown,
  vars: MappingVariables,
  result: MappingResult,
): boolean {
  let value: unknown;
  try {
    value = leaf.expression.first!(input, vars);
  } catch (error) {
    result.errors.push(fieldError(leaf, messageOf(error)));
    return false;
  }
  return checkSelector(leaf, value, result);
}

function checkSelector(
  leaf: Leaf,
  value: unknown,
  result: MappingResult,
): boolean {
  if (typeof value === 'boolean') {
    return value;
  }
  result.errors.push(
    fieldError(
      leaf,
      `the selector must give true or false, got ${
        value === undefined ? 'no output' : JSON.stringify(value)
      }`,
    ),
  );
  return false;
}

function expandItems(
  resource: CompiledResource,
  entity: unknown,
  items: unknown,
  result: MappingResult,
): unknown[] {
  if (!Array.isArray(items)) {
    if (items !== null) {
      result.errors.push(
        fieldError(
          resource.itemsToParse!,
          `itemsToParse must give a list, got ${typeof items}`,
        ),
      );
    }
    return [];
  }
  const parent = resource.itemsParentPath
    ? withoutPath(entity, resource.itemsParentPath)
    : entity;
  return items.map(item => ({
    ...(parent as Record<string, unknown>),
    [resource.itemsToParseName]: item,
  }));
}

function assemble(
  resource: CompiledResource,
  mapping: CompiledEntityMapping,
  values: unknown[],
  result: MappingResult,
): void {
  const identifier = build(mapping.identifier, values);
  const blueprint = build(mapping.blueprint, values);
  if (!truthy(identifier) || !truthy(blueprint)) {
    result.skipped++;
    return;
  }
  const entity: PortEntity = {
    blueprint: blueprint as string,
    identifier: identifier as PortEntity['identifier'],
    properties: {},
    relations: {},
    resourceIndex: resource.index,
  };
  if (mapping.title) {
    entity.title = build(mapping.title, values);
  }
  if (mapping.icon) {
    entity.icon = build(mapping.icon, values);
  }
  if (mapping.team) {
    entity.team = build(mapping.team, values);
  }
  for (const [key, shape] of mapping.properties) {
    entity.properties[key] = build(shape, values);
  }
  for (const [key, shape] of mapping.relations) {
    entity.relations[key] = build(shape, values);
  }
  result.entities.push(entity);
}

/** Python's truthiness, which Ocean applies to identifier and blueprint. */
function truthy(value: unknown): boolean {
  if (Array.isArray(value)) {
    return value.length > 0;
  }
  if (value !== null && typeof value === 'object') {
    return Object.keys(value).length > 0;
  }
  return Boolean(value);
}

/** jq throws Errors; JSONata throws plain objects with a `message`. */
function messageOf(error: unknown): string {
  const message = (error as { message?: unknown } | null)?.message;
  return typeof message === 'string' ? message : String(error);
}
