import { createBackendModule } from '@backstage/backend-plugin-api';
import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import {
  catalogProcessingExtensionPoint,
  EntityProvider,
  EntityProviderConnection,
} from '@backstage/plugin-catalog-node';

const LOCATION = 'url:https://example.com/test-provider';

/**
 * An entity provider that tests drive directly, so that creates, updates and
 * deletes reach the real catalog deterministically (a file location would wait
 * for the next processing pass and cannot delete on demand).
 */
export function createTestEntityProvider() {
  let connection: EntityProviderConnection | undefined;
  let markConnected = () => {};
  const connected = new Promise<void>(resolve => {
    markConnected = resolve;
  });
  const provider: EntityProvider = {
    getProviderName: () => 'portsync-test-provider',
    async connect(c) {
      connection = c;
      markConnected();
    },
  };

  function withLocation(entity: Entity): Entity {
    return {
      ...entity,
      metadata: {
        ...entity.metadata,
        annotations: {
          ...entity.metadata.annotations,
          'backstage.io/managed-by-location': LOCATION,
          'backstage.io/managed-by-origin-location': LOCATION,
        },
      },
    };
  }

  async function mutate(added: Entity[], removed: Entity[]) {
    await connected;
    await connection!.applyMutation({
      type: 'delta',
      added: added.map(entity => ({
        entity: withLocation(entity),
        locationKey: LOCATION,
      })),
      removed: removed.map(entity => ({
        entityRef: stringifyEntityRef(entity),
        locationKey: LOCATION,
      })),
    });
  }

  return {
    module: createBackendModule({
      pluginId: 'catalog',
      moduleId: 'portsync-test-provider',
      register(env) {
        env.registerInit({
          deps: { catalog: catalogProcessingExtensionPoint },
          async init({ catalog }) {
            catalog.addEntityProvider(provider);
          },
        });
      },
    }),
    /** Adds or replaces entities. */
    upsert: (...entities: Entity[]) => mutate(entities, []),
    remove: (...entities: Entity[]) => mutate([], entities),
    /** Replaces everything this provider holds. */
    async replaceAll(entities: Entity[]) {
      await connected;
      await connection!.applyMutation({
        type: 'full',
        entities: entities.map(entity => ({
          entity: withLocation(entity),
          locationKey: LOCATION,
        })),
      });
    },
  };
}
