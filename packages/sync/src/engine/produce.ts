import { stringifyEntityRef } from '@backstage/catalog-model';
import type { BackstageEntity, CompiledMapping } from '@portsync/mapping';
import type { PortEntity } from '@portsync/port-client';
import { hashPayload } from '../hashPayload';

/** One Port entity the mapping produced for a catalog entity, ready to send. @public */
export interface Produced {
  ref: string;
  blueprint: string;
  /** Undefined when the mapping gave a search query: Port resolves it to an entity it already has. */
  identifier?: string;
  /** The request body: the mapped entity without the mapping's bookkeeping. */
  payload: PortEntity;
  /** `hashPayload` of blueprint and payload. */
  hash: string;
}

/** A catalog entity with what the mapping produced for it. @public */
export interface MappedEntity {
  ref: string;
  entity: BackstageEntity;
  produced: Produced[];
  fieldErrors: number;
  skipped: number;
  /** Set when the mapping threw for this entity. */
  error?: string;
}

/** `kind:namespace/name`, lower-cased, as Backstage writes refs. */
export function refOf(entity: BackstageEntity): string {
  return stringifyEntityRef({
    kind: entity.kind,
    namespace: entity.metadata.namespace,
    name: entity.metadata.name,
  });
}

/** Key of a Port entity in sets and maps. */
export function keyOf(blueprint: string, identifier: string): string {
  return `${blueprint}\u0000${identifier}`;
}

/** Maps one catalog entity with either dialect and turns each result into a payload and hash. */
export async function mapEntity(
  mapping: CompiledMapping,
  entity: BackstageEntity,
): Promise<MappedEntity> {
  const ref = refOf(entity);
  let result;
  try {
    result = mapping.isSync
      ? mapping.apply(entity)
      : await mapping.applyAsync(entity);
  } catch (error) {
    return {
      ref,
      entity,
      produced: [],
      fieldErrors: 0,
      skipped: 0,
      error: (error as Error).message,
    };
  }
  const produced = result.entities.map(mapped => {
    const { resourceIndex: _resourceIndex, blueprint, ...payload } = mapped;
    return {
      ref,
      blueprint,
      identifier:
        typeof mapped.identifier === 'string' ? mapped.identifier : undefined,
      payload: payload as PortEntity,
      hash: hashPayload({ blueprint, payload }),
    };
  });
  return {
    ref,
    entity,
    produced,
    fieldErrors: result.errors.length,
    skipped: result.skipped,
  };
}

/**
 * Longest stretch of synchronous mapping before the event loop gets a turn. A mapping in this
 * thread (app-config's) costs well under a millisecond per entity, but a page is 100 entities
 * and an expensive mapping (every field at the engine's limits) costs more: without a turn the
 * whole page would hold Backstage's requests.
 */
export const MAP_SLICE_MS = 10;

/**
 * Maps a page of entities, in order. For a mapping evaluated elsewhere (a worker) they are asked
 * for together, so it sends them in one message instead of one round trip each. A mapping that
 * runs in this thread yields to the event loop whenever it has run `MAP_SLICE_MS` in a row
 * (`clock` is for tests).
 *
 * @public
 */
export async function mapEntities(
  mapping: CompiledMapping,
  entities: BackstageEntity[],
  clock: () => number = () => performance.now(),
): Promise<MappedEntity[]> {
  if (!mapping.isSync) {
    return Promise.all(entities.map(entity => mapEntity(mapping, entity)));
  }
  const results: MappedEntity[] = [];
  let sliceStart = clock();
  for (const entity of entities) {
    if (clock() - sliceStart >= MAP_SLICE_MS) {
      await new Promise(resolve => setImmediate(resolve));
      sliceStart = clock();
    }
    results.push(await mapEntity(mapping, entity));
  }
  return results;
}

/** Identifiers a payload's relations point at (search-query values excepted). */
export function relationTargets(payload: PortEntity): string[] {
  const targets: string[] = [];
  for (const value of Object.values(payload.relations ?? {})) {
    if (typeof value === 'string') targets.push(value);
    else if (Array.isArray(value)) {
      for (const item of value)
        if (typeof item === 'string') targets.push(item);
    }
  }
  return targets;
}
