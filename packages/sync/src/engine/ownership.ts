import type { PortClient } from '@portsync/port-client';
import { PortApiError } from '@portsync/port-client';
import type { RefStateStore } from '../state/RefStateStore';
import type { DeleteTarget } from './PortWriter';
import { keyOf, relationTargets } from './produce';
import { kindFilter } from './records';
import type { SyncLogger } from './types';

/**
 * Which Port entities this integration owns. Port stamps each write with the `$datasource`
 * derived from the client's User-Agent (`port-ocean/{type}/{version}/{identifier}/exporter`),
 * and lists them by that; when the User-Agent does not match the integration, or the listing
 * fails, the state's records are the fallback.
 */
export class Ownership {
  private readonly client: PortClient;
  private readonly refs: RefStateStore;
  private readonly logger: SyncLogger;
  readonly prefix: string;
  readonly suffix: string;
  /** Whether Port stamps this client's writes with the datasource the listing asks for. */
  readonly datasourceMatches: boolean;

  constructor(options: {
    client: PortClient;
    refs: RefStateStore;
    logger: SyncLogger;
    type: string;
    identifier: string;
  }) {
    this.client = options.client;
    this.refs = options.refs;
    this.logger = options.logger;
    this.prefix = `port-ocean/${options.type}/`;
    this.suffix = `/${options.identifier}/exporter`;
    const agent = options.client.userAgent;
    this.datasourceMatches =
      agent.startsWith(this.prefix) && agent.endsWith(this.suffix);
    if (!this.datasourceMatches) {
      this.logger.warn(
        `The Port client's User-Agent "${agent}" does not match integration ${options.type}/${options.identifier}; ownership is taken from the state instead of Port's datasource listing`,
      );
    }
  }

  /** Owned entities written before `before`, with the identifiers they point at (for the deletion order). */
  async owned(
    before: Date,
    signal: AbortSignal | undefined,
  ): Promise<{ owned: DeleteTarget[]; source: 'datasource' | 'state' }> {
    if (this.datasourceMatches) {
      try {
        const listed = await this.client.listDatasourceEntities({
          datasourcePrefix: this.prefix,
          datasourceSuffix: this.suffix,
          before,
          signal,
        });
        return {
          source: 'datasource',
          owned: listed
            .filter(
              entity =>
                typeof entity.identifier === 'string' && entity.blueprint,
            )
            .map(entity => ({
              blueprint: String(entity.blueprint),
              identifier: entity.identifier as string,
              dependsOn: relationTargets(entity),
            })),
        };
      } catch (error) {
        if (!(error instanceof PortApiError)) throw error;
        this.logger.warn(
          `Port's datasource listing failed (${error.message}); taking owned entities from the state`,
        );
      }
    }
    return {
      source: 'state',
      owned: (await this.refs.listEntityRecords()).map(record => ({
        blueprint: record.blueprint,
        identifier: record.identifier,
      })),
    };
  }

  /**
   * With `kinds`, only entities recorded for refs of those kinds may be stale: the others
   * were not part of this pass.
   */
  async scope(
    kinds: string[] | undefined,
  ): Promise<((target: DeleteTarget) => boolean) | undefined> {
    if (!kinds) return undefined;
    const inScope = kindFilter(kinds);
    const keys = new Set(
      (await this.refs.listEntityRecords())
        .filter(record => inScope(record.ref))
        .map(record => keyOf(record.blueprint, record.identifier)),
    );
    return target => keys.has(keyOf(target.blueprint, target.identifier));
  }
}
