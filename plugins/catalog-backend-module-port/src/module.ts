import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { catalogProcessingExtensionPoint } from '@backstage/plugin-catalog-node';
import { eventsServiceRef } from '@backstage/plugin-events-node';
import { ChangeHintProcessor } from './processor/ChangeHintProcessor';

/**
 * Registers the {@link ChangeHintProcessor} with the catalog.
 *
 * @public
 */
export const catalogModulePort = createBackendModule({
  pluginId: 'catalog',
  moduleId: 'port',
  register(env) {
    env.registerInit({
      deps: {
        catalog: catalogProcessingExtensionPoint,
        events: eventsServiceRef,
        logger: coreServices.logger,
      },
      async init({ catalog, events, logger }) {
        catalog.addProcessor(new ChangeHintProcessor({ events, logger }));
      },
    });
  },
});
