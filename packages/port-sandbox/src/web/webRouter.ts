import express, { Response, Router } from 'express';
import { PORT_UI } from '../api/adminRoutes';
import { PortApiError } from '../api/PortApiError';
import { SandboxState } from '../sandbox/SandboxState';
import { entityToJson } from '../store/records';
import { html, page } from './html';
import {
  blueprintPage,
  entityPage,
  homePage,
  integrationPage,
  requestsPage,
} from './pages';

/**
 * The server-rendered web view: blueprints with counts, a blueprint's entities with
 * a search box, one entity with its relations as links, integrations and the request
 * log. No front-end build; plain HTML.
 */
export function webRouter(state: SandboxState): Router {
  const router = Router();
  const send = (res: Response, status: number, body: string) =>
    res.status(status).type('html').send(body);

  router.get('/', (_req, res) => send(res, 200, homePage(state)));
  router.get('/requests', (_req, res) => send(res, 200, requestsPage(state)));
  router.get('/blueprints/:blueprint', (req, res) => {
    const blueprint = state.store.findBlueprint(req.params.blueprint);
    if (!blueprint)
      return send(
        res,
        404,
        notFoundPage(`Blueprint "${req.params.blueprint}"`),
      );
    const query = typeof req.query.q === 'string' ? req.query.q : '';
    return send(res, 200, blueprintPage(state, blueprint, query));
  });
  const showEntity = (res: Response, blueprint: string, identifier: string) => {
    const entity = state.store.findEntity(blueprint, identifier);
    if (!entity) {
      return send(res, 404, notFoundPage(`Entity "${identifier}"`));
    }
    return send(res, 200, entityPage(state, entity, entityToJson(entity)));
  };
  router.get('/blueprints/:blueprint/entities/:identifier', (req, res) =>
    showEntity(res, req.params.blueprint, req.params.identifier),
  );
  // The address of an entity's page in Port's app (`<appUrl>/<blueprint>Entity?identifier=<id>`), so that links
  // built for Port (portsync's `port.appUrl`) work against the sandbox too.
  router.get(/^\/([^/]+)Entity$/, (req, res) => {
    const identifier = req.query.identifier;
    if (typeof identifier !== 'string' || identifier === '') {
      return send(
        res,
        400,
        page(
          'Bad request',
          html`<p>Give the entity as <code>?identifier=</code>.</p>`,
        ),
      );
    }
    return showEntity(res, req.params[0], identifier);
  });
  router.get('/integrations/:id', (req, res) => {
    const integration = state.store.findIntegration(req.params.id);
    if (!integration)
      return send(res, 404, notFoundPage(`Integration "${req.params.id}"`));
    return send(res, 200, integrationPage(integration));
  });
  // The two edits a person makes on Port's data-sources page.
  const form = express.urlencoded({ extended: false, limit: '1mb' });
  router.post('/integrations/:id/resync', (req, res) => {
    if (!state.store.findIntegration(req.params.id)) {
      return send(res, 404, notFoundPage(`Integration "${req.params.id}"`));
    }
    state.integrations.requestResync(req.params.id, PORT_UI);
    return res.redirect(
      303,
      `/integrations/${encodeURIComponent(req.params.id)}`,
    );
  });
  router.post('/integrations/:id/config', form, (req, res) => {
    const integration = state.store.findIntegration(req.params.id);
    if (!integration)
      return send(res, 404, notFoundPage(`Integration "${req.params.id}"`));
    let config: unknown;
    try {
      config = JSON.parse(String(req.body.config ?? ''));
    } catch (error) {
      return send(
        res,
        422,
        integrationPage(
          integration,
          `Config is not valid JSON: ${(error as Error).message}`,
        ),
      );
    }
    try {
      state.integrations.setConfig(
        req.params.id,
        { config },
        req.body.resync !== 'true',
        PORT_UI,
      );
    } catch (error) {
      if (!(error instanceof PortApiError)) throw error;
      return send(
        res,
        error.status,
        integrationPage(integration, error.message),
      );
    }
    return res.redirect(
      303,
      `/integrations/${encodeURIComponent(req.params.id)}`,
    );
  });
  return router;
}

function notFoundPage(what: string): string {
  return page('Not found', html`<p>${what} was not found.</p>`);
}
