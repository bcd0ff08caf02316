/**
 * Test helpers for packages that build on the sync engine's stores.
 *
 * @packageDocumentation
 */
export { findPostgresBinDir, startPostgres } from './startPostgres';
export type { TestPostgres } from './startPostgres';
