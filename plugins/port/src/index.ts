/**
 * portsync's Backstage frontend plugin (new frontend system): the "Port" entity card and tab, and
 * the admin page with runs, parked failures, resync and the mapping playground.
 *
 * @packageDocumentation
 */
export { default, portAdminRouteRef } from './plugin';
export { portApiRef } from './api/PortApi';
export type { PortApi } from './api/PortApi';
export { PortClient } from './api/PortClient';
export { RequirePortSyncManage } from './components/RequirePortSyncManage';
