/**
 * The portsync sync engine: desired state against last pushed state, plan,
 * apply, deletion guard, ordering and state stores.
 *
 * @packageDocumentation
 */
export { hashPayload, stableStringify } from './hashPayload';
export { KnexStateStore } from './state/KnexStateStore';
export type { KnexStateStoreOptions } from './state/KnexStateStore';
export { MemoryStateStore } from './state/MemoryStateStore';
export type { MemoryStateSnapshot } from './state/MemoryStateStore';
export type * from './state/StateStore';
export { SyncEngine } from './engine/SyncEngine';
export type { ResyncOptions } from './engine/resync';
export { MASK, maskSecrets } from './engine/maskSecrets';
export { queueBackoff } from './engine/backoff';
export { runProblems } from './engine/records';
export { mapEntities } from './engine/produce';
export type { MappedEntity, Produced } from './engine/produce';
export type * from './engine/types';
export { ensureBlueprints } from './blueprints/ensureBlueprints';
export type { BlueprintSetupResult } from './blueprints/ensureBlueprints';
export { planBlueprintSetup } from './blueprints/planBlueprintSetup';
export type {
  BlueprintMismatch,
  BlueprintRequirements,
  BlueprintSetupPlan,
} from './blueprints/planBlueprintSetup';
