import { integrationToJson } from '../catalog/IntegrationRegistry';
import { PortApiError } from './PortApiError';
import { Route } from './Route';

/** Integration routes as Ocean's Port client uses them (port-api-notes §1.5). */
export const integrationRoutes: Route[] = [
  {
    method: 'get',
    path: '/v1/integration/provision-enabled',
    handler: () => ({ body: { ok: true, integrations: [] } }),
  },
  {
    method: 'post',
    path: '/v1/integration',
    handler: ({ state, body, actor }) => ({
      status: 201,
      body: {
        ok: true,
        integration: integrationToJson(state.integrations.create(body, actor)),
      },
    }),
  },
  {
    method: 'get',
    path: '/v1/integration/:id',
    handler: ({ state, params, holder }) => {
      // The spec: "you must have a moderator or admin role"; it documents no
      // status for a member, 403 is the sandbox's (README: assumed).
      if (holder?.role === 'member') {
        throw new PortApiError(
          403,
          'forbidden',
          'Reading an integration requires the moderator or admin role',
        );
      }
      return {
        body: {
          ok: true,
          integration: integrationToJson(state.store.getIntegration(params.id)),
        },
      };
    },
  },
  {
    method: 'patch',
    path: '/v1/integration/:id',
    handler: ({ state, params, body, actor }) => ({
      body: {
        ok: true,
        integration: integrationToJson(
          state.integrations.patch(params.id, body, actor),
        ),
      },
    }),
  },
  {
    method: 'delete',
    path: '/v1/integration/:id',
    handler: ({ state, params }) => {
      state.integrations.delete(params.id);
      return { body: { ok: true } };
    },
  },
  {
    method: 'patch',
    path: '/v1/integration/:id/config',
    handler: ({ state, params, body, headers, actor }) => ({
      body: {
        ok: true,
        integration: integrationToJson(
          state.integrations.setConfig(
            params.id,
            body,
            String(headers['x-skip-resync']).toLowerCase() === 'true',
            actor,
          ),
        ),
      },
    }),
  },
  {
    method: 'patch',
    path: '/v1/integration/:id/resync-state',
    handler: ({ state, params, body, actor }) => ({
      body: {
        ok: true,
        integration: integrationToJson(
          state.integrations.setResyncState(params.id, body, actor),
        ),
      },
    }),
  },
  {
    method: 'get',
    path: '/v1/integration/:id/resync-request',
    handler: ({ state, params }) => ({
      // Before any request was filed the sandbox answers `request: null` (README: assumed).
      body: {
        ok: true,
        request: state.store.getIntegration(params.id).resyncRequest ?? null,
      },
    }),
  },
  {
    method: 'post',
    path: '/v1/integration/:id/kinds/:kind/examples',
    handler: ({ state, params, body }) => {
      state.integrations.addExamples(params.id, params.kind, body);
      return { body: { ok: true } };
    },
  },
  {
    method: 'get',
    path: '/v1/organization',
    handler: () => ({
      body: {
        ok: true,
        organization: {
          id: 'org_sandbox',
          name: 'Port sandbox',
          featureFlags: [],
        },
      },
    }),
  },
];
