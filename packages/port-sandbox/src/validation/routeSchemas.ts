import Ajv, { ValidateFunction } from 'ajv';
import { invalid } from '../api/PortApiError';

/**
 * Body schemas of the routes Port's served spec (`spec/apispec.json`) does not
 * cover: Ocean's integration routes and the sandbox's own `/_sandbox` controls.
 * Every route the spec covers is validated against the spec itself
 * (`src/api/specContract.ts`). A body that fails one gets Port's 422
 * "The json provided does not match the route's schema".
 */

const BLUEPRINT_IDENTIFIER_PATTERN = '^(?!\\.{1,2}$)[\\p{L}0-9@_.+:\\\\/-]+$';

const schemas = {
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
  /**
   * `POST /v1/integration` as last published in port-docs (static/apispec.yaml at
   * 8ccb17d0aad9b2f6e07d732a14cca50dbd6cb2ab, 2025-07-01); later snapshots drop the route.
   */
  integrationCreate: {
    type: 'object',
    required: ['installationId'],
    additionalProperties: false,
    properties: {
      installationId: {
        type: 'string',
        minLength: 1,
        pattern: BLUEPRINT_IDENTIFIER_PATTERN,
      },
      title: { type: 'string' },
      installationAppType: { type: 'string' },
      version: { type: 'string' },
      config: { type: 'object' },
      // Published as Kafka-or-webhook; Ocean sends `{}` when none is configured.
      changelogDestination: { type: 'object' },
    },
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
  credentials: {
    type: 'object',
    additionalProperties: false,
    properties: { role: { enum: ['admin', 'moderator', 'member'] } },
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
