import { CatalogClient } from '@backstage/catalog-client';
import {
  Entity,
  parseEntityRef,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import { BackstageError, UsageError } from '../framework/CliError';

/** Refs per `POST /entities/by-refs`: keeps each request body small. */
const REFS_PER_REQUEST = 200;
const DEFAULT_PAGE_SIZE = 500;
/** All a ref listing needs: enough to build the ref, plus uid and etag. */
const REF_FIELDS = [
  'kind',
  'metadata.namespace',
  'metadata.name',
  'metadata.uid',
  'metadata.etag',
];

/** @public */
export interface BackstageCatalogSourceOptions {
  /** Backstage's backend, e.g. `http://localhost:7007`; the catalog is at `/api/catalog`. */
  url: string;
  /** A static external-access token, sent as `Authorization: Bearer`. */
  token?: string;
  /** Entities per page of `GET /entities/by-query`. Default 500. */
  pageSize?: number;
}

/**
 * The sync engine's view of a running Backstage, read over the catalog's REST API with the catalog client:
 * `GET /entities/by-query` page by page with its cursor, `POST /entities/by-refs` for bodies. Each failure becomes
 * one `BackstageError` line: unreachable, token rejected, or the status the catalog gave.
 *
 * @public
 */
export class BackstageCatalogSource {
  private readonly catalog: CatalogClient;
  private readonly url: string;
  private readonly pageSize: number;

  constructor(options: BackstageCatalogSourceOptions) {
    this.url = options.url.replace(/\/+$/, '');
    this.pageSize = options.pageSize ?? DEFAULT_PAGE_SIZE;
    const { token } = options;
    const url = this.url;
    this.catalog = new CatalogClient({
      discoveryApi: { getBaseUrl: async () => `${url}/api/catalog` },
      fetchApi: {
        fetch: async (input, init) => {
          const headers = new Headers(init?.headers);
          if (token) {
            headers.set('authorization', `Bearer ${token}`);
          }
          let response: Response;
          try {
            response = await fetch(input, { ...init, headers });
          } catch (error) {
            throw new BackstageError(
              `cannot reach Backstage at ${url}: ${networkReason(error)}`,
            );
          }
          if (response.status === 401 || response.status === 403) {
            throw new BackstageError(
              `Backstage at ${url} rejected the request (${response.status} ${
                response.statusText
              }): ${
                token
                  ? 'check BACKSTAGE_TOKEN against backend.auth.externalAccess'
                  : 'no token given; set BACKSTAGE_TOKEN'
              }`,
            );
          }
          return response;
        },
      },
    });
  }

  /**
   * How many entities (of `kinds`) the catalog holds. One small request, so it also checks that Backstage is
   * there and takes the token before a long run starts.
   */
  async count(options: { kinds?: string[] } = {}): Promise<number> {
    const response = await this.call(() =>
      this.catalog.queryEntities({
        filter: kindFilter(options.kinds),
        fields: ['kind'],
        limit: 1,
        totalItems: 'include',
      }),
    );
    return response.totalItems;
  }

  /** Every entity (of `kinds`, when given), a page at a time. */
  async *pages(options: { kinds?: string[] } = {}): AsyncIterable<Entity[]> {
    yield* this.query({
      filter: kindFilter(options.kinds),
      limit: this.pageSize,
      totalItems: 'exclude',
    });
  }

  /** `uid` and `etag` of every entity, for finding what changed without reading bodies. */
  async *listRefs(): AsyncIterable<
    Array<{ ref: string; uid: string; etag: string }>
  > {
    for await (const page of this.query({
      fields: REF_FIELDS,
      limit: this.pageSize,
      totalItems: 'exclude',
    })) {
      yield page.map(entity => ({
        ref: stringifyEntityRef(entity),
        uid: entity.metadata.uid ?? '',
        etag: entity.metadata.etag ?? '',
      }));
    }
  }

  /** The entities in the order of `refs`; `undefined` for a ref the catalog does not have. */
  async getByRefs(refs: string[]): Promise<Array<Entity | undefined>> {
    const result: Array<Entity | undefined> = [];
    for (let i = 0; i < refs.length; i += REFS_PER_REQUEST) {
      const { items } = await this.call(() =>
        this.catalog.getEntitiesByRefs({
          entityRefs: refs.slice(i, i + REFS_PER_REQUEST),
        }),
      );
      result.push(...items);
    }
    return result;
  }

  /** One entity by ref (`kind:namespace/name`, namespace optional); a `BackstageError` when there is none. */
  async getByRef(ref: string): Promise<Entity> {
    let compound;
    try {
      compound = parseEntityRef(ref);
    } catch (error) {
      throw new UsageError(
        `not an entity ref: '${ref}' (${(error as Error).message})`,
      );
    }
    const entity = await this.call(() => this.catalog.getEntityByRef(compound));
    if (!entity) {
      throw new BackstageError(
        `no entity ${stringifyEntityRef(compound)} in the catalog at ${
          this.url
        }`,
      );
    }
    return entity;
  }

  private async *query(
    initial: Parameters<CatalogClient['queryEntities']>[0] & object,
  ): AsyncIterable<Entity[]> {
    let cursor: string | undefined;
    do {
      const request = cursor
        ? { cursor, limit: initial.limit, fields: initial.fields }
        : initial;
      const response = await this.call(() =>
        this.catalog.queryEntities(request),
      );
      yield response.items;
      cursor = response.pageInfo.nextCursor;
    } while (cursor);
  }

  private async call<T>(request: () => Promise<T>): Promise<T> {
    try {
      return await request();
    } catch (error) {
      if (error instanceof BackstageError) {
        throw error;
      }
      throw new BackstageError(
        `Backstage catalog request to ${this.url} failed: ${
          (error as Error).message
        }`,
      );
    }
  }
}

/** Repeated `filter` parameters are ORed by the catalog. */
function kindFilter(kinds: string[] | undefined) {
  return kinds?.length ? kinds.map(kind => ({ kind })) : undefined;
}

function networkReason(error: unknown): string {
  const cause = (error as { cause?: { code?: string; message?: string } })
    ?.cause;
  return cause?.code ?? cause?.message ?? (error as Error).message;
}
