/**
 * What the portsync packages share with each other and with adopters' own
 * code: the change-hint topic and payload (published by the catalog module,
 * read by the `port` plugin) and the `port.sync.manage` permission (for
 * permission policies and, one day, a frontend).
 *
 * @packageDocumentation
 */
export { PORT_CHANGE_HINT_TOPIC } from './changeHint';
export type { PortChangeHint } from './changeHint';
export { portSyncManagePermission, portPermissions } from './permissions';
