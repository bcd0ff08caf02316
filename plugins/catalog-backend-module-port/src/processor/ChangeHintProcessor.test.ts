import { mockServices } from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import {
  CatalogProcessorCache,
  LocationSpec,
} from '@backstage/plugin-catalog-node';
import { EventsService } from '@backstage/plugin-events-node';
import { PORT_CHANGE_HINT_TOPIC } from '@portsync/plugin-port-common';
import { ChangeHintProcessor } from './ChangeHintProcessor';

/** The per-entity cache the catalog keeps between processing runs. */
function memoryCache(): CatalogProcessorCache {
  const values = new Map<string, unknown>();
  return {
    get: async <T>(key: string) => values.get(key) as T | undefined,
    set: async (key, value) => {
      values.set(key, value);
    },
  };
}

const location: LocationSpec = { type: 'url', target: 'https://example.com' };

function component(description: string): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: { name: 'billing', namespace: 'default', description },
    spec: { type: 'service' },
  };
}

function setup(publish: EventsService['publish'] = async () => {}) {
  const events = {
    publish: jest.fn(publish),
    subscribe: jest.fn(),
  } satisfies EventsService;
  const logger = mockServices.logger.mock();
  const processor = new ChangeHintProcessor({ events, logger });
  const cache = memoryCache();
  const run = (entity: Entity) =>
    processor.postProcessEntity(entity, location, () => {}, cache);
  return { events, logger, processor, run };
}

describe('ChangeHintProcessor', () => {
  it('publishes a hint the first time it sees an entity and returns the entity unchanged', async () => {
    const { events, run } = setup();
    const entity = component('first');
    await expect(run(entity)).resolves.toBe(entity);
    expect(events.publish).toHaveBeenCalledTimes(1);
    expect(events.publish).toHaveBeenCalledWith({
      topic: PORT_CHANGE_HINT_TOPIC,
      eventPayload: { entityRef: 'component:default/billing' },
    });
  });

  it('publishes nothing for a run of unchanged content, and again when it changes', async () => {
    const { events, run } = setup();
    await run(component('first'));
    await run(component('first'));
    await run(component('first'));
    expect(events.publish).toHaveBeenCalledTimes(1);
    await run(component('second'));
    expect(events.publish).toHaveBeenCalledTimes(2);
  });

  it('does not wait for the events bus', async () => {
    const { run } = setup(() => new Promise<void>(() => {}));
    await expect(run(component('first'))).resolves.toBeDefined();
  });

  it('logs a failed publish instead of failing the processing run', async () => {
    const { logger, run } = setup(async () => {
      throw new Error('bus down');
    });
    await run(component('first'));
    await new Promise(setImmediate);
    expect(logger.warn).toHaveBeenCalledWith(
      'Could not publish change hint for component:default/billing',
      { entityRef: 'component:default/billing', error: 'Error: bus down' },
    );
  });

  it('has a stable name', () => {
    expect(setup().processor.getProcessorName()).toBe(
      'PortChangeHintProcessor',
    );
  });
});
