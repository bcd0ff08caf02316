import { notFound } from '../api/PortApiError';
import { Persistence } from './Persistence';
import {
  BlueprintRecord,
  EntityRecord,
  IntegrationRecord,
  entityKey,
  relationTargets,
} from './records';

/**
 * Blueprints, entities and integrations in memory, with the indexes that keep the
 * common lookups proportional to their input: identifier -> blueprints (search by
 * `$identifier in [...]`), and target -> sources (incoming relations, for
 * `delete_dependents` and `relatedTo`). Writes go through to `persistence` if any.
 */
export class CatalogStore {
  private readonly blueprints = new Map<string, BlueprintRecord>();
  private readonly entitiesByBlueprint = new Map<
    string,
    Map<string, EntityRecord>
  >();
  /** Every entity in creation order; datasource paging walks it. */
  private readonly entitiesInOrder = new Map<string, EntityRecord>();
  private readonly blueprintsByIdentifier = new Map<string, Set<string>>();
  private readonly incoming = new Map<string, Set<string>>();
  private readonly integrations = new Map<string, IntegrationRecord>();
  /** Creation order of each entity, a cursor that survives deletes of other entities. */
  private readonly sequence = new Map<string, number>();
  private nextSequence = 1;

  constructor(private readonly persistence?: Persistence) {
    if (!persistence) return;
    const data = persistence.load();
    for (const blueprint of data.blueprints)
      this.blueprints.set(blueprint.identifier, blueprint);
    for (const entity of data.entities) this.indexEntity(entity);
    for (const integration of data.integrations) {
      this.integrations.set(integration.identifier, integration);
    }
  }

  transaction<T>(fn: () => T): T {
    return this.persistence ? this.persistence.transaction(fn) : fn();
  }

  listBlueprints(): BlueprintRecord[] {
    return [...this.blueprints.values()];
  }

  findBlueprint(identifier: string): BlueprintRecord | undefined {
    return this.blueprints.get(identifier);
  }

  getBlueprint(identifier: string): BlueprintRecord {
    const blueprint = this.blueprints.get(identifier);
    if (!blueprint) {
      throw notFound(`Blueprint with identifier "${identifier}" was not found`);
    }
    return blueprint;
  }

  putBlueprint(blueprint: BlueprintRecord): void {
    const previous = this.blueprints.get(blueprint.identifier);
    const entities = [...this.entitiesOf(blueprint.identifier)];
    // The incoming-relation index follows relation definitions, so re-link when they change.
    for (const entity of entities) this.unlinkRelations(entity, previous);
    this.blueprints.set(blueprint.identifier, blueprint);
    for (const entity of entities) this.linkRelations(entity, blueprint);
    this.persistence?.saveBlueprint(blueprint);
  }

  deleteBlueprint(identifier: string): void {
    this.blueprints.delete(identifier);
    this.entitiesByBlueprint.delete(identifier);
    this.persistence?.deleteBlueprint(identifier);
  }

  countEntities(blueprint: string): number {
    return this.entitiesByBlueprint.get(blueprint)?.size ?? 0;
  }

  totalEntities(): number {
    return this.entitiesInOrder.size;
  }

  findEntity(blueprint: string, identifier: string): EntityRecord | undefined {
    return this.entitiesByBlueprint.get(blueprint)?.get(identifier);
  }

  entitiesOf(blueprint: string): IterableIterator<EntityRecord> {
    return (this.entitiesByBlueprint.get(blueprint) ?? new Map()).values();
  }

  allEntities(): IterableIterator<EntityRecord> {
    return this.entitiesInOrder.values();
  }

  sequenceOf(entity: EntityRecord): number {
    return (
      this.sequence.get(entityKey(entity.blueprint, entity.identifier)) ?? 0
    );
  }

  /** Entities with this identifier in any blueprint. */
  entitiesWithIdentifier(identifier: string): EntityRecord[] {
    const blueprints = this.blueprintsByIdentifier.get(identifier);
    if (!blueprints) return [];
    const found: EntityRecord[] = [];
    for (const blueprint of blueprints) {
      const entity = this.findEntity(blueprint, identifier);
      if (entity) found.push(entity);
    }
    return found;
  }

  /** Entities whose relations point at the given entity. */
  sourcesOf(blueprint: string, identifier: string): EntityRecord[] {
    const sources = this.incoming.get(entityKey(blueprint, identifier));
    if (!sources) return [];
    return [...sources]
      .map(key => this.entitiesInOrder.get(key)!)
      .filter(Boolean);
  }

