import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import Ajv2020, { ValidateFunction } from 'ajv/dist/2020';
import addFormats from 'ajv-formats';

/** One operation of Port's served spec that a request matched. */
export interface SpecMatch {
  /** The spec's path template, e.g. `/v1/blueprints/{identifier}`. */
  template: string;
  method: string;
  pathParams: Record<string, string>;
}

interface SpecDocument {
  paths: Record<string, Record<string, SpecOperation>>;
}

interface SpecParameter {
  in: string;
  name: string;
  required?: boolean;
  schema?: object;
}

interface SpecOperation {
  parameters?: SpecParameter[];
  requestBody?: {
    required?: boolean;
    content?: Record<string, { schema?: object }>;
  };
  responses?: Record<string, { content?: Record<string, { schema?: object }> }>;
}

const SPEC_ID = 'port-apispec';

/**
 * The spec's entity schema in responses is its request schema with
 * `additionalProperties: false`, yet Port returns these meta-properties (Ocean
 * asks search for `blueprint` and reads it back); they are the one gap the
 * response check allows.
 */
const ENTITY_META_KEYS = new Set([
  'blueprint',
  'createdAt',
  'createdBy',
  'updatedAt',
  'updatedBy',
]);
const JSON_TYPE = 'application/json';

/**
 * Port's served OpenAPI 3.1 document (`spec/apispec.json`, see
 * `spec/provenance.json`) as a request router and validators. OpenAPI 3.1
 * schemas are JSON Schema 2020-12, so ajv's 2020 dialect applies them as Port
 * publishes them; each operation's validators compile on first use.
 */
export class PortSpec {
  private static loaded: PortSpec | undefined;

  /** The spec is 0.7 MB of JSON; one parse and one ajv per process. */
  static get(): PortSpec {
    PortSpec.loaded ??= new PortSpec(
      JSON.parse(readFileSync(specPath(), 'utf8')),
    );
    return PortSpec.loaded;
  }

  private readonly routes: Array<{
    template: string;
    pattern: RegExp;
    names: string[];
    fixedSegments: number;
  }>;
  private readonly bodyAjv: Ajv2020;
  private readonly responseAjv: Ajv2020;
  private readonly paramAjv: Ajv2020;
  private readonly validators = new Map<string, ValidateFunction>();
  private readonly paramValidators = new Map<
    string,
    ValidateFunction | undefined
  >();

  constructor(private readonly document: SpecDocument) {
    this.routes = Object.keys(document.paths)
      .map(template => {
        const names: string[] = [];
        const source = template
          .split('/')
          .map(segment => {
            const param = /^\{(.+)\}$/.exec(segment);
            if (!param) return segment.replace(/[.*+?^$()|[\]\\]/g, '\\$&');
            names.push(param[1]);
            return '([^/]+)';
          })
          .join('/');
        return {
          template,
          pattern: new RegExp(`^${source}$`),
          names,
          fixedSegments: template.split('/').length - names.length,
        };
      })
      // `/v1/blueprints/{bp}/entities/search` before `/v1/blueprints/{bp}/entities/{id}`
      .sort((a, b) => b.fixedSegments - a.fixedSegments);
    // Port answers with the first failing rule, as fastify's ajv does by default.
    this.bodyAjv = specAjv(document, { allErrors: false });
    // Every error, so that the known gaps below can be told from real ones.
    this.responseAjv = specAjv(document, { allErrors: true });
    // Query strings carry text: coerced (on a copy) and defaulted, as fastify does.
    this.paramAjv = specAjv(document, {
      allErrors: false,
      coerceTypes: 'array',
      useDefaults: true,
    });
  }

  /** The spec operation for a request, or undefined when the spec does not cover it. */
  match(method: string, path: string): SpecMatch | undefined {
    const lower = method.toLowerCase();
    for (const route of this.routes) {
      const found = route.pattern.exec(path);
      if (!found || !this.document.paths[route.template][lower]) continue;
      const pathParams: Record<string, string> = {};
      route.names.forEach((name, index) => {
        pathParams[name] = decodeURIComponent(found[index + 1]);
      });
      return { template: route.template, method: lower, pathParams };
    }
    return undefined;
  }

