import { randomBytes } from 'node:crypto';
import { PortApiError, conflict, invalid, notFound } from '../api/PortApiError';
import { SearchQuery, searchEntities } from '../search/searchEntities';
import { CatalogStore } from '../store/CatalogStore';
import {
  BlueprintRecord,
  EntityRecord,
  RelationValue,
  entityToJson,
  relationTargets,
} from '../store/records';
import { PropertyValidator } from '../validation/PropertyValidator';
import { Actor } from './Actor';

export interface UpsertFlags {
  upsert: boolean;
  merge: boolean;
  createMissingRelatedEntities: boolean;
  validationOnly: boolean;
}

export interface UpsertResult {
  entity: EntityRecord;
  created: boolean;
}

/** A body that already passed the route's schema in Port's spec. */
interface EntityBody {
  identifier?: string | SearchQuery;
  blueprint?: unknown;
  title?: string | null;
  icon?: string | null;
  team?: string | string[] | SearchQuery | null;
  properties?: Record<string, unknown>;
  relations?: Record<string, RelationValue | SearchQuery>;
}

/** Blueprints that `create_missing_related_entities` may not write to (port-api-notes §2). */
const PROTECTED_BLUEPRINTS = new Set(['_user', '_team']);

/** Search-query relation values resolve to at most this many entities (port-api-notes §2). */
const MAX_RELATION_QUERY_RESULTS = 100;

/**
 * Port's entity write rules (port-api-notes §1.3, §2): create, override or merge;
 * validation against the blueprint; relation targets that must exist or are created
 * as stubs; `$datasource` and the audit meta-properties stamped on every write.
 */
export class EntityWriter {
  constructor(
    private readonly store: CatalogStore,
    private readonly validator: PropertyValidator,
    private readonly now: () => number,
  ) {}

  upsert(
    blueprintId: string,
    rawBody: unknown,
    flags: UpsertFlags,
    actor: Actor,
  ): UpsertResult {
    const blueprint = this.store.getBlueprint(blueprintId);
    const body = rawBody as EntityBody;
    if (body.blueprint !== undefined && body.blueprint !== blueprintId) {
      throw invalid(
        `The entity's blueprint "${String(
          body.blueprint,
        )}" differs from the route's "${blueprintId}"`,
      );
    }
    const identifier =
      body.identifier === undefined
        ? generatedIdentifier()
        : this.resolveIdentifier(blueprint, body.identifier);
    const existing = this.store.findEntity(blueprintId, identifier);
    if (existing && !flags.upsert) {
      throw conflict(
        'identifier_taken',
        `Entity with identifier "${identifier}" already exists in blueprint "${blueprintId}"`,
      );
    }
    const base = flags.merge ? existing : undefined;
    // Keys the blueprint stopped defining since the last write are not carried over.
    const properties = withoutNulls({
      ...pick(base?.properties, blueprint.schema.properties),
      ...(body.properties ?? {}),
    });
    const relations = withoutNulls({
      ...pick(base?.relations, blueprint.relations),
      ...this.resolveRelations(blueprint, body.relations ?? {}),
    }) as Record<string, RelationValue>;
    const timestamp = new Date(this.now()).toISOString();
    const entity: EntityRecord = {
      identifier,
      blueprint: blueprintId,
      title: 'title' in body ? body.title ?? null : base?.title ?? null,
      icon: 'icon' in body ? body.icon ?? null : base?.icon ?? null,
      team: 'team' in body ? normaliseTeam(body.team) : base?.team ?? [],
      properties,
      relations,
      createdAt: existing?.createdAt ?? timestamp,
      createdBy: existing?.createdBy ?? actor.clientId,
      updatedAt: timestamp,
      updatedBy: actor.clientId,
      datasource: actor.userAgent,
    };
    this.validate(blueprint, entity);
    const stubs = this.missingTargets(
      blueprint,
      entity,
      flags,
      actor,
      timestamp,
    );
    if (!flags.validationOnly) {
      this.store.transaction(() => {
        for (const stub of stubs) this.store.putEntity(stub);
        this.store.putEntity(entity);
      });
    }
    return { entity, created: !existing };
  }

  /** PATCH merges into, PUT replaces, an entity that must exist. */
  update(
    blueprintId: string,
    identifier: string,
    rawBody: unknown,
    mode: 'merge' | 'replace',
    createMissingRelatedEntities: boolean,
    actor: Actor,
  ): EntityRecord {
    this.store.getBlueprint(blueprintId);
    if (!this.store.findEntity(blueprintId, identifier)) {
      throw notFound(
        `Entity with identifier "${identifier}" was not found in blueprint "${blueprintId}"`,
      );
    }
    const body = rawBody as EntityBody;
    if (body.identifier !== undefined && body.identifier !== identifier) {
      throw invalid(
        'Changing an entity identifier is not supported by the sandbox',
      );
    }
    return this.upsert(
      blueprintId,
      { ...body, identifier },
      {
        upsert: true,
        merge: mode === 'merge',
        createMissingRelatedEntities,
        validationOnly: false,
      },
      actor,
    ).entity;
  }

  private resolveIdentifier(
    blueprint: BlueprintRecord,
    identifier: string | SearchQuery,
  ): string {
    if (typeof identifier === 'string') return identifier;
    const matches = this.searchIn(blueprint.identifier, identifier);
    if (matches.length === 0) {
      throw notFound(
        `No entity of blueprint "${blueprint.identifier}" matches the identifier search query`,
      );
    }
    if (matches.length > 1) {
      throw invalid(
        `The identifier search query matches ${matches.length} entities of blueprint "${blueprint.identifier}"; it must match one`,
      );
    }
    return matches[0].identifier;
  }

