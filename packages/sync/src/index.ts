/**
 * The portsync sync engine: desired state against last pushed state, plan,
 * apply, deletion guard, ordering and state stores.
 *
 * @packageDocumentation
 */
export { hashPayload, stableStringify } from './hashPayload';
