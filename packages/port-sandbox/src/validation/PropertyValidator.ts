import Ajv, { ErrorObject, ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import { invalid } from '../api/PortApiError';
import { BlueprintRecord } from '../store/records';

/**
 * Port's formats that JSON Schema does not define (port-api-notes §1.4). Their
 * exact rules are not documented, so any string passes (README: assumed).
 */
const PORT_ONLY_FORMATS = [
  'markdown',
  'yaml',
  'user',
  'blueprints',
  'team',
  'proto',
  'labeled-url',
  'idn-email',
];

/**
 * Validates entity properties against a blueprint's schema with ajv, compiling each
 * blueprint once per version. Port's schema keywords that JSON Schema lacks (`spec`,
 * `icon`, ...) are ignored rather than rejected (ajv `strict: false`).
 */
export class PropertyValidator {
  private readonly ajv: Ajv;
  private readonly compiled = new Map<
    string,
    { updatedAt: string; validate: ValidateFunction }
  >();

  constructor() {
    this.ajv = new Ajv({ strict: false, allErrors: false });
    addFormats(this.ajv);
    for (const format of PORT_ONLY_FORMATS) this.ajv.addFormat(format, true);
    // A timer property holds the moment it expires (used by isExpired).
    this.ajv.addFormat('timer', this.ajv.formats['date-time']!);
  }

  /** Throws a 422 when the blueprint's property schema is not valid JSON Schema. */
  checkSchema(schema: BlueprintRecord['schema']): void {
    try {
      this.ajv.compile(toJsonSchema(schema));
    } catch (error) {
      throw invalid(
        `Blueprint schema is invalid: ${(error as Error).message}`,
        'invalid_blueprint',
      );
    }
  }

  validate(
    blueprint: BlueprintRecord,
    properties: Record<string, unknown>,
  ): void {
    let entry = this.compiled.get(blueprint.identifier);
    if (!entry || entry.updatedAt !== blueprint.updatedAt) {
      entry = {
        updatedAt: blueprint.updatedAt,
        validate: this.ajv.compile(toJsonSchema(blueprint.schema)),
      };
      this.compiled.set(blueprint.identifier, entry);
    }
    if (!entry.validate(properties)) {
      throw invalid(
        `Entity properties do not match blueprint "${
          blueprint.identifier
        }": ${describe(entry.validate.errors ?? [])}`,
        'invalid_entity',
      );
    }
  }
}

function toJsonSchema(
  schema: BlueprintRecord['schema'],
): Record<string, unknown> {
  return {
    type: 'object',
    properties: schema.properties ?? {},
    required: schema.required ?? [],
  };
}

function describe(errors: ErrorObject[]): string {
  return errors
    .map(
      error =>
        `properties${error.instancePath.replace(/\//g, '.')} ${error.message}`,
    )
    .join('; ');
}
