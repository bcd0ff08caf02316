import { ExpressionSite, siteKey } from '../config/ExpressionSite';
import { ValuePath } from '../config/readMappingSource';
import { ValidatedMapping } from '../config/validateMapping';
import {
  EntityMapping,
  FieldError,
  ResourceConfig,
  SearchQueryMapping,
} from '../types';
import { Expression } from './Expression';
import { leadingPath } from './itemsToParse';

/** One expression with what a field error needs to name it. */
export interface Leaf {
  site: ExpressionSite;
  expression: Expression;
}

/**
 * How leaf values are put back together: a search query is an object whose leaves are expressions, so a value is
 * either one leaf or an object/array of shapes.
 */
export type Shape =
  | { leaf: number }
  | { object: Array<[string, Shape]> }
  | { array: Shape[] };

export interface CompiledEntityMapping {
  leaves: Leaf[];
  identifier: Shape;
  blueprint: Shape;
  title?: Shape;
  icon?: Shape;
  team?: Shape;
  properties: Array<[string, Shape]>;
  relations: Array<[string, Shape]>;
}

export interface CompiledResource {
  index: number;
  kind: string;
  isSync: boolean;
  selector: Leaf;
  itemsToParse?: Leaf;
  itemsToParseName: string;
  /** The path removed from the parent before an item is merged in, when the top-level transform is on. */
  itemsParentPath?: string[];
  mappings: CompiledEntityMapping[];
  /** Whether any expression reads `$definition`, which is only parsed then. */
  usesDefinition: boolean;
}

export function compileResource(
  resource: ResourceConfig,
  index: number,
  validated: ValidatedMapping,
  expressions: Map<string, Expression>,
): CompiledResource {
  const leafAt = (path: ValuePath): Leaf => {
    const key = siteKey(path);
    const site = validated.sites.get(key);
    const expression = expressions.get(key);
    if (!site || !expression) {
      throw new Error(
        `internal: no compiled expression at ${path.join(
          '.',
        )}; the config was changed after parsing`,
      );
    }
    return { site, expression };
  };
  const resourcePath = ['resources', index];
  const itemsToParse = resource.port.itemsToParse;
  const prefix = `${siteKey(resourcePath)}\u0000`;
  const usesDefinition = [...validated.sites.entries()].some(
    ([key, site]) =>
      key.startsWith(prefix) && site.expression.includes('$definition'),
  );
  return {
    usesDefinition,
    index,
    kind: resource.kind,
    isSync: resource.language === 'jq',
    selector: leafAt([...resourcePath, 'selector', 'query']),
    itemsToParse:
      itemsToParse !== undefined
        ? leafAt([...resourcePath, 'port', 'itemsToParse'])
        : undefined,
    itemsToParseName: resource.port.itemsToParseName,
    itemsParentPath:
      itemsToParse !== undefined && resource.port.itemsToParseTopLevelTransform
        ? leadingPath(itemsToParse, resource.language)
        : undefined,
    mappings: resource.port.entity.mappings.map(mapping =>
      compileEntityMapping(
        mapping,
        validated.mappingPaths.get(mapping) ?? [],
        leafAt,
      ),
    ),
  };
}

function compileEntityMapping(
  mapping: EntityMapping,
  path: ValuePath,
  leafAt: (path: ValuePath) => Leaf,
): CompiledEntityMapping {
  const leaves: Leaf[] = [];
  const shape = (value: string | SearchQueryMapping, at: ValuePath): Shape => {
    if (typeof value === 'string') {
      leaves.push(leafAt(at));
      return { leaf: leaves.length - 1 };
    }
    return {
      object: [
        ['combinator', shape(value.combinator, [...at, 'combinator'])],
        [
          'rules',
          {
            array: value.rules.map((rule, i) =>
              'combinator' in rule
                ? shape(rule, [...at, 'rules', i])
                : {
                    object: (['property', 'operator', 'value'] as const).map(
                      (k): [string, Shape] => [
                        k,
                        shape(rule[k], [...at, 'rules', i, k]),
                      ],
                    ),
                  },
            ),
          },
        ],
      ],
    };
  };
  const optional = (key: 'title' | 'icon' | 'team') => {
    const value = mapping[key];
    return value === undefined ? undefined : shape(value, [...path, key]);
  };
  const entries = (key: 'properties' | 'relations'): Array<[string, Shape]> =>
    Object.entries(mapping[key]).map(([name, value]) => [
      name,
      shape(value, [...path, key, name]),
    ]);
  return {
    leaves,
    identifier: shape(mapping.identifier, [...path, 'identifier']),
    blueprint: shape(mapping.blueprint, [...path, 'blueprint']),
    title: optional('title'),
    icon: optional('icon'),
    team: optional('team'),
    properties: entries('properties'),
    relations: entries('relations'),
  };
}

/** Puts leaf values back into the shape of the mapping. */
export function build(shape: Shape, values: unknown[]): unknown {
  if ('leaf' in shape) {
    return values[shape.leaf];
  }
  if ('array' in shape) {
    return shape.array.map(s => build(s, values));
  }
  const out: Record<string, unknown> = {};
  for (const [key, s] of shape.object) {
    out[key] = build(s, values);
  }
  return out;
}

export function fieldError(leaf: Leaf, message: string): FieldError {
  const error: FieldError = {
    resourceIndex: leaf.site.resourceIndex,
    kind: leaf.site.kind,
    field: leaf.site.field,
    expression: leaf.site.expression,
    message,
  };
  const position = leaf.site.position();
  if (position) {
    error.position = { ...position, sourceName: leaf.site.sourceName };
  }
  return error;
}
