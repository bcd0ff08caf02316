import { conflict, invalid, notFound } from '../api/PortApiError';
import { CatalogStore } from '../store/CatalogStore';
import { BlueprintRecord, RelationDefinition } from '../store/records';
import { PropertyValidator } from '../validation/PropertyValidator';
import { Actor } from './Actor';

/** A body that already passed the route's schema in Port's spec. */
interface BlueprintBody {
  identifier: string;
  title: string;
  schema: BlueprintRecord['schema'];
  relations?: BlueprintRecord['relations'];
  [field: string]: unknown;
}

/** Blueprint CRUD with Port's rules (port-api-notes §1.4). */
export class BlueprintRegistry {
  constructor(
    private readonly store: CatalogStore,
    private readonly validator: PropertyValidator,
    private readonly now: () => number,
  ) {}

  create(rawBody: unknown, actor: Actor): BlueprintRecord {
    const body = rawBody as BlueprintBody;
    if (this.store.findBlueprint(body.identifier)) {
      throw conflict(
        'identifier_taken',
        `Blueprint with identifier "${body.identifier}" already exists`,
      );
    }
    const timestamp = new Date(this.now()).toISOString();
    return this.save({
      ...body,
      createdAt: timestamp,
      createdBy: actor.clientId,
      updatedAt: timestamp,
      updatedBy: actor.clientId,
    } as BlueprintRecord);
  }

  /** PATCH merges top-level fields; PUT replaces the definition (README: assumed for PATCH depth). */
  update(
    identifier: string,
    rawBody: unknown,
    mode: 'merge' | 'replace',
    actor: Actor,
  ): BlueprintRecord {
    const existing = this.store.getBlueprint(identifier);
    const body = rawBody as Partial<BlueprintBody>;
    if (body.identifier !== undefined && body.identifier !== identifier) {
      throw invalid(
        'Changing a blueprint identifier is not supported by the sandbox',
      );
    }
    const audit = {
      createdAt: existing.createdAt,
      createdBy: existing.createdBy,
      updatedAt: new Date(this.now()).toISOString(),
      updatedBy: actor.clientId,
    };
    const next =
      mode === 'merge'
        ? { ...existing, ...body, ...audit, identifier }
        : { ...body, ...audit, identifier };
    return this.save(next as BlueprintRecord);
  }

  delete(identifier: string): void {
    this.store.getBlueprint(identifier);
    const count = this.store.countEntities(identifier);
    if (count > 0) {
      throw conflict(
        'has_dependents',
        `Blueprint "${identifier}" still has ${count} entities; delete them first`,
      );
    }
    const referencing = this.store
      .listBlueprints()
      .filter(
        other =>
          other.identifier !== identifier &&
          Object.values(other.relations).some(
            relation => relation.target === identifier,
          ),
      );
    if (referencing.length > 0) {
      throw conflict(
        'has_dependents',
        `Blueprint "${identifier}" is the target of relations in ${referencing
          .map(other => `"${other.identifier}"`)
          .join(', ')}`,
      );
    }
    this.store.deleteBlueprint(identifier);
  }

  private save(blueprint: BlueprintRecord): BlueprintRecord {
    const normalised: BlueprintRecord = {
      ...blueprint,
      schema: {
        properties: blueprint.schema.properties ?? {},
        required: blueprint.schema.required ?? [],
      },
      relations: normaliseRelations(blueprint.relations ?? {}),
      calculationProperties: blueprint.calculationProperties ?? {},
      mirrorProperties: blueprint.mirrorProperties ?? {},
      aggregationProperties: blueprint.aggregationProperties ?? {},
    };
    this.check(normalised);
    this.store.putBlueprint(normalised);
    return normalised;
  }

  private check(blueprint: BlueprintRecord): void {
    const { properties, required = [] } = blueprint.schema;
    for (const name of required) {
      if (!(name in properties)) {
        throw invalid(
          `Required property "${name}" is not defined in the schema`,
          'invalid_blueprint',
        );
      }
    }
    this.validator.checkSchema(blueprint.schema);
    for (const [name, relation] of Object.entries(blueprint.relations)) {
      if (relation.many && relation.required) {
        throw invalid(
          `Relation "${name}" cannot be both many and required`,
          'invalid_blueprint',
        );
      }
      if (
        relation.target !== blueprint.identifier &&
        !this.store.findBlueprint(relation.target)
      ) {
        throw notFound(
          `Relation "${name}" targets blueprint "${relation.target}", which was not found`,
        );
      }
    }
  }
}

function normaliseRelations(
  relations: Record<string, RelationDefinition>,
): Record<string, RelationDefinition> {
  const result: Record<string, RelationDefinition> = {};
  for (const [name, relation] of Object.entries(relations)) {
    result[name] = {
      ...relation,
      required: relation.required ?? false,
      many: relation.many ?? false,
    };
  }
  return result;
}
