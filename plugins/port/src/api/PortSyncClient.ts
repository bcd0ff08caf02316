import {
  createApiRef,
  DiscoveryApi,
  FetchApi,
} from '@backstage/frontend-plugin-api';
import { ResponseError } from '@backstage/errors';
import {
  EntitySyncState,
  portApiRoutes,
  PortSyncStatus,
  PreviewResponse,
  ResyncResponse,
  RetryResponse,
} from '@portsync/plugin-port-common';

/**
 * What the Port card and admin page ask of portsync's backend (`/api/port`).
 *
 * @public
 */
export interface PortSyncApi {
  getEntityState(entityRef: string): Promise<EntitySyncState>;
  retryEntity(entityRef: string): Promise<RetryResponse>;
  getStatus(): Promise<PortSyncStatus>;
  resync(options?: { force?: boolean }): Promise<ResyncResponse>;
  /** The Port entities a mapping (the one in use when absent) produces for an entity. */
  preview(entityRef: string, mapping?: unknown): Promise<PreviewResponse>;
}

/** @public */
export const portSyncApiRef = createApiRef<PortSyncApi>({
  id: 'plugin.port.sync',
});

/**
 * {@link PortSyncApi} over HTTP, with the signed-in user's token (`fetchApi`).
 *
 * @public
 */
export class PortSyncClient implements PortSyncApi {
  private readonly discoveryApi: DiscoveryApi;
  private readonly fetchApi: FetchApi;

  constructor(options: { discoveryApi: DiscoveryApi; fetchApi: FetchApi }) {
    this.discoveryApi = options.discoveryApi;
    this.fetchApi = options.fetchApi;
  }

  getEntityState(entityRef: string): Promise<EntitySyncState> {
    return this.request('GET', portApiRoutes.entityByRef(entityRef));
  }

  retryEntity(entityRef: string): Promise<RetryResponse> {
    return this.request('POST', portApiRoutes.retryEntity(entityRef));
  }

  getStatus(): Promise<PortSyncStatus> {
    return this.request('GET', portApiRoutes.status);
  }

  resync(options: { force?: boolean } = {}): Promise<ResyncResponse> {
    return this.request('POST', portApiRoutes.resync, {
      force: options.force ?? false,
    });
  }

  preview(entityRef: string, mapping?: unknown): Promise<PreviewResponse> {
    return this.request(
      'POST',
      portApiRoutes.preview,
      mapping === undefined ? { entityRef } : { entityRef, mapping },
    );
  }

  private async request<T>(
    method: 'GET' | 'POST',
    path: string,
    body?: unknown,
  ): Promise<T> {
    const baseUrl = await this.discoveryApi.getBaseUrl('port');
    const response = await this.fetchApi.fetch(`${baseUrl}${path}`, {
      method,
      // The backend refuses a POST body that is not JSON; an empty one is fine.
      ...(body === undefined
        ? {}
        : {
            headers: { 'Content-Type': 'application/json' },
            body: JSON.stringify(body),
          }),
    });
    if (!response.ok) {
      throw await ResponseError.fromResponse(response);
    }
    return (await response.json()) as T;
  }
}
