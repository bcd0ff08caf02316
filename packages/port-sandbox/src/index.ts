/**
 * A local emulator of Port's REST API, with a web view, for tests, demos and local work.
 *
 * @packageDocumentation
 */

export { startSandbox } from './startSandbox';
export { createSandboxApp } from './createSandboxApp';
export { SandboxState } from './sandbox/SandboxState';
export type { SandboxStateOptions } from './sandbox/SandboxState';
export type {
  FaultConfig,
  FaultRule,
  RateLimitOptions,
  RequestLogEntry,
  Sandbox,
  SandboxClock,
  SandboxRole,
  SandboxOptions,
} from './types';
export {
  assertNoContractViolations,
  takeContractViolations,
} from './spec/ContractLog';
export type { ContractViolation } from './spec/ContractLog';
export { runCli, main } from './cli';
export type { CliIo, CliResult } from './cli';
