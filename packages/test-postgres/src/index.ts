/**
 * Test-only PostgreSQL launcher for this repository's tests.
 *
 * @packageDocumentation
 */
export { findPostgresBinDir, startPostgres } from './startPostgres';
export type { TestPostgres } from './startPostgres';
