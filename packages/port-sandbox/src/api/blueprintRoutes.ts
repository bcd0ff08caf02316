import { Route } from './Route';

/** Blueprint CRUD (port-api-notes §1.4). */
export const blueprintRoutes: Route[] = [
  {
    method: 'get',
    path: '/v1/blueprints',
    handler: ({ state }) => ({
      body: { ok: true, blueprints: state.store.listBlueprints() },
    }),
  },
  {
    method: 'post',
    path: '/v1/blueprints',
    handler: ({ state, body, actor }) => ({
      status: 201,
      body: { ok: true, blueprint: state.blueprints.create(body, actor) },
    }),
  },
  {
    method: 'get',
    path: '/v1/blueprints/:blueprint',
    handler: ({ state, params }) => ({
      body: { ok: true, blueprint: state.store.getBlueprint(params.blueprint) },
    }),
  },
  {
    method: 'patch',
    path: '/v1/blueprints/:blueprint',
    handler: ({ state, params, body, actor }) => ({
      body: {
        ok: true,
        blueprint: state.blueprints.update(
          params.blueprint,
          body,
          'merge',
          actor,
        ),
      },
    }),
  },
  {
    method: 'put',
    path: '/v1/blueprints/:blueprint',
    handler: ({ state, params, body, actor }) => ({
      body: {
        ok: true,
        blueprint: state.blueprints.update(
          params.blueprint,
          body,
          'replace',
          actor,
        ),
      },
    }),
  },
  {
    method: 'delete',
    path: '/v1/blueprints/:blueprint',
    handler: ({ state, params }) => {
      state.blueprints.delete(params.blueprint);
      return { body: { ok: true } };
    },
  },
];
