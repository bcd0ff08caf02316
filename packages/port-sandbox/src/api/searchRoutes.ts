import { project } from '../search/project';
import { SearchQuery, searchEntities } from '../search/searchEntities';
import { EntityRecord, entityToJson } from '../store/records';
import { checkBody } from '../validation/routeSchemas';
import { invalid } from './PortApiError';
import { list } from './query';
import { Route } from './Route';

interface DatasourceQuery {
  datasource_prefix: string;
  datasource_suffix?: string;
  limit?: number;
  before?: string;
  from?: string | null;
}

/** A body that passed the spec's schema of the blueprint-scoped search. */
interface BlueprintSearch {
  query?: SearchQuery;
  include?: string[];
  exclude?: string[];
  limit?: number;
  from?: string;
}

/** The spec's default `limit` of the blueprint-scoped search. */
const DEFAULT_SEARCH_PAGE = 200;

/** Page size when the datasource listing is called without `limit` (Ocean always sends 5000). */
const DEFAULT_DATASOURCE_PAGE = 5000;

/** Search and the datasource listing (port-api-notes §1.3). */
export const searchRoutes: Route[] = [
  {
    method: 'post',
    path: '/v1/entities/search',
    handler: ({ state, query, body }) => {
      const include = list(query, 'include');
      const exclude = list(query, 'exclude');
      const entities = searchEntities(
        state.store,
        body as SearchQuery,
        state.now(),
      ).map(entity => project(entityToJson(entity), include, exclude));
      return { body: { ok: true, entities } };
    },
  },
  {
    method: 'post',
    path: '/v1/blueprints/:blueprint/entities/search',
    handler: ({ state, params, body }) => {
      const request = body as BlueprintSearch;
      state.store.getBlueprint(params.blueprint);
      const rules: unknown[] = [
        { property: '$blueprint', operator: '=', value: params.blueprint },
      ];
      if (request.query) rules.push(request.query);
      const startAfter = request.from ? decodeCursor(request.from) : 0;
      const limit = request.limit ?? DEFAULT_SEARCH_PAGE;
      const matches = searchEntities(
        state.store,
        { combinator: 'and', rules },
        state.now(),
      )
        .filter(entity => state.store.sequenceOf(entity) > startAfter)
        .sort((a, b) => state.store.sequenceOf(a) - state.store.sequenceOf(b));
      const page = matches.slice(0, limit);
      const entities = page.map(entity =>
        project(
          entityToJson(entity),
          request.include ?? [],
          request.exclude ?? [],
        ),
      );
      // The spec types `next` as a string: it is left out on the last page.
      return {
        body: {
          ok: true,
          entities,
          ...(matches.length > limit
            ? { next: encodeCursor(state.store.sequenceOf(page[limit - 1])) }
            : {}),
        },
      };
    },
  },
  {
    method: 'post',
    path: '/v1/blueprints/entities/datasource-entities',
    handler: ({ state, body }) => {
      const request = checkBody<DatasourceQuery>('datasourceEntities', body);
      const limit = request.limit ?? DEFAULT_DATASOURCE_PAGE;
      const before =
        request.before === undefined ? undefined : Date.parse(request.before);
      const suffix = request.datasource_suffix ?? '';
      const startAfter = request.from ? decodeCursor(request.from) : 0;
      const page: EntityRecord[] = [];
      let next: string | null = null;
      for (const entity of state.store.allEntities()) {
        if (state.store.sequenceOf(entity) <= startAfter) continue;
        if (!entity.datasource.startsWith(request.datasource_prefix)) continue;
        if (!entity.datasource.endsWith(suffix)) continue;
        if (before !== undefined && Date.parse(entity.updatedAt) >= before)
          continue;
        if (page.length === limit) {
          const last = page[page.length - 1];
          next = encodeCursor(state.store.sequenceOf(last));
          break;
        }
        page.push(entity);
      }
      return { body: { ok: true, entities: page.map(entityToJson), next } };
    },
  },
];

function encodeCursor(sequence: number): string {
  return Buffer.from(`seq:${sequence}`).toString('base64url');
}

function decodeCursor(cursor: string): number {
  const match = /^seq:(\d+)$/.exec(Buffer.from(cursor, 'base64url').toString());
  if (!match)
    throw invalid(`The "from" cursor "${cursor}" is not one this API returned`);
  return Number(match[1]);
}
