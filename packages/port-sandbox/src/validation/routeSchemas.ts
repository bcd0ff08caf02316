import Ajv, { ValidateFunction } from 'ajv';
import { invalid } from '../api/PortApiError';

/**
 * Request body schemas of the emulated routes, decoded from Port's OpenAPI
 * (port-api-notes §1.2–§1.5, §2). A body that fails one gets Port's documented 422
 * "The json provided does not match the route's schema".
 */

export const ENTITY_IDENTIFIER_PATTERN =
  '^(?!\\.{1,2}$)[\\p{L}0-9@_.+:\\\\/=-]+$';
const BLUEPRINT_IDENTIFIER_PATTERN = '^(?!\\.{1,2}$)[\\p{L}0-9@_.+:\\\\/-]+$';
const FIELD_IDENTIFIER_PATTERN = '^[A-Za-z0-9@_=\\-]+$';

const entityIdentifier = {
  type: 'string',
  pattern: ENTITY_IDENTIFIER_PATTERN,
  minLength: 1,
  maxLength: 1000,
};
const searchQuery = {
  type: 'object',
  required: ['combinator', 'rules'],
  properties: {
    combinator: { enum: ['and', 'or'] },
    rules: { type: 'array' },
  },
};

const entity = {
  type: 'object',
  properties: {
    identifier: { anyOf: [entityIdentifier, searchQuery] },
    title: { type: ['string', 'null'] },
    icon: { type: ['string', 'null'] },
    team: {
      anyOf: [
        { type: ['string', 'null'] },
        { type: 'array', items: { type: 'string' } },
        searchQuery,
      ],
    },
    properties: { type: 'object' },
    relations: {
      type: 'object',
      additionalProperties: {
        anyOf: [
          { type: 'null' },
          entityIdentifier,
          { type: 'array', items: entityIdentifier },
          searchQuery,
        ],
      },
    },
  },
};

const relationDefinition = {
  type: 'object',
  required: ['target'],
  properties: {
    target: { type: 'string' },
    required: { type: 'boolean' },
    many: { type: 'boolean' },
    title: { type: 'string' },
    description: { type: 'string' },
  },
};

const blueprintFields = {
  identifier: {
    type: 'string',
    pattern: BLUEPRINT_IDENTIFIER_PATTERN,
    minLength: 1,
    maxLength: 100,
  },
  title: { type: 'string', minLength: 1, maxLength: 100 },
  description: { type: 'string', maxLength: 200 },
  icon: { type: 'string' },
  schema: {
    type: 'object',
    required: ['properties'],
    properties: {
      properties: {
        type: 'object',
        propertyNames: { pattern: FIELD_IDENTIFIER_PATTERN, maxLength: 100 },
        additionalProperties: { type: 'object' },
      },
      required: { type: 'array', items: { type: 'string' } },
    },
  },
  relations: {
    type: 'object',
    propertyNames: { pattern: FIELD_IDENTIFIER_PATTERN, maxLength: 100 },
    additionalProperties: relationDefinition,
  },
};

