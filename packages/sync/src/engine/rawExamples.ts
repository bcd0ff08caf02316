import type { BackstageEntity, CompiledMapping } from '@portsync/mapping';
import type { PortClient } from '@portsync/port-client';
import { stableStringify } from '../hashPayload';
import { maskSecrets } from './maskSecrets';
import type { SyncLogger } from './types';

/** Ocean sends at most this many raw entities per kind. */
const MAX_RAW_EXAMPLES = 5;

/**
 * Raw data examples for Port's data-source page: up to five catalog entities per kind, sent
 * after a resync, as Ocean does. Every example is masked here (credentials in annotations),
 * whoever runs the engine: Port shows examples to everyone who can open that page.
 */
export class RawExamples {
  private readonly client: PortClient;
  private readonly mapping: CompiledMapping;
  private readonly logger: SyncLogger;
  private readonly integrationId: string;
  readonly enabled: boolean;
  /** Hash of the examples last sent per kind, so an unchanged catalog sends none. */
  private readonly sent = new Map<string, string>();

  constructor(options: {
    client: PortClient;
    mapping: CompiledMapping;
    logger: SyncLogger;
    integrationId: string;
    enabled: boolean;
  }) {
    this.client = options.client;
    this.mapping = options.mapping;
    this.logger = options.logger;
    this.integrationId = options.integrationId;
    this.enabled = options.enabled;
  }

  /** Keeps `entity` (masked) as an example of its kind when that kind has fewer than five. */
  collect(
    examples: Map<string, BackstageEntity[]>,
    entity: BackstageEntity,
  ): void {
    if (!this.enabled) return;
    const kind = this.resourceKind(entity.kind);
    const kept = examples.get(kind) ?? [];
    if (kept.length >= MAX_RAW_EXAMPLES) return;
    kept.push(maskSecrets(entity));
    examples.set(kind, kept);
  }

  async send(examples: Map<string, BackstageEntity[]>): Promise<void> {
    if (!this.enabled) return;
    for (const [kind, entities] of examples) {
      const hash = stableStringify(entities);
      if (this.sent.get(kind) === hash) continue;
      try {
        await this.client.sendRawExamples(this.integrationId, kind, entities);
        this.sent.set(kind, hash);
      } catch (error) {
        // As in Ocean, examples are a convenience: a failure is only logged.
        this.logger.warn(
          `could not send raw examples of kind ${kind}: ${
            (error as Error).message
          }`,
        );
      }
    }
  }

  /** The kind as the mapping spells it (Ocean reports examples under the resource's kind). */
  private resourceKind(kind: string): string {
    const lower = kind.toLowerCase();
    return this.mapping.kinds().find(k => k.toLowerCase() === lower) ?? kind;
  }
}