  private resolveRelations(
    blueprint: BlueprintRecord,
    relations: Record<string, RelationValue | SearchQuery>,
  ): Record<string, RelationValue> {
    const resolved: Record<string, RelationValue> = {};
    for (const [name, value] of Object.entries(relations)) {
      const definition = blueprint.relations[name];
      if (!definition) {
        throw invalid(
          `Relation "${name}" is not defined in blueprint "${blueprint.identifier}"`,
          'invalid_entity',
        );
      }
      if (value === null || typeof value === 'string') {
        // Port's default Backstage mapping sends one string for many relations and
        // Ocean syncs it successfully, so a string becomes a one-element array.
        resolved[name] =
          definition.many && typeof value === 'string' ? [value] : value;
      } else if (Array.isArray(value)) {
        if (!definition.many) {
          throw invalid(
            `Relation "${name}" of blueprint "${blueprint.identifier}" is not "many"; it takes one identifier`,
            'invalid_entity',
          );
        }
        resolved[name] = [...new Set(value)];
      } else {
        resolved[name] = this.resolveRelationQuery(blueprint, name, value);
      }
    }
    return resolved;
  }

  private resolveRelationQuery(
    blueprint: BlueprintRecord,
    name: string,
    query: SearchQuery,
  ): RelationValue {
    const definition = blueprint.relations[name];
    const matches = this.searchIn(definition.target, query);
    if (matches.length > MAX_RELATION_QUERY_RESULTS) {
      throw invalid(
        `The search query of relation "${name}" matches more than ${MAX_RELATION_QUERY_RESULTS} entities`,
        'invalid_entity',
      );
    }
    if (definition.many) return matches.map(match => match.identifier);
    if (matches.length !== 1) {
      throw new PortApiError(
        matches.length === 0 ? 404 : 422,
        matches.length === 0 ? 'not_found' : 'invalid_entity',
        `The search query of relation "${name}" matches ${matches.length} entities of blueprint "${definition.target}"; it must match one`,
      );
    }
    return matches[0].identifier;
  }

  private searchIn(blueprintId: string, query: SearchQuery): EntityRecord[] {
    return searchEntities(
      this.store,
      {
        combinator: 'and',
        rules: [
          { property: '$blueprint', operator: '=', value: blueprintId },
          query,
        ],
      },
      this.now(),
    );
  }

  private validate(blueprint: BlueprintRecord, entity: EntityRecord): void {
    const defined = blueprint.schema.properties ?? {};
    for (const name of Object.keys(entity.properties)) {
      if (!(name in defined)) {
        throw invalid(
          `Property "${name}" is not defined in blueprint "${blueprint.identifier}"`,
          'invalid_entity',
        );
      }
    }
    this.validator.validate(blueprint, entity.properties);
    for (const [name, definition] of Object.entries(blueprint.relations)) {
      if (
        definition.required &&
        relationTargets(entity.relations[name]).length === 0
      ) {
        throw invalid(
          `Relation "${name}" is required by blueprint "${blueprint.identifier}"`,
          'invalid_entity',
        );
      }
    }
  }

  /** Checks every relation target; returns the stubs to create when that is allowed. */
  private missingTargets(
    blueprint: BlueprintRecord,
    entity: EntityRecord,
    flags: UpsertFlags,
    actor: Actor,
    timestamp: string,
  ): EntityRecord[] {
    const stubs = new Map<string, EntityRecord>();
    for (const [name, value] of Object.entries(entity.relations)) {
      const target = blueprint.relations[name].target;
      for (const identifier of relationTargets(value)) {
        const isSelf =
          target === entity.blueprint && identifier === entity.identifier;
        if (isSelf || this.store.findEntity(target, identifier)) continue;
        if (
          !flags.createMissingRelatedEntities ||
          PROTECTED_BLUEPRINTS.has(target)
        ) {
          throw notFound(
            `Relation "${name}" points at entity "${identifier}" of blueprint "${target}", which was not found`,
          );
        }
        if (!this.store.findBlueprint(target)) {
          throw notFound(`Blueprint with identifier "${target}" was not found`);
        }
        stubs.set(`${target}/${identifier}`, {
          identifier,
          blueprint: target,
          title: null,
          icon: null,
          team: [],
          properties: {},
          relations: {},
          createdAt: timestamp,
          createdBy: actor.clientId,
          updatedAt: timestamp,
          updatedBy: actor.clientId,
          datasource: actor.userAgent,
        });
      }
    }
    return [...stubs.values()];
  }
}

export function upsertResponse(result: UpsertResult): Record<string, unknown> {
  return { ok: true, entity: entityToJson(result.entity) };
}

function withoutNulls<T>(record: Record<string, T | null>): Record<string, T> {
  const result: Record<string, T> = {};
  for (const [key, value] of Object.entries(record)) {
    if (value !== null && value !== undefined) result[key] = value;
  }
  return result;
}

function pick<T>(
  record: Record<string, T> | undefined,
  defined: Record<string, unknown>,
): Record<string, T> {
  if (!record) return {};
  return Object.fromEntries(
    Object.entries(record).filter(([key]) => key in defined),
  );
}

function normaliseTeam(team: EntityBody['team']): string[] {
  if (team === null || team === undefined) return [];
  if (typeof team === 'string') return [team];
  if (Array.isArray(team)) return team;
  throw invalid(
    'Team search queries are not supported by the sandbox',
    'invalid_entity',
  );
}

/**
 * Port generates an identifier for an entity created without one (the spec's
 * entity schema does not require it); its format is not documented, so the
 * sandbox's is its own (README: assumed).
 */
function generatedIdentifier(): string {
  return `e_${randomBytes(8).toString('hex')}`;
}
