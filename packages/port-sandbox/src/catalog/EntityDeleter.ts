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

  /** Deletes what it can; Port reports only what was deleted (`deletedEntities`). */
  deleteMany(
    blueprint: string,
    identifiers: string[],
    deleteDependents: boolean,
  ): string[] {
    this.store.getBlueprint(blueprint);
    const deleted: string[] = [];
    this.store.transaction(() => {
      for (const identifier of identifiers) {
        try {
          this.delete(blueprint, identifier, deleteDependents);
          deleted.push(identifier);
        } catch (error) {
          if (!(error instanceof PortApiError)) throw error;
        }
      }
    });
    return deleted;
  }

  private deleteAlone(entity: EntityRecord): EntityRecord[] {
    const sources = this.store.sourcesOf(entity.blueprint, entity.identifier);
    for (const source of sources) {
      const definitions = this.store.getBlueprint(source.blueprint).relations;
      for (const [name, value] of Object.entries(source.relations)) {
        if (
          definitions[name]?.required &&
          pointsAt(value, definitions[name].target, entity)
        ) {
          throw new PortApiError(
            409,
            'has_dependents',
            `Entity "${source.identifier}" of blueprint "${source.blueprint}" requires "${entity.identifier}" through relation "${name}"; use delete_dependents=true`,
          );
        }
      }
    }
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
