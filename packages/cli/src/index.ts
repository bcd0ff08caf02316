/**
 * `portsync`: one-shot sync for CI, dry-run diff, mapping playground and the
 * local Port sandbox.
 *
 * @packageDocumentation
 */
export { main, EXIT_CODES } from './main';
export { ExitCode } from './framework/ExitCode';
export type { CliIo, CliOutput } from './framework/CliIo';
export { BackstageCatalogSource } from './backstage/BackstageCatalogSource';
export type { BackstageCatalogSourceOptions } from './backstage/BackstageCatalogSource';
