/**
 * The expression language of a resource. `jq` is Port's own; `jsonata` is portsync's second dialect.
 *
 * @public
 */
export type MappingLanguage = 'jq' | 'jsonata';

/**
 * A search query as Port accepts it in place of an identifier, a team or a relation value.
 * In a mapping every leaf (combinator, property, operator, value) is an expression.
 *
 * @public
 */
export interface SearchQueryMapping {
  combinator: string;
  rules: Array<SearchRuleMapping | SearchQueryMapping>;
}

/** @public */
export interface SearchRuleMapping {
  property: string;
  operator: string;
  value: string;
}

/**
 * `port.entity.mappings`: each string leaf is an expression evaluated against the Backstage entity.
 *
 * @public
 */
export interface EntityMapping {
  identifier: string | SearchQueryMapping;
  blueprint: string;
  title?: string;
  icon?: string;
  team?: string | SearchQueryMapping;
  properties: Record<string, string>;
  relations: Record<string, string | SearchQueryMapping>;
}

/** @public */
export interface ResourceConfig {
  /** The Backstage kind, matched case-insensitively; `*` matches every kind no other resource names. */
  kind: string;
  /** Resolved: the resource's own `language`, else the root's, else `jq`. */
  language: MappingLanguage;
  selector: { query: string };
  port: {
    entity: {
      /** Always a list after parsing; a single mapping object becomes a one-element list. */
      mappings: EntityMapping[];
    };
    itemsToParse?: string;
    itemsToParseName: string;
    itemsToParseTopLevelTransform: boolean;
  };
}

/**
 * A validated, normalised mapping, with Ocean's defaults filled in.
 *
 * @public
 */
export interface MappingConfig {
  createMissingRelatedEntities: boolean;
  deleteDependentEntities: boolean;
  enableMergeEntity: boolean;
  entityDeletionThreshold: number;
  language: MappingLanguage;
  resources: ResourceConfig[];
}

/**
 * A Backstage catalog entity as the catalog API returns it (stitched, with `relations`).
 *
 * @public
 */
export interface BackstageEntity {
  apiVersion: string;
  kind: string;
  metadata: {
    name: string;
    namespace?: string;
    [key: string]: unknown;
  };
  spec?: Record<string, unknown>;
  relations?: Array<{ type: string; targetRef: string }>;
  [key: string]: unknown;
}

/** @public */
export type SearchQuery = {
  combinator: unknown;
  rules: unknown[];
};

/**
 * One Port entity produced by a mapping. Fields that were mapped are always present, `null` when the expression
 * gave nothing, as Ocean sends them.
 *
 * @public
 */
export interface PortEntity {
  blueprint: string;
  identifier: string | Record<string, unknown>;
  title?: unknown;
  icon?: unknown;
  team?: unknown;
  properties: Record<string, unknown>;
  relations: Record<string, unknown>;
  /** The index of the resource in `MappingConfig.resources` that produced it. */
  resourceIndex: number;
}

/**
 * An expression that gave no output or failed at runtime. The field was set to `null`.
 *
 * @public
 */
export interface FieldError {
  resourceIndex: number;
  kind: string;
  /** Dot path inside the entity mapping: `identifier`, `properties.owner`, `relations.system.rules[0].value`. */
  field: string;
  expression: string;
  message: string;
  /** Where the expression sits in the mapping's YAML text, when the mapping was parsed from text. */
  position?: { line: number; column: number; sourceName?: string };
}

/** @public */
export interface MappingResult {
  entities: PortEntity[];
  errors: FieldError[];
  /** Entities dropped because their identifier or blueprint was empty. */
  skipped: number;
}

/**
 * A Port blueprint as `POST /v1/blueprints` takes it.
 *
 * @public
 */
export interface PortBlueprint {
  identifier: string;
  title: string;
  icon?: string;
  description?: string;
  schema: {
    properties: Record<string, BlueprintProperty>;
    required: string[];
  };
  relations: Record<string, BlueprintRelation>;
  mirrorProperties?: Record<string, unknown>;
  calculationProperties?: Record<string, unknown>;
}

/** @public */
export interface BlueprintProperty {
  type: 'string' | 'number' | 'boolean' | 'object' | 'array';
  title?: string;
  description?: string;
  format?: string;
  spec?: string;
  items?: { type: string; format?: string };
}

/** @public */
export interface BlueprintRelation {
  target: string;
  title?: string;
  required: boolean;
  many: boolean;
}
