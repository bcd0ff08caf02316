import {
  createBackendModule,
  createBackendPlugin,
  coreServices,
} from '@backstage/backend-plugin-api';
import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import { catalogProcessingExtensionPoint } from '@backstage/plugin-catalog-node';
import {
  createMockDirectory,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import catalogPlugin from '@backstage/plugin-catalog-backend';
import {
  eventsServiceFactory,
  eventsServiceRef,
} from '@backstage/plugin-events-node';
import { catalogModulePort } from './module';
import { PORT_CHANGE_HINT_TOPIC, PortChangeHint } from '@portsync/plugin-port-common';

function componentYaml(name: string, description: string) {
  return [
    'apiVersion: backstage.io/v1alpha1',
    'kind: Component',
    'metadata:',
    `  name: ${name}`,
    `  description: ${description}`,
    'spec:',
    '  type: service',
    '  lifecycle: production',
    '  owner: team-a',
    '',
  ].join('\n');
}

async function waitFor(predicate: () => boolean, timeoutMs = 30_000) {
  const start = Date.now();
  while (!predicate()) {
    if (Date.now() - start > timeoutMs) throw new Error('timed out waiting');
    await new Promise(resolve => setTimeout(resolve, 100));
  }
}

/** Counts the catalog's processing runs per entity ref, so a test can wait for cycles instead of time. */
function processingCounter() {
  const runs = new Map<string, number>();
  const module = createBackendModule({
    pluginId: 'catalog',
    moduleId: 'processing-counter',
    register(env) {
      env.registerInit({
        deps: { catalog: catalogProcessingExtensionPoint },
        async init({ catalog }) {
          catalog.addProcessor({
            getProcessorName: () => 'ProcessingCounter',
            async postProcessEntity(entity: Entity) {
              const ref = stringifyEntityRef(entity);
              runs.set(ref, (runs.get(ref) ?? 0) + 1);
              return entity;
            },
          });
        },
      });
    },
  });
  return { module, runs: (ref: string) => runs.get(ref) ?? 0 };
}

describe('catalogModulePort', () => {
  const dir = createMockDirectory();

  it('publishes one hint per real change of an entity', async () => {
    dir.setContent({ 'catalog.yaml': componentYaml('billing', 'first') });
    const hints: PortChangeHint[] = [];
    const recorder = createBackendPlugin({
      pluginId: 'recorder',
      register(env) {
        env.registerInit({
          deps: { events: eventsServiceRef, logger: coreServices.logger },
          async init({ events }) {
            await events.subscribe({
              id: 'recorder',
              topics: [PORT_CHANGE_HINT_TOPIC],
              async onEvent(params) {
                hints.push(params.eventPayload as PortChangeHint);
              },
            });
          },
        });
      },
    });

    const counter = processingCounter();
    const backend = await startTestBackend({
      features: [
        catalogPlugin,
        counter.module,
        catalogModulePort,
        eventsServiceFactory,
        recorder,
        mockServices.rootConfig.factory({
          data: {
            catalog: {
              rules: [{ allow: ['Component', 'Location'] }],
              locations: [
                { type: 'file', target: dir.resolve('catalog.yaml') },
              ],
              processingInterval: { seconds: 1 },
            },
          },
        }),
      ],
    });
    try {
      const ref = 'component:default/billing';
      await waitFor(() => hints.some(h => h.entityRef === ref));
      // Three more processing runs of the unchanged entity: no new hint. A
      // hint is published in the run that saw the change, so one run later
      // any hint of an earlier run has been delivered.
      const seen = counter.runs(ref);
      await waitFor(() => counter.runs(ref) >= seen + 3);
      expect(hints.filter(h => h.entityRef === ref)).toHaveLength(1);

      dir.setContent({ 'catalog.yaml': componentYaml('billing', 'second') });
      await waitFor(() => hints.filter(h => h.entityRef === ref).length === 2);
    } finally {
      await backend.stop();
    }
  }, 60_000);
});
