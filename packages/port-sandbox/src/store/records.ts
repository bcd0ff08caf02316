/** What the sandbox keeps for Port's resources; field names follow Port's JSON. */

export type RelationValue = string | string[] | null;

export interface PropertySchema {
  type?: string;
  format?: string;
  items?: Record<string, unknown>;
  enum?: unknown[];
  [keyword: string]: unknown;
}

export interface RelationDefinition {
  target: string;
  required?: boolean;
  many?: boolean;
  title?: string;
  description?: string;
}

export interface BlueprintRecord {
  identifier: string;
  title: string;
  description?: string;
  icon?: string;
  schema: { properties: Record<string, PropertySchema>; required?: string[] };
  relations: Record<string, RelationDefinition>;
  createdAt: string;
  updatedAt: string;
  createdBy: string;
  updatedBy: string;
  /** Fields the sandbox stores and returns without interpreting (ownership, mirrorProperties, ...). */
  [field: string]: unknown;
}

export interface EntityRecord {
  identifier: string;
  blueprint: string;
  title: string | null;
  icon: string | null;
  team: string[];
  properties: Record<string, unknown>;
  relations: Record<string, RelationValue>;
  createdAt: string;
  updatedAt: string;
  createdBy: string;
  updatedBy: string;
  /** The writer's User-Agent, queried as `$datasource`; not part of the entity JSON. */
  datasource: string;
}

export interface ResyncState {
  status: string;
  lastResyncStart?: string | null;
  lastResyncEnd?: string | null;
  nextResync?: string | null;
  intervalInMinuets?: number | null;
  updatedAt: string;
}

export interface ResyncRequest {
  id: string;
  updatedAt: string;
}

export interface RawExample {
  kind: string;
  receivedAt: string;
  example: unknown;
}

export interface IntegrationRecord {
  identifier: string;
  installationId: string;
  installationAppType?: string;
  integrationType?: string;
  version?: string;
  config: Record<string, unknown>;
  changelogDestination?: unknown;
  resyncState?: ResyncState;
  resyncRequest?: ResyncRequest;
  examples: RawExample[];
  createdAt: string;
  updatedAt: string;
  createdBy: string;
  updatedBy: string;
  [field: string]: unknown;
}

export function entityKey(blueprint: string, identifier: string): string {
  return `${blueprint}\u0000${identifier}`;
}

/** The entity as Port returns it; the spec types `title` and `icon` as strings, so absent ones are left out. */
export function entityToJson(entity: EntityRecord): Record<string, unknown> {
  return {
    identifier: entity.identifier,
    ...(entity.title === null ? {} : { title: entity.title }),
    ...(entity.icon === null ? {} : { icon: entity.icon }),
    blueprint: entity.blueprint,
    team: entity.team,
    properties: entity.properties,
    relations: entity.relations,
    createdAt: entity.createdAt,
    createdBy: entity.createdBy,
    updatedAt: entity.updatedAt,
    updatedBy: entity.updatedBy,
  };
}

export function relationTargets(value: RelationValue | undefined): string[] {
  if (value === null || value === undefined) return [];
  return Array.isArray(value) ? value : [value];
}
