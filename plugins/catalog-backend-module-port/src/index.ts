/**
 * Catalog module for portsync: publishes a change hint whenever an entity's
 * processed content changes, so that the `port` plugin can push it to Port
 * within seconds instead of waiting for its next change scan.
 *
 * @packageDocumentation
 */
export { catalogModulePort as default } from './module';
