/**
 * What the portsync packages share with each other and with adopters' own
 * code: the change-hint topic and payload (published by the catalog module,
 * read by the `port` plugin) and the `port.sync.manage` permission (for
 * permission policies and the frontend), and the JSON of the HTTP API.
 *
 * @packageDocumentation
 */
export { PORT_CHANGE_HINT_TOPIC } from './changeHint';
export type { PortChangeHint } from './changeHint';
export { portSyncManagePermission, portPermissions } from './permissions';
export { portApiRoutes, portEntityUrl } from './api';
export type {
  EntitySyncState,
  PortBlueprintSetupState,
  PortConnectionState,
  PortMappingSourceState,
  EntitySyncStateName,
  PortDeletionReport,
  PortEntityLink,
  PortFieldError,
  PortParkedItem,
  PortResyncRequest,
  PortRun,
  PortRunCounts,
  PortRunFailure,
  PortSyncStatus,
  PreviewEntity,
  PreviewFieldError,
  PreviewRequest,
  PreviewResponse,
  ResyncResponse,
  RetryResponse,
} from './api';