  putEntity(entity: EntityRecord): void {
    const previous = this.findEntity(entity.blueprint, entity.identifier);
    if (previous)
      this.unlinkRelations(previous, this.blueprints.get(previous.blueprint));
    this.indexEntity(entity);
    this.persistence?.saveEntity(entity);
  }

  deleteEntity(blueprint: string, identifier: string): boolean {
    const entity = this.findEntity(blueprint, identifier);
    if (!entity) return false;
    this.unlinkRelations(entity, this.blueprints.get(blueprint));
    const key = entityKey(blueprint, identifier);
    this.entitiesByBlueprint.get(blueprint)!.delete(identifier);
    this.entitiesInOrder.delete(key);
    this.sequence.delete(key);
    const blueprints = this.blueprintsByIdentifier.get(identifier);
    blueprints?.delete(blueprint);
    if (blueprints?.size === 0) this.blueprintsByIdentifier.delete(identifier);
    this.persistence?.deleteEntity(blueprint, identifier);
    return true;
  }

  listIntegrations(): IntegrationRecord[] {
    return [...this.integrations.values()];
  }

  findIntegration(identifier: string): IntegrationRecord | undefined {
    return this.integrations.get(identifier);
  }

  getIntegration(identifier: string): IntegrationRecord {
    const integration = this.integrations.get(identifier);
    if (!integration) {
      throw notFound(
        `Integration with identifier "${identifier}" was not found`,
      );
    }
    return integration;
  }

  putIntegration(integration: IntegrationRecord): void {
    this.integrations.set(integration.identifier, integration);
    this.persistence?.saveIntegration(integration);
  }

  deleteIntegration(identifier: string): void {
    this.integrations.delete(identifier);
    this.persistence?.deleteIntegration(identifier);
  }

  clear(): void {
    this.blueprints.clear();
    this.entitiesByBlueprint.clear();
    this.entitiesInOrder.clear();
    this.blueprintsByIdentifier.clear();
    this.incoming.clear();
    this.integrations.clear();
    this.sequence.clear();
    this.persistence?.clear();
  }

  close(): void {
    this.persistence?.close();
  }

  private indexEntity(entity: EntityRecord): void {
    let byIdentifier = this.entitiesByBlueprint.get(entity.blueprint);
    if (!byIdentifier) {
      byIdentifier = new Map();
      this.entitiesByBlueprint.set(entity.blueprint, byIdentifier);
    }
    byIdentifier.set(entity.identifier, entity);
    const key = entityKey(entity.blueprint, entity.identifier);
    this.entitiesInOrder.set(key, entity);
    if (!this.sequence.has(key)) this.sequence.set(key, this.nextSequence++);
    let blueprints = this.blueprintsByIdentifier.get(entity.identifier);
    if (!blueprints) {
      blueprints = new Set();
      this.blueprintsByIdentifier.set(entity.identifier, blueprints);
    }
    blueprints.add(entity.blueprint);
    this.linkRelations(entity, this.blueprints.get(entity.blueprint));
  }

  private linkRelations(
    entity: EntityRecord,
    blueprint: BlueprintRecord | undefined,
  ): void {
    const key = entityKey(entity.blueprint, entity.identifier);
    for (const [relation, value] of Object.entries(entity.relations)) {
      const target = blueprint?.relations[relation]?.target;
      if (!target) continue;
      for (const identifier of relationTargets(value)) {
        const targetKey = entityKey(target, identifier);
        let sources = this.incoming.get(targetKey);
        if (!sources) {
          sources = new Set();
          this.incoming.set(targetKey, sources);
        }
        sources.add(key);
      }
    }
  }

  private unlinkRelations(
    entity: EntityRecord,
    blueprint: BlueprintRecord | undefined,
  ): void {
    const key = entityKey(entity.blueprint, entity.identifier);
    for (const [relation, value] of Object.entries(entity.relations)) {
      const target = blueprint?.relations[relation]?.target;
      if (!target) continue;
      for (const identifier of relationTargets(value)) {
        const targetKey = entityKey(target, identifier);
        const sources = this.incoming.get(targetKey);
        sources?.delete(key);
        if (sources?.size === 0) this.incoming.delete(targetKey);
      }
    }
  }
}
