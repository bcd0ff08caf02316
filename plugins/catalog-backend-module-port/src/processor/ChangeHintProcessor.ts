import { createHash } from 'crypto';
import { LoggerService } from '@backstage/backend-plugin-api';
import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import {
  CatalogProcessor,
  CatalogProcessorCache,
  CatalogProcessorEmit,
  LocationSpec,
} from '@backstage/plugin-catalog-node';
import { EventsService } from '@backstage/plugin-events-node';
import { PORT_CHANGE_HINT_TOPIC, PortChangeHint } from '@portsync/plugin-port-common';

const HASH_CACHE_KEY = 'portsync-content-hash';

/**
 * Publishes a {@link PortChangeHint} when the processed content of an entity
 * differs from what this processor saw in the entity's previous processing
 * run.
 *
 * The catalog calls processors on every processing cycle, changed or not, and
 * has no change events of its own; the per-entity processor cache survives
 * between cycles, so comparing a content hash with the cached one yields one
 * hint per real change. Deletions never reach processors: the plugin's change
 * scan finds those.
 */
export class ChangeHintProcessor implements CatalogProcessor {
  readonly #events: EventsService;
  readonly #logger: LoggerService;

  constructor(options: { events: EventsService; logger: LoggerService }) {
    this.#events = options.events;
    this.#logger = options.logger;
  }

  getProcessorName(): string {
    return 'PortChangeHintProcessor';
  }

  async postProcessEntity(
    entity: Entity,
    _location: LocationSpec,
    _emit: CatalogProcessorEmit,
    cache: CatalogProcessorCache,
  ): Promise<Entity> {
    const hash = createHash('sha1')
      .update(JSON.stringify(entity))
      .digest('hex');
    if ((await cache.get<string>(HASH_CACHE_KEY)) !== hash) {
      await cache.set(HASH_CACHE_KEY, hash);
      this.#publish({ entityRef: stringifyEntityRef(entity) });
    }
    return entity;
  }

  // Not awaited: a slow events bus must not hold up catalog processing, and a
  // lost hint only delays the change until the plugin's next change scan.
  #publish(hint: PortChangeHint) {
    this.#events
      .publish({ topic: PORT_CHANGE_HINT_TOPIC, eventPayload: hint })
      .catch(error =>
        this.#logger.warn(
          `Could not publish change hint for ${hint.entityRef}`,
          {
            entityRef: hint.entityRef,
            error: String(error),
          },
        ),
      );
  }
}
