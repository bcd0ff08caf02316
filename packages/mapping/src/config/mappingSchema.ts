import { z } from 'zod';

/** Ocean's defaults for the root flags (`PortAppConfig` in port_ocean). */
export const ROOT_DEFAULTS = {
  createMissingRelatedEntities: true,
  deleteDependentEntities: true,
  enableMergeEntity: true,
  entityDeletionThreshold: 0.9,
} as const;

/** An object that names each key it does not know, with the keys it does. */
function strictObject<T extends z.ZodRawShape>(shape: T) {
  return z
    .object(shape)
    .strict(`expected one of ${Object.keys(shape).join(', ')}`);
}

/**
 * A jq or JSONata expression. YAML reads an unquoted `query: true` as a boolean; it means the same expression, so
 * numbers and booleans are taken as their JSON text.
 */
const expression = z.unknown().transform((value, ctx): string => {
  let text: string | undefined;
  if (typeof value === 'string') text = value;
  else if (typeof value === 'number' || typeof value === 'boolean') {
    text = JSON.stringify(value);
  }
  if (text === undefined) {
    ctx.addIssue({
      code: z.ZodIssueCode.custom,
      message: `expected an expression (a string), got ${describe(value)}`,
    });
    return z.NEVER;
  }
  if (text.trim() === '') {
    ctx.addIssue({
      code: z.ZodIssueCode.custom,
      message: 'expected an expression, got an empty string',
    });
    return z.NEVER;
  }
  return text;
});

const searchRule = strictObject({
  property: expression,
  operator: expression,
  value: expression,
});

export type SearchQueryInput = {
  combinator: string;
  rules: Array<SearchQueryInput | z.output<typeof searchRule>>;
};

const searchQuery: z.ZodType<SearchQueryInput, z.ZodTypeDef, unknown> = z.lazy(
  () =>
    strictObject({
      combinator: expression,
      rules: z
        .array(z.union([searchQuery, searchRule]))
        .min(1, 'expected a non-empty list of rules'),
    }),
);

const expressionOrQuery = z.union([searchQuery, expression]);

const entityMapping = strictObject({
  identifier: expressionOrQuery,
  title: expression.optional(),
  icon: expression.optional(),
  blueprint: expression,
  team: expressionOrQuery.optional(),
  properties: z
    .record(expression, { invalid_type_error: 'expected an object' })
    .default({}),
  relations: z
    .record(expressionOrQuery, { invalid_type_error: 'expected an object' })
    .default({}),
});

const language = z.enum(['jq', 'jsonata'], {
  errorMap: () => ({ message: 'expected "jq" or "jsonata"' }),
});

const flag = z.boolean({ invalid_type_error: 'expected true or false' });

const resource = strictObject({
  kind: z
    .string({ invalid_type_error: 'expected a Backstage kind' })
    .regex(/\S/, 'expected a Backstage kind'),
  language: language.optional(),
  // Ocean's selector also has `exportEnvVariables`, used only by Port's server-side processing; accepted, unused.
  selector: strictObject({
    query: expression.default('true'),
    exportEnvVariables: z.unknown().optional(),
  }).default({}),
  port: strictObject({
    entity: strictObject({
      mappings: z.union([
        z.array(entityMapping).min(1, 'expected at least one mapping'),
        entityMapping,
      ]),
    }),
    itemsToParse: expression.optional(),
    itemsToParseName: z
      .string({
        invalid_type_error: 'expected a key name (letters, digits, _)',
      })
      .regex(
        /^[A-Za-z_][A-Za-z0-9_]*$/,
        'expected a key name (letters, digits, _)',
      )
      .default('item'),
    itemsToParseTopLevelTransform: flag.default(true),
  }),
});

const threshold = 'expected a number from 0 to 1';

/**
 * Port's mapping format, as Ocean reads it (`PortAppConfig` and `ResourceConfig` in port_ocean), with Ocean's
 * defaults. Each message is phrased to follow `<config path>: `; `parseMappingSource` adds what was found.
 */
export const mappingSchema = strictObject({
  createMissingRelatedEntities: flag.default(
    ROOT_DEFAULTS.createMissingRelatedEntities,
  ),
  deleteDependentEntities: flag.default(ROOT_DEFAULTS.deleteDependentEntities),
  enableMergeEntity: flag.default(ROOT_DEFAULTS.enableMergeEntity),
  entityDeletionThreshold: z
    .number({ invalid_type_error: threshold })
    .min(0, threshold)
    .max(1, threshold)
    .default(ROOT_DEFAULTS.entityDeletionThreshold),
  language: language.default('jq'),
  resources: z
    .array(resource, { invalid_type_error: 'expected a list' })
    .default([]),
});

export type ParsedMapping = z.output<typeof mappingSchema>;
export type ParsedResource = z.output<typeof resource>;
export type ParsedEntityMapping = z.output<typeof entityMapping>;

/** A value as messages name it: `nothing`, `a list`, `string "yes"`. */
export function describe(value: unknown): string {
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
