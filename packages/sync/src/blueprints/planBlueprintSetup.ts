import { BlueprintNeeds, PortBlueprint } from '@portsync/mapping';
import { PortBlueprint as PortApiBlueprint } from '@portsync/port-client';

/**
 * What the blueprints in Port must hold for a mapping's entities to be accepted.
 *
 * @public
 */
export interface BlueprintRequirements {
  /**
   * portsync's own definitions (its default blueprints the mapping uses, with their relation targets): created
   * when Port lacks them, completed when they lack one of their properties, relations, mirror or calculation
   * properties. Nothing Port has is changed or removed: a team may have added to them.
   */
  blueprints: PortBlueprint[];
  /** The properties and relations the mapping writes, per blueprint, owned or the team's own. */
  needs: Record<string, BlueprintNeeds>;
}

/**
 * A difference between Port and what the mapping needs that portsync may not fix: a blueprint, property or
 * relation it has no definition for, or one Port defines differently (changing it could break the team's data).
 *
 * @public
 */
export interface BlueprintMismatch {
  blueprint: string;
  /** The property or relation; absent when the blueprint itself is missing. */
  field?: string;
  message: string;
}

type Patch = Partial<PortApiBlueprint>;

/** The next writes that bring Port's blueprints to the requirements, and what no write may fix. */
export interface BlueprintSetupPlan {
  /** Bare: schema, no relations and no extras, so blueprints that point at each other can all be created first. */
  create: PortApiBlueprint[];
  /** Missing properties and relations, as PATCHes of whole top-level fields (the same body sent twice is harmless). */
  complete: Array<{ identifier: string; patch: Patch; added: string[] }>;
  /** Missing mirror and calculation properties; they refer to relations, so they go last. */
  extras: Array<{ identifier: string; patch: Patch; added: string[] }>;
  mismatches: BlueprintMismatch[];
}

/**
 * Compares the blueprints Port has with the requirements. Pure: the set-up plans again from a fresh listing
 * after each stage, so a stage that failed half-way is finished by the next attempt, at any later start.
 */
export function planBlueprintSetup(
  inPort: PortApiBlueprint[],
  requirements: BlueprintRequirements,
): BlueprintSetupPlan {
  const port = new Map(inPort.map(b => [b.identifier, b]));
  const owned = new Map(requirements.blueprints.map(b => [b.identifier, b]));
  const plan: BlueprintSetupPlan = {
    create: [],
    complete: [],
    extras: [],
    mismatches: [],
  };

  for (const definition of requirements.blueprints) {
    const current = port.get(definition.identifier);
    if (!current) {
      plan.create.push(bare(definition));
      continue;
    }
    const completion = complete(current, definition);
    if (completion) plan.complete.push(completion);
    const extras = missingExtras(current, definition);
    if (extras) plan.extras.push(extras);
  }

  for (const [identifier, needs] of Object.entries(requirements.needs)) {
    const definition = owned.get(identifier);
    const current = port.get(identifier);
    if (!current) {
      if (!definition) {
        plan.mismatches.push({
          blueprint: identifier,
          message: `Blueprint "${identifier}" is not in Port, and portsync may not create it: create it in Port`,
        });
      }
      continue;
    }
    plan.mismatches.push(...mismatchesOf(current, definition, needs));
  }
  return plan;
}

function bare(definition: PortBlueprint): PortApiBlueprint {
  const { identifier, title, icon, description, schema } = definition;
  return {
    identifier,
    title,
    ...(icon ? { icon } : {}),
    ...(description ? { description } : {}),
    schema: schema as unknown as PortApiBlueprint['schema'],
    relations: {},
  };
}

function complete(
  current: PortApiBlueprint,
  definition: PortBlueprint,
): BlueprintSetupPlan['complete'][number] | undefined {
  const properties = current.schema?.properties ?? {};
  const relations = current.relations ?? {};
  const missingProperties = Object.keys(definition.schema.properties).filter(
    name => !(name in properties),
  );
  const missingRelations = Object.keys(definition.relations).filter(
    name => !(name in relations),
  );
  if (missingProperties.length === 0 && missingRelations.length === 0) {
    return undefined;
  }
  const patch: Patch = {};
  if (missingProperties.length > 0) {
    patch.schema = {
      ...current.schema,
      properties: {
        ...properties,
        ...(pick(
          definition.schema.properties,
          missingProperties,
        ) as unknown as Record<string, Record<string, unknown>>),
      },
      required: current.schema?.required ?? [],
    };
  }
  if (missingRelations.length > 0) {
    patch.relations = {
      ...relations,
      ...pick(definition.relations, missingRelations),
    };
  }
  return {
    identifier: current.identifier,
    patch,
    added: [...missingProperties, ...missingRelations],
  };
}

function missingExtras(
  current: PortApiBlueprint,
  definition: PortBlueprint,
): BlueprintSetupPlan['extras'][number] | undefined {
  const patch: Patch = {};
  const added: string[] = [];
  for (const field of ['mirrorProperties', 'calculationProperties'] as const) {
    const wanted = definition[field] ?? {};
    const has = (current[field] ?? {}) as Record<string, unknown>;
    const missing = Object.keys(wanted).filter(name => !(name in has));
    if (missing.length === 0) continue;
    patch[field] = { ...has, ...pick(wanted, missing) };
    added.push(...missing);
  }
  return added.length > 0
    ? { identifier: current.identifier, patch, added }
    : undefined;
}

/** Only fields the mapping writes matter: a team may retype what portsync never sends. */
function mismatchesOf(
  current: PortApiBlueprint,
  definition: PortBlueprint | undefined,
  needs: BlueprintNeeds,
): BlueprintMismatch[] {
  const blueprint = current.identifier;
  const mismatches: BlueprintMismatch[] = [];
  const properties = current.schema?.properties ?? {};
  const relations = current.relations ?? {};
  for (const name of needs.properties) {
    const wanted = definition?.schema.properties[name];
    const has = properties[name];
    if (!has && !wanted) {
      mismatches.push({
        blueprint,
        field: name,
        message: `Blueprint "${blueprint}" has no property "${name}", which the mapping writes: add it in Port`,
      });
    } else if (has && wanted && has.type !== wanted.type) {
      mismatches.push({
        blueprint,
        field: name,
        message: `Property "${name}" of blueprint "${blueprint}" is of type ${String(
          has.type,
        )} in Port; the mapping writes ${wanted.type}`,
      });
    }
  }
  for (const name of needs.relations) {
    const wanted = definition?.relations[name];
    const has = relations[name];
    if (!has && !wanted) {
      mismatches.push({
        blueprint,
        field: name,
        message: `Blueprint "${blueprint}" has no relation "${name}", which the mapping writes: add it in Port`,
      });
    } else if (has && wanted && has.target !== wanted.target) {
      mismatches.push({
        blueprint,
        field: name,
        message: `Relation "${name}" of blueprint "${blueprint}" points at "${has.target}" in Port; the mapping writes identifiers of "${wanted.target}"`,
      });
    } else if (has && wanted && Boolean(has.many) !== wanted.many) {
      mismatches.push({
        blueprint,
        field: name,
        message: `Relation "${name}" of blueprint "${blueprint}" is ${
          has.many ? 'many' : 'single'
        } in Port; the mapping writes ${wanted.many ? 'many' : 'single'}`,
      });
    }
  }
  return mismatches;
}

function pick<T>(
  record: Record<string, T>,
  names: string[],
): Record<string, T> {
  return Object.fromEntries(names.map(name => [name, record[name]]));
}
