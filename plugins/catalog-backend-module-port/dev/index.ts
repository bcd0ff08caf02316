/*
 * `npm start` in this directory: the catalog with this module alone, on the example catalog, and a subscriber that
 * logs every change hint the module publishes. Edit a file under examples/catalog/ and watch a hint appear after
 * the entity's next processing (every 5 s here). Port is not involved: the hints are what this module produces.
 * It listens on a free port, so it never clashes with the demo backend or another dev backend.
 */
import { resolve } from 'node:path';
import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { createBackend } from '@backstage/backend-defaults';
import { mockServices } from '@backstage/backend-test-utils';
import { eventsServiceRef } from '@backstage/plugin-events-node';
import {
  PORT_CHANGE_HINT_TOPIC,
  PortChangeHint,
} from '@portsync/plugin-port-common';

const KINDS = [
  'Component',
  'System',
  'API',
  'Resource',
  'Location',
  'Domain',
  'Group',
  'User',
  'Template',
];

const logHints = createBackendModule({
  pluginId: 'catalog',
  moduleId: 'port-dev-hint-log',
  register(env) {
    env.registerInit({
      deps: { events: eventsServiceRef, logger: coreServices.logger },
      async init({ events, logger }) {
        await events.subscribe({
          id: 'port-dev-hint-log',
          topics: [PORT_CHANGE_HINT_TOPIC],
          async onEvent(params) {
            const { entityRef } = params.eventPayload as PortChangeHint;
            logger.info(`change hint: ${entityRef}`);
          },
        });
      },
    });
  },
});

const backend = createBackend();
backend.add(
  mockServices.rootConfig.factory({
    data: {
      backend: {
        baseUrl: 'http://localhost',
        // Nothing calls this backend over HTTP, so any free port will do.
        listen: { port: 0 },
        database: { client: 'better-sqlite3', connection: ':memory:' },
      },
      catalog: {
        rules: [{ allow: KINDS }],
        processingInterval: { seconds: 5 },
        locations: [
          {
            type: 'file',
            target: resolve(__dirname, '../../../examples/catalog/all.yaml'),
          },
        ],
      },
      events: { useEventBus: 'never' },
    },
  }),
);
backend.add(import('@backstage/plugin-catalog-backend'));
backend.add(
  import('@backstage/plugin-catalog-backend-module-scaffolder-entity-model'),
);
backend.add(import('../src'));
backend.add(logHints);
backend.start();