  /** The first rule a request breaks (`body/...`, `querystring/...`, `params/...`), or undefined. */
  checkRequest(
    match: SpecMatch,
    request: { query: Record<string, unknown>; body: unknown },
  ): string | undefined {
    const operation = this.operation(match);
    for (const location of ['path', 'query'] as const) {
      const validate = this.paramValidator(match, location);
      if (!validate) continue;
      // Coercion works on a copy: the handlers read the query as sent.
      const data = {
        ...(location === 'path' ? match.pathParams : request.query),
      };
      if (!validate(data)) {
        return this.paramAjv.errorsText(validate.errors, {
          dataVar: location === 'path' ? 'params' : 'querystring',
        });
      }
    }
    const body = operation.requestBody;
    if (!body?.content?.[JSON_TYPE]?.schema) return undefined;
    if (request.body === undefined) {
      return body.required ? 'body is required' : undefined;
    }
    const validate = this.compiled(this.bodyAjv, `${key(match)} body`, [
      'paths',
      match.template,
      match.method,
      'requestBody',
      'content',
      JSON_TYPE,
      'schema',
    ]);
    return validate(request.body)
      ? undefined
      : this.bodyAjv.errorsText(validate.errors, { dataVar: 'body' });
  }

  /**
   * Whether a response breaks the schema the spec documents for its status;
   * undefined when it conforms or the spec documents no JSON body for that status.
   */
  checkResponse(
    match: SpecMatch,
    status: number,
    body: unknown,
  ): string | undefined {
    const responses = this.operation(match).responses ?? {};
    const documented = [
      String(status),
      `${String(status)[0]}XX`,
      'default',
    ].find(code => responses[code]?.content?.[JSON_TYPE]?.schema);
    if (!documented) return undefined;
    const validate = this.compiled(
      this.responseAjv,
      `${key(match)} ${documented}`,
      [
        'paths',
        match.template,
        match.method,
        'responses',
        documented,
        'content',
        JSON_TYPE,
        'schema',
      ],
    );
    if (validate(body)) return undefined;
    const errors = (validate.errors ?? []).filter(
      error =>
        !(
          error.keyword === 'additionalProperties' &&
          ENTITY_META_KEYS.has(String(error.params.additionalProperty)) &&
          /^\/entit(y|ies\/\d+)$/.test(error.instancePath)
        ),
    );
    return errors.length
      ? this.responseAjv.errorsText(errors, { dataVar: 'response' })
      : undefined;
  }

  private operation(match: SpecMatch): SpecOperation {
    return this.document.paths[match.template][match.method];
  }

  private compiled(
    ajv: Ajv2020,
    cacheKey: string,
    pointer: string[],
  ): ValidateFunction {
    let validate = this.validators.get(cacheKey);
    if (!validate) {
      validate = ajv.compile({
        $ref: `${SPEC_ID}#/${pointer.map(escapePointer).join('/')}`,
      });
      this.validators.set(cacheKey, validate);
    }
    return validate;
  }

  private paramValidator(
    match: SpecMatch,
    location: 'path' | 'query',
  ): ValidateFunction | undefined {
    const cacheKey = `${key(match)} ${location}`;
    if (this.paramValidators.has(cacheKey)) {
      return this.paramValidators.get(cacheKey);
    }
    const parameters = (this.operation(match).parameters ?? []).filter(
      parameter => parameter.in === location && parameter.schema,
    );
    const validate = parameters.length
      ? this.paramAjv.compile({
          type: 'object',
          properties: Object.fromEntries(
            parameters.map(parameter => [parameter.name, parameter.schema]),
          ),
          required: parameters
            .filter(parameter => parameter.required)
            .map(parameter => parameter.name),
        })
      : undefined;
    this.paramValidators.set(cacheKey, validate);
    return validate;
  }
}

function specAjv(
  document: SpecDocument,
  options: { allErrors: boolean; coerceTypes?: 'array'; useDefaults?: boolean },
): Ajv2020 {
  const ajv = new Ajv2020({
    strict: false,
    validateSchema: false,
    logger: false,
    ...options,
  });
  addFormats(ajv);
  ajv.addSchema(document as object, SPEC_ID);
  return ajv;
}

function key(match: SpecMatch): string {
  return `${match.method} ${match.template}`;
}

/** RFC 6901 escaping, then URI encoding for the `$ref` fragment. */
function escapePointer(segment: string): string {
  return encodeURIComponent(segment.replace(/~/g, '~0').replace(/\//g, '~1'));
}

/** `spec/` sits beside `src/` and `dist/` in the package. */
function specPath(): string {
  return join(
    dirname(require.resolve('@portsync/port-sandbox/package.json')),
    'spec',
    'apispec.json',
  );
}
