/**
 * `portsync`: one-shot sync for CI, dry-run diff, mapping playground and the
 * local Port sandbox.
 *
 * @packageDocumentation
 */
export { main, ExitCode } from './main';
export type { CliIo } from './main';