const schemas = {
  accessToken: {
    type: 'object',
    required: ['clientId', 'clientSecret'],
    additionalProperties: false,
    properties: {
      clientId: { type: 'string' },
      clientSecret: { type: 'string' },
    },
  },
  blueprintCreate: {
    type: 'object',
    required: ['identifier', 'title', 'schema'],
    properties: blueprintFields,
  },
  blueprintPatch: { type: 'object', properties: blueprintFields },
  entity: { ...entity, required: ['identifier'] },
  entityPatch: entity,
  bulkUpsert: {
    type: 'object',
    required: ['entities'],
    properties: {
      entities: {
        type: 'array',
        minItems: 1,
        maxItems: 20,
        items: { type: 'object' },
      },
    },
  },
  bulkDelete: {
    type: 'object',
    required: ['entities'],
    properties: {
      entities: {
        type: 'array',
        minItems: 1,
        maxItems: 100,
        items: { type: 'string' },
      },
    },
  },
  search: searchQuery,
  datasourceEntities: {
    type: 'object',
    required: ['datasource_prefix'],
    properties: {
      datasource_prefix: { type: 'string' },
      datasource_suffix: { type: 'string' },
      limit: { type: 'integer', minimum: 1, maximum: 5000 },
      before: { type: 'string', format: 'date-time' },
      from: { type: ['string', 'null'] },
    },
  },
  integrationCreate: {
    type: 'object',
    required: ['installationId'],
    properties: {
      installationId: { type: 'string', pattern: BLUEPRINT_IDENTIFIER_PATTERN },
      installationAppType: { type: 'string' },
      version: { type: 'string' },
      config: { type: 'object' },
      changelogDestination: { type: 'object' },
    },
  },
  integrationPatch: {
    type: 'object',
    properties: {
      installationAppType: { type: 'string' },
      version: { type: 'string' },
      config: { type: 'object' },
      changelogDestination: { type: 'object' },
    },
  },
  integrationConfig: {
    type: 'object',
    required: ['config'],
    properties: { config: { type: 'object' } },
  },
  resyncState: {
    type: 'object',
    required: ['status'],
    properties: {
      status: { enum: ['running', 'completed', 'failed', 'aborted'] },
      lastResyncStart: { type: ['string', 'null'] },
      lastResyncEnd: { type: ['string', 'null'] },
      nextResync: { type: ['string', 'null'] },
      intervalInMinuets: { type: ['number', 'null'] },
    },
  },
  faultConfig: {
    type: 'object',
    required: ['rules'],
    additionalProperties: false,
    properties: {
      rules: {
        type: 'array',
        items: {
          type: 'object',
          additionalProperties: false,
          properties: {
            method: { type: 'string' },
            path: { type: 'string', format: 'regex' },
            status: { enum: [429, 500, 502, 503, 504] },
            rate: { type: 'number', minimum: 0, maximum: 1 },
            times: { type: 'integer', minimum: 0 },
            latencyMs: { type: 'integer', minimum: 0 },
            drop: { type: 'boolean' },
            retryAfterSeconds: { type: 'integer', minimum: 0 },
          },
        },
      },
    },
  },
  rateLimit: {
    type: 'object',
    required: ['rateLimit'],
    properties: {
      rateLimit: {
        anyOf: [
          { type: 'boolean' },
          {
            type: 'object',
            additionalProperties: false,
            properties: {
              entityRequests: { type: 'integer', minimum: 0 },
              otherRequests: { type: 'integer', minimum: 0 },
              windowSeconds: { type: 'integer', minimum: 1 },
            },
          },
        ],
      },
    },
  },
  rawExamples: {
    type: 'object',
    required: ['examples'],
    properties: { examples: { type: 'array' } },
  },
};

export type RouteSchemaName = keyof typeof schemas;

const ajv = new Ajv({
  strict: true,
  strictTypes: false,
  allowUnionTypes: true,
});
ajv.addFormat('date-time', {
  type: 'string',
  validate: (value: string) => !Number.isNaN(Date.parse(value)),
});
ajv.addFormat('regex', {
  type: 'string',
  validate: (value: string) => {
    try {
      RegExp(value);
      return true;
    } catch {
      return false;
    }
  },
});
const validators = Object.fromEntries(
  Object.entries(schemas).map(([name, schema]) => [name, ajv.compile(schema)]),
) as Record<RouteSchemaName, ValidateFunction>;

/** Narrows `body` to T after checking it against the named route schema. */
export function checkBody<T>(name: RouteSchemaName, body: unknown): T {
  const validate = validators[name];
  if (!validate(body)) {
    const detail = ajv.errorsText(validate.errors, { dataVar: 'body' });
    throw invalid(
      `The json provided does not match the route's schema: ${detail}`,
    );
  }
  return body as T;
}
