import { Actor } from '../catalog/Actor';
import { FaultConfig, SandboxOptions, SandboxRole } from '../types';
import { checkBody } from '../validation/routeSchemas';
import { flag } from './query';
import { Route } from './Route';

/** Edits made through the admin routes stand for a person using Port's UI. */
export const PORT_UI: Actor = { clientId: 'port-ui', userAgent: 'port-ui' };

/**
 * The sandbox's own controls under `/_sandbox/` (no auth: a local test tool):
 * faults, the request log, reset, token expiry, rate limits, and the integration
 * edits a person makes in Port's UI.
 */
export const adminRoutes: Route[] = [
  {
    method: 'get',
    path: '/_sandbox/faults',
    handler: ({ state }) => ({ body: { ok: true, ...state.faults.config() } }),
  },
  {
    method: 'put',
    path: '/_sandbox/faults',
    handler: ({ state, body }) => {
      state.faults.set(checkBody<FaultConfig>('faultConfig', body));
      return { body: { ok: true, ...state.faults.config() } };
    },
  },
  {
    method: 'delete',
    path: '/_sandbox/faults',
    handler: ({ state }) => {
      state.faults.reset();
      return { body: { ok: true } };
    },
  },
  {
    method: 'get',
    path: '/_sandbox/requests',
    handler: ({ state }) => ({
      body: {
        ok: true,
        requests: state.requestLog.list(),
        countsByStatus: state.requestLog.countsByStatus(),
      },
    }),
  },
  {
    method: 'delete',
    path: '/_sandbox/requests',
    handler: ({ state }) => {
      state.requestLog.clear();
      return { body: { ok: true } };
    },
  },
  {
    method: 'post',
    path: '/_sandbox/reset',
    handler: ({ state }) => {
      state.reset();
      return { body: { ok: true } };
    },
  },
  {
    method: 'post',
    path: '/_sandbox/credentials',
    handler: ({ state, body }) => {
      const { role = 'member' } = checkBody<{ role?: SandboxRole }>(
        'credentials',
        body,
      );
      return { status: 201, body: { ok: true, ...state.addCredentials(role) } };
    },
  },
  {
    method: 'post',
    path: '/_sandbox/expire-tokens',
    handler: ({ state }) => {
      state.tokens.expireAll();
      return { body: { ok: true } };
    },
  },
  {
    method: 'put',
    path: '/_sandbox/rate-limit',
    handler: ({ state, body }) => {
      const { rateLimit } = checkBody<{
        rateLimit: SandboxOptions['rateLimit'];
      }>('rateLimit', body);
      state.setRateLimit(rateLimit);
      return { body: { ok: true } };
    },
  },
  {
    method: 'get',
    path: '/_sandbox/stats',
    handler: ({ state }) => ({
      body: {
        ok: true,
        blueprints: state.store.listBlueprints().length,
        entities: state.store.totalEntities(),
        requests: state.requestLog.list().length,
        // maxRSS is in kilobytes.
        maxRssBytes: process.resourceUsage().maxRSS * 1024,
      },
    }),
  },
  {
    method: 'get',
    path: '/_sandbox/integrations/:id',
    handler: ({ state, params }) => ({
      body: { ok: true, integration: state.store.getIntegration(params.id) },
    }),
  },
  {
    method: 'post',
    path: '/_sandbox/integrations/:id/resync-request',
    handler: ({ state, params }) => ({
      body: {
        ok: true,
        request: state.integrations.requestResync(params.id, PORT_UI)
          .resyncRequest,
      },
    }),
  },
  {
    method: 'put',
    path: '/_sandbox/integrations/:id/config',
    handler: ({ state, params, query, body }) => ({
      body: {
        ok: true,
        // Saving a mapping in Port's UI starts a resync unless `resync=false`.
        integration: state.integrations.setConfig(
          params.id,
          body,
          !flag(query, 'resync', true),
          PORT_UI,
        ),
      },
    }),
  },
];
