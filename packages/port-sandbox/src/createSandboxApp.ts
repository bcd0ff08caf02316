import express, { Express, Request, RequestHandler, Router } from 'express';
import { adminRoutes } from './api/adminRoutes';
import { authRoutes } from './api/authRoutes';
import { blueprintRoutes } from './api/blueprintRoutes';
import { entityRoutes } from './api/entityRoutes';
import { integrationRoutes } from './api/integrationRoutes';
import { searchRoutes } from './api/searchRoutes';
import {
  injectFaults,
  limitRate,
  logRequests,
  portErrors,
  requireToken,
} from './api/middleware';
import { notFound } from './api/PortApiError';
import { checkRequests, checkResponses } from './api/specContract';
import { Query, Route } from './api/Route';
import { SandboxState } from './sandbox/SandboxState';
import { TokenHolder } from './sandbox/TokenIssuer';
import { webRouter } from './web/webRouter';

/** Port's documented body limit on every write route (port-api-notes §3). */
const BODY_LIMIT = '1mb';

/** The Port API routes in registration order; fixed paths come before parameterised ones. */
const PORT_ROUTES: Route[] = [
  ...authRoutes,
  ...searchRoutes,
  ...blueprintRoutes,
  ...entityRoutes,
  ...integrationRoutes,
];

/**
 * Builds the sandbox's HTTP app over `state` without listening, so tests and the
 * bin decide where it runs.
 *
 * @public
 */
export function createSandboxApp(state: SandboxState): Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('query parser', 'simple');

  const api = Router();
  api.use(onlyUnder('/v1/'));
  api.use(logRequests(state));
  api.use(checkResponses(state));
  api.use(injectFaults(state));
  api.use(limitRate(state));
  api.use(requireToken(state));
  api.use(express.json({ limit: BODY_LIMIT }));
  api.use(checkRequests(state));
  mount(api, PORT_ROUTES, state);
  api.use((req, _res, next) =>
    next(notFound(`Route ${req.method} ${req.path} was not found`)),
  );
  api.use(portErrors(state));
  app.use(api);

  const admin = Router();
  admin.use(onlyUnder('/_sandbox/'));
  admin.use(express.json({ limit: '10mb' }));
  mount(admin, adminRoutes, state);
  admin.use((req, _res, next) =>
    next(notFound(`Route ${req.method} ${req.path} was not found`)),
  );
  admin.use(portErrors(state));
  app.use(admin);
  app.use(webRouter(state));

  return app;
}

/** Routers keep their full paths; each one only takes the requests under its prefix. */
function onlyUnder(prefix: string): RequestHandler {
  return (req, _res, next) =>
    next(req.path.startsWith(prefix) ? undefined : 'router');
}

function mount(router: Router, routes: Route[], state: SandboxState): void {
  for (const route of routes) {
    router[route.method](route.path, (req: Request, res, next) => {
      const holder: TokenHolder | undefined = res.locals.holder;
      try {
        const { status = 200, body } = route.handler({
          state,
          params: req.params,
          query: req.query as Query,
          body: req.body,
          headers: req.headers,
          holder,
          actor: {
            clientId: holder?.clientId ?? state.clientId,
            userAgent: req.get('user-agent') ?? '',
          },
        });
        res.status(status).json(body);
      } catch (error) {
        next(error);
      }
    });
  }
}
