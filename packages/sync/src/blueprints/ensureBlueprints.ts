import { PortApiError, PortClient } from '@portsync/port-client';
import {
  BlueprintMismatch,
  BlueprintRequirements,
  planBlueprintSetup,
} from './planBlueprintSetup';

/** @public */
export interface BlueprintSetupResult {
  /** Blueprints Port did not have, now created and completed. */
  created: string[];
  /** Blueprints of portsync's that Port already had. */
  existing: string[];
  /** Properties and relations added to blueprints Port had, as `blueprint.field`. */
  added: string[];
  /** What the mapping needs that portsync may not fix; empty when Port is ready for the mapping. */
  mismatches: BlueprintMismatch[];
}

/**
 * Brings Port's blueprints to what the mapping needs (the plugin at every start and resync, the CLI before a
 * sync), in Ocean's three stages: portsync's missing blueprints bare (they may point at each other, component ↔
 * resource), then missing properties and relations, then mirror and calculation properties. Every stage plans
 * from what Port has at that moment, so an attempt that stopped half-way (a failed PATCH, a crash) is finished by
 * the next one instead of being mistaken for done. Each write is safe to repeat, so the client retries it as it
 * retries an idempotent request: a create that already reached Port answers 409, taken as done; a PATCH sends
 * whole top-level fields, Port's own merged with what is missing.
 *
 * @public
 */
export async function ensureBlueprints(
  client: PortClient,
  requirements: BlueprintRequirements,
  options: { signal?: AbortSignal } = {},
): Promise<BlueprintSetupResult> {
  const { signal } = options;
  const list = () => client.listBlueprints({ signal });
  const before = await list();
  let plan = planBlueprintSetup(before, requirements);
  const created = plan.create.map(blueprint => blueprint.identifier);
  for (const blueprint of plan.create) {
    try {
      await client.createBlueprint(blueprint, { idempotent: true, signal });
    } catch (error) {
      if (!(error instanceof PortApiError && error.status === 409)) throw error;
    }
  }
  if (created.length > 0) plan = planBlueprintSetup(await list(), requirements);
  const added: string[] = [];
  for (const stage of [plan.complete, plan.extras]) {
    for (const { identifier, patch, added: fields } of stage) {
      await client.patchBlueprint(identifier, patch, {
        idempotent: true,
        signal,
      });
      if (!created.includes(identifier)) {
        added.push(...fields.map(field => `${identifier}.${field}`));
      }
    }
  }
  const ownedIds = new Set(requirements.blueprints.map(b => b.identifier));
  return {
    created,
    existing: before
      .map(blueprint => blueprint.identifier)
      .filter(identifier => ownedIds.has(identifier)),
    added,
    mismatches: plan.mismatches,
  };
}
