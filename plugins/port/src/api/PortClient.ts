import { ResponseError } from '@backstage/errors';
import type { DiscoveryApi, FetchApi } from '@backstage/frontend-plugin-api';
import {
  portApiRoutes,
  type EntitySyncState,
  type PortSyncStatus,
  type PreviewResponse,
  type ResyncResponse,
  type RetryResponse,
} from '@portsync/plugin-port-common';
import type { PortApi } from './PortApi';

/**
 * {@link PortApi} over HTTP: `discoveryApi` finds the backend, `fetchApi` adds the
 * signed-in user's token.
 * @public
 */
export class PortClient implements PortApi {
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
    return this.request('POST', portApiRoutes.retryEntity(entityRef), {});
  }

  getStatus(): Promise<PortSyncStatus> {
    return this.request('GET', portApiRoutes.status);
  }

  resync(options?: { force?: boolean }): Promise<ResyncResponse> {
    return this.request('POST', portApiRoutes.resync, {
      force: options?.force ?? false,
    });
  }

  preview(request: {
    entityRef: string;
    mapping?: unknown;
    signal?: AbortSignal;
  }): Promise<PreviewResponse> {
    const { signal, ...body } = request;
    return this.request('POST', portApiRoutes.preview, body, signal);
  }

  private async request<T>(
    method: 'GET' | 'POST',
    path: string,
    body?: unknown,
    signal?: AbortSignal,
  ): Promise<T> {
    const baseUrl = await this.discoveryApi.getBaseUrl('port');
    const response = await this.fetchApi.fetch(`${baseUrl}${path}`, {
      method,
      signal,
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
