import type { PortEntity } from '@portsync/port-client';
import type { RunFailure } from '../state/StateStore';
import { guardDeletion } from './deletionGuard';
import type { EngineContext } from './EngineContext';
import { fieldChanges } from './fieldChanges';
import { Produced, keyOf, mapEntities, relationTargets } from './produce';
import { countMapped, mappingFailure } from './records';
import { emptyCounts } from './RunTracker';
import type { PlannedWrite, SyncPlan } from './types';

/** Identifiers per `$identifier in` search. */
const SEARCH_CHUNK = 100;

/**
 * What a resync would do, compared with what Port holds now: creates, updates with their
 * changed fields, and the deletes the reconciliation would make. Writes nothing.
 */
export async function plan(
  ctx: EngineContext,
  options: { kinds?: string[]; signal?: AbortSignal } = {},
): Promise<SyncPlan> {
  const counts = emptyCounts();
  const failures: RunFailure[] = [];
  const byBlueprint = new Map<string, Produced[]>();
  const produced = new Set<string>();
  const protectedIds = new Set<string>();
  for await (const page of ctx.source.pages({
    kinds: options.kinds,
    signal: options.signal,
  })) {
    for (const mapped of await mapEntities(ctx.mapping, page)) {
      countMapped(mapped, counts);
      if (mapped.error) {
        counts.failed += 1;
        failures.push(mappingFailure(mapped));
      }
      for (const item of mapped.produced) {
        if (item.identifier === undefined) continue;
        produced.add(keyOf(item.blueprint, item.identifier));
        if (ctx.mapping.config.createMissingRelatedEntities) {
          for (const target of relationTargets(item.payload))
            protectedIds.add(target);
        }
        const group = byBlueprint.get(item.blueprint) ?? [];
        group.push(item);
        byBlueprint.set(item.blueprint, group);
      }
    }
  }

  const creates: PlannedWrite[] = [];
  const updates: PlannedWrite[] = [];
  const present = new Set<string>();
  let unchanged = 0;
  for (const [blueprint, items] of byBlueprint) {
    const held = await portEntities(ctx, blueprint, items, options.signal);
    for (const item of items) {
      const identifier = item.identifier!;
      const existing = held.get(identifier);
      const write = {
        ref: item.ref,
        blueprint,
        identifier,
        payload: item.payload as Record<string, unknown>,
      };
      if (!existing) {
        creates.push({ ...write, changes: [] });
        continue;
      }
      present.add(keyOf(blueprint, identifier));
      const changes = fieldChanges(item.payload, existing);
      if (changes.length > 0) updates.push({ ...write, changes });
      else unchanged += 1;
    }
  }

  const owned = await ctx.ownership.owned(ctx.now(), options.signal);
  const { stale, report } = guardDeletion({
    ...owned,
    produced,
    present,
    protectedIdentifiers: ctx.mapping.config.createMissingRelatedEntities
      ? protectedIds
      : undefined,
    inScope: await ctx.ownership.scope(options.kinds),
    threshold: ctx.mapping.config.entityDeletionThreshold,
    maxDeletions: ctx.settings.maxDeletionsPerRun,
  });
  return {
    creates,
    updates,
    deletes: stale.map(({ blueprint, identifier }) => ({
      blueprint,
      identifier,
    })),
    unchanged,
    counts: {
      ...counts,
      upserted: creates.length + updates.length,
      unchanged,
      deleted: stale.length,
    },
    failures,
    deletion: report,
  };
}

/** Port's current entities of one blueprint among `items`, by identifier. */
export async function portEntities(
  ctx: EngineContext,
  blueprint: string,
  items: Produced[],
  signal: AbortSignal | undefined,
): Promise<Map<string, PortEntity>> {
  const held = new Map<string, PortEntity>();
  const identifiers = items
    .map(item => item.identifier)
    .filter((id): id is string => id !== undefined);
  for (let i = 0; i < identifiers.length; i += SEARCH_CHUNK) {
    const current = await ctx.client.searchEntities(
      {
        combinator: 'and',
        rules: [
          {
            property: '$identifier',
            operator: 'in',
            value: identifiers.slice(i, i + SEARCH_CHUNK),
          },
          { property: '$blueprint', operator: '=', value: blueprint },
        ],
      },
      { excludeCalculatedProperties: true, signal },
    );
    for (const entity of current.entities)
      held.set(String(entity.identifier), entity);
  }
  return held;
}
