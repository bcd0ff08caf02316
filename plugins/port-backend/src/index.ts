/**
 * The portsync backend plugin (`pluginId: port`): keeps Port's software
 * catalog in step with the Backstage catalog.
 *
 * @packageDocumentation
 */
export { portPlugin as default } from './plugin';
