import { createApiRef } from '@backstage/frontend-plugin-api';
import type {
  EntitySyncState,
  PortSyncStatus,
  PreviewResponse,
  ResyncResponse,
  RetryResponse,
} from '@portsync/plugin-port-common';

/**
 * The portsync backend's HTTP API (`/api/port`), as the card and the admin page use it.
 * @public
 */
export interface PortApi {
  /** Where one catalog entity stands in the sync; any signed-in user. */
  getEntityState(entityRef: string): Promise<EntitySyncState>;
  /** Re-queues the entity's parked change (`port.sync.manage`). */
  retryEntity(entityRef: string): Promise<RetryResponse>;
  /** Connectivity, mapping source, runs, queue and parked failures (`port.sync.manage`). */
  getStatus(): Promise<PortSyncStatus>;
  /** Starts a full resync (`port.sync.manage`); `force` pushes unchanged entities too. */
  resync(options?: { force?: boolean }): Promise<ResyncResponse>;
  /** What a mapping (the one in use unless given) makes of an entity (`port.sync.manage`). */
  preview(request: {
    entityRef: string;
    mapping?: unknown;
    signal?: AbortSignal;
  }): Promise<PreviewResponse>;
}

/** @public */
export const portApiRef = createApiRef<PortApi>({ id: 'plugin.port.api' });
