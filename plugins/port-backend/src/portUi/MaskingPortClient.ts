import { BackstageEntity } from '@portsync/mapping';
import { PortClient, RequestOptions } from '@portsync/port-client';
import { maskSecrets } from './maskSecrets';

/**
 * The Port client the plugin hands the sync engine: the engine picks and
 * sends the raw examples itself (at most 5 per kind per resync), so masking
 * them on their way out is the one place that sees every example without
 * the engine knowing about Backstage annotations.
 */
export class MaskingPortClient extends PortClient {
  override async sendRawExamples(
    identifier: string,
    kind: string,
    examples: unknown[],
    options?: RequestOptions,
  ): Promise<void> {
    await super.sendRawExamples(
      identifier,
      kind,
      examples.map(example => maskSecrets(example as BackstageEntity)),
      options,
    );
  }
}
