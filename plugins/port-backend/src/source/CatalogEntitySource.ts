import { AuthService } from '@backstage/backend-plugin-api';
import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import { CatalogService } from '@backstage/plugin-catalog-node';

/** Refs per `getEntitiesByRefs` call: keeps each request body small. */
const REFS_PER_REQUEST = 200;
const PAGE_SIZE = 500;
/** All the change scan needs: enough to build the ref, plus uid and etag. */
const SCAN_FIELDS = [
  'kind',
  'metadata.namespace',
  'metadata.name',
  'metadata.uid',
  'metadata.etag',
];

/**
 * The sync engine's view of the catalog, read through the catalog service
 * with the plugin's own service credentials.
 */
export class CatalogEntitySource {
  readonly #catalog: CatalogService;
  readonly #auth: AuthService;

  constructor(options: { catalog: CatalogService; auth: AuthService }) {
    this.#catalog = options.catalog;
    this.#auth = options.auth;
  }

  async *pages(options: { kinds?: string[] } = {}): AsyncIterable<Entity[]> {
    const credentials = await this.#auth.getOwnServiceCredentials();
    yield* this.#catalog.streamEntities(
      {
        filter: options.kinds?.map(kind => ({ kind })),
        pageSize: PAGE_SIZE,
      },
      { credentials },
    );
  }

  async getByRefs(refs: string[]): Promise<Array<Entity | undefined>> {
    const credentials = await this.#auth.getOwnServiceCredentials();
    const result: Array<Entity | undefined> = [];
    for (let i = 0; i < refs.length; i += REFS_PER_REQUEST) {
      const { items } = await this.#catalog.getEntitiesByRefs(
        { entityRefs: refs.slice(i, i + REFS_PER_REQUEST) },
        { credentials },
      );
      result.push(...items);
    }
    return result;
  }

  async *listRefs(): AsyncIterable<
    Array<{ ref: string; uid: string; etag: string }>
  > {
    const credentials = await this.#auth.getOwnServiceCredentials();
    for await (const page of this.#catalog.streamEntities(
      { fields: SCAN_FIELDS, pageSize: PAGE_SIZE },
      { credentials },
    )) {
      yield page.map(entity => ({
        ref: stringifyEntityRef(entity),
        uid: entity.metadata.uid ?? '',
        etag: entity.metadata.etag ?? '',
      }));
    }
  }
}
