import { UpsertFlags, UpsertResult } from '../catalog/EntityWriter';
import { project } from '../search/project';
import { entityToJson } from '../store/records';
import { PortApiError, notFound } from './PortApiError';
import { flag, list } from './query';
import { Query, Route } from './Route';

function upsertFlags(query: Query): UpsertFlags {
  return {
    upsert: flag(query, 'upsert'),
    merge: flag(query, 'merge'),
    createMissingRelatedEntities: flag(
      query,
      'create_missing_related_entities',
    ),
    validationOnly: flag(query, 'validation_only'),
  };
}

function createdStatus(result: UpsertResult): number {
  // Port's spec documents 201; for an update of an existing entity the sandbox
  // answers 200, as Ocean's fakes do (README: assumed).
  return result.created ? 201 : 200;
}

/** Entity routes (port-api-notes §1.3). */
export const entityRoutes: Route[] = [
  {
    method: 'post',
    path: '/v1/blueprints/:blueprint/entities',
    handler: ({ state, params, query, body, actor }) => {
      const result = state.entities.upsert(
        params.blueprint,
        body,
        upsertFlags(query),
        actor,
      );
      return {
        status: createdStatus(result),
        body: { ok: true, entity: entityToJson(result.entity) },
      };
    },
  },
  {
    method: 'post',
    path: '/v1/blueprints/:blueprint/entities/bulk',
    handler: ({ state, params, query, body, actor }) => {
      state.store.getBlueprint(params.blueprint);
      const flags = upsertFlags(query);
      // The spec's schema covers every item, so one malformed item has
      // already failed the whole request with 422 (README: assumed).
      const { entities } = body as { entities: Record<string, unknown>[] };
      const results: Record<string, unknown>[] = [];
      const errors: Record<string, unknown>[] = [];
      state.store.transaction(() => {
        entities.forEach((entity, index) => {
          try {
            const result = state.entities.upsert(
              params.blueprint,
              entity,
              flags,
              actor,
            );
            results.push({
              created: result.created,
              identifier: result.entity.identifier,
              index,
            });
          } catch (error) {
            if (!(error instanceof PortApiError)) throw error;
            errors.push({
              // Ocean reads "unknown" as "a search-query identifier matched nothing".
              identifier:
                typeof entity.identifier === 'string'
                  ? entity.identifier
                  : 'unknown',
              index,
              statusCode: error.status,
              error: error.code,
              message: error.message,
            });
          }
        });
      });
      return {
        status: errors.length > 0 ? 207 : 200,
        body: { ok: errors.length === 0, entities: results, errors },
      };
    },
  },
  {
    method: 'get',
    path: '/v1/blueprints/:blueprint/entities',
    handler: ({ state, params, query }) => {
      state.store.getBlueprint(params.blueprint);
      const include = list(query, 'include');
      const exclude = list(query, 'exclude');
      const entities = [...state.store.entitiesOf(params.blueprint)].map(
        entity => project(entityToJson(entity), include, exclude),
      );
      return { body: { ok: true, entities } };
    },
  },
  {
    method: 'get',
    path: '/v1/blueprints/:blueprint/entities/:identifier',
    handler: ({ state, params, query }) => {
      state.store.getBlueprint(params.blueprint);
      const entity = state.store.findEntity(
        params.blueprint,
        params.identifier,
      );
      if (!entity) {
        throw notFound(
          `Entity with identifier "${params.identifier}" was not found in blueprint "${params.blueprint}"`,
        );
      }
      return {
        body: {
          ok: true,
          entity: project(
            entityToJson(entity),
            list(query, 'include'),
            list(query, 'exclude'),
          ),
        },
      };
    },
  },
  {
    method: 'patch',
    path: '/v1/blueprints/:blueprint/entities/:identifier',
    handler: ({ state, params, query, body, actor }) => ({
      body: {
        ok: true,
        entity: entityToJson(
          state.entities.update(
            params.blueprint,
            params.identifier,
            body,
            'merge',
            flag(query, 'create_missing_related_entities'),
            actor,
          ),
        ),
      },
    }),
  },
  {
    method: 'put',
    path: '/v1/blueprints/:blueprint/entities/:identifier',
    handler: ({ state, params, query, body, actor }) => ({
      body: {
        ok: true,
        entity: entityToJson(
          state.entities.update(
            params.blueprint,
            params.identifier,
            body,
            'replace',
            flag(query, 'create_missing_related_entities'),
            actor,
          ),
        ),
      },
    }),
  },
  {
    method: 'delete',
    path: '/v1/blueprints/:blueprint/entities/:identifier',
    handler: ({ state, params, query }) => {
      state.deleter.delete(
        params.blueprint,
        params.identifier,
        flag(query, 'delete_dependents'),
      );
      return { body: { ok: true } };
    },
  },
  {
    method: 'post',
    path: '/v1/blueprints/:blueprint/bulk/entities/delete',
    handler: ({ state, params, query, body }) => {
      const { entities } = body as { entities: string[] };
      const deletedEntities = state.deleter.deleteMany(
        params.blueprint,
        entities,
        flag(query, 'delete_dependents'),
      );
      return { body: { ok: true, deletedEntities } };
    },
  },
  {
    method: 'delete',
    path: '/v1/blueprints/:blueprint/all-entities',
    handler: ({ state, params, query }) => {
      const identifiers = [...state.store.entitiesOf(params.blueprint)].map(
        entity => entity.identifier,
      );
      state.deleter.deleteMany(params.blueprint, identifiers, true);
      if (flag(query, 'delete_blueprint'))
        state.blueprints.delete(params.blueprint);
      // Port runs this as a background migration; the spec's answer is `{ ok: true }`.
      return { body: { ok: true } };
    },
  },
];
