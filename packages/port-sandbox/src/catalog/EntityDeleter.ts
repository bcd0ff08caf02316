import { PortApiError, notFound } from '../api/PortApiError';
import { CatalogStore } from '../store/CatalogStore';
import { EntityRecord, RelationValue, entityKey } from '../store/records';

/**
 * Port's delete rules (port-api-notes §1.3, §2): with `delete_dependents` the
 * entities relating to the deleted one go too (transitively); without it a required
 * relation pointing at the entity blocks the delete, and optional relations pointing
 * at it are cleared.
 */
export class EntityDeleter {
  constructor(private readonly store: CatalogStore) {}

  /** Returns every deleted entity, the requested one first. */
  delete(
    blueprint: string,
    identifier: string,
    deleteDependents: boolean,
  ): EntityRecord[] {
    this.store.getBlueprint(blueprint);
    const entity = this.store.findEntity(blueprint, identifier);
    if (!entity) {
      throw notFound(
        `Entity with identifier "${identifier}" was not found in blueprint "${blueprint}"`,
      );
    }
    return this.store.transaction(() =>
      deleteDependents
        ? this.deleteWithDependents(entity)
        : this.deleteAlone(entity),
    );
  }

  /**
   * Port's bulk delete: without `delete_dependents`, one entity with a
   * dependent fails the whole request and nothing is deleted (the spec's words).
   * Dependents that are themselves in the request do not count, so a related
   * pair can go in one request (README: assumed); identifiers that do not exist
   * are skipped and left out of `deletedEntities`.
   */
  deleteMany(
    blueprint: string,
    identifiers: string[],
    deleteDependents: boolean,
  ): string[] {
    this.store.getBlueprint(blueprint);
    const requested = new Set(identifiers);
    const present = [...requested].filter(identifier =>
      this.store.findEntity(blueprint, identifier),
    );
    const inRequest = (source: EntityRecord) =>
      source.blueprint === blueprint && requested.has(source.identifier);
    if (!deleteDependents) {
      for (const identifier of present) {
        const entity = this.store.findEntity(blueprint, identifier)!;
        const blocker = this.requiredBy(entity).find(
          ({ source }) => !inRequest(source),
        );
        if (blocker) {
          throw hasDependents(blocker.source, blocker.relation, identifier);
        }
      }
    }
    this.store.transaction(() => {
      for (const identifier of present) {
        const entity = this.store.findEntity(blueprint, identifier);
        if (!entity) continue; // already gone as another one's dependent
        if (deleteDependents) this.deleteWithDependents(entity);
        else this.deleteAlone(entity, inRequest);
      }
    });
    return present;
  }

  /** The entities whose required relations point at `entity`. */
  private requiredBy(
    entity: EntityRecord,
  ): Array<{ source: EntityRecord; relation: string }> {
    const found: Array<{ source: EntityRecord; relation: string }> = [];
    for (const source of this.store.sourcesOf(
      entity.blueprint,
      entity.identifier,
    )) {
      const definitions = this.store.getBlueprint(source.blueprint).relations;
      for (const [name, value] of Object.entries(source.relations)) {
        if (
          definitions[name]?.required &&
          pointsAt(value, definitions[name].target, entity)
        ) {
          found.push({ source, relation: name });
        }
      }
    }
    return found;
  }

  /** `goingToo` tells the sources deleted in the same request, which do not block. */
  private deleteAlone(
    entity: EntityRecord,
    goingToo: (source: EntityRecord) => boolean = () => false,
  ): EntityRecord[] {
    const blocker = this.requiredBy(entity).find(
      ({ source }) => !goingToo(source),
    );
    if (blocker) {
      throw hasDependents(blocker.source, blocker.relation, entity.identifier);
    }
    const sources = this.store.sourcesOf(entity.blueprint, entity.identifier);
    for (const source of sources) {
      const definitions = this.store.getBlueprint(source.blueprint).relations;
      const relations: Record<string, RelationValue> = {};
      for (const [name, value] of Object.entries(source.relations)) {
        const target = definitions[name]?.target;
        if (!pointsAt(value, target, entity)) relations[name] = value;
        else if (Array.isArray(value))
          relations[name] = value.filter(id => id !== entity.identifier);
      }
      this.store.putEntity({ ...source, relations });
    }
    this.store.deleteEntity(entity.blueprint, entity.identifier);
    return [entity];
  }

  private deleteWithDependents(entity: EntityRecord): EntityRecord[] {
    const seen = new Map<string, EntityRecord>();
    const queue = [entity];
    while (queue.length > 0) {
      const next = queue.shift()!;
      const key = entityKey(next.blueprint, next.identifier);
      if (seen.has(key)) continue;
      seen.set(key, next);
      queue.push(...this.store.sourcesOf(next.blueprint, next.identifier));
    }
    for (const doomed of seen.values()) {
      this.store.deleteEntity(doomed.blueprint, doomed.identifier);
    }
    return [...seen.values()];
  }
}

function pointsAt(
  value: RelationValue,
  target: string | undefined,
  entity: EntityRecord,
): boolean {
  if (target !== entity.blueprint || value === null) return false;
  return Array.isArray(value)
    ? value.includes(entity.identifier)
    : value === entity.identifier;
}

/**
 * The spec documents no status for a delete blocked by dependents; 422 is the
 * one failure both delete routes document (README: assumed).
 */
function hasDependents(
  source: EntityRecord,
  relation: string,
  identifier: string,
): PortApiError {
  return new PortApiError(
    422,
    'has_dependents',
    `Entity "${source.identifier}" of blueprint "${source.blueprint}" requires "${identifier}" through relation "${relation}"; use delete_dependents=true`,
  );
}
