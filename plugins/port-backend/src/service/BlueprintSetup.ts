import { LoggerService } from '@backstage/backend-plugin-api';
import { blueprintsForMapping, CompiledMapping } from '@portsync/mapping';
import { PortClient } from '@portsync/port-client';
import { PortBlueprintSetupState } from '@portsync/plugin-port-common';
import { ensureBlueprints } from '@portsync/sync';

/**
 * Compares Port's blueprints with what the mapping needs, at every start and
 * every resync, and adds what portsync owns and Port lacks (its own blueprints
 * only when `initializePortResources` is on). A mismatch it may not fix is
 * logged once, when first seen, and stays in `/status` and Port's resync state
 * until Port is fixed.
 */
export class BlueprintSetup {
  readonly #client: PortClient;
  readonly #logger: LoggerService;
  readonly #mapping: () => CompiledMapping;
  readonly #createOwn: boolean;
  #status: PortBlueprintSetupState = { mismatches: [] };
  readonly #logged = new Set<string>();

  constructor(options: {
    client: PortClient;
    logger: LoggerService;
    /** The mapping in use (it may change when it is read from Port). */
    mapping: () => CompiledMapping;
    /** `port.initializePortResources`. */
    createOwn: boolean;
  }) {
    this.#client = options.client;
    this.#logger = options.logger;
    this.#mapping = options.mapping;
    this.#createOwn = options.createOwn;
  }

  status(): PortBlueprintSetupState {
    return { ...this.#status, mismatches: [...this.#status.mismatches] };
  }

  /** Throws when Port could not be read or written; the caller decides whether to go on. */
  async ensure(signal?: AbortSignal): Promise<void> {
    const { blueprints, needs, dynamic } = blueprintsForMapping(
      this.#mapping().config,
    );
    try {
      const result = await ensureBlueprints(
        this.#client,
        { blueprints: this.#createOwn ? blueprints : [], needs },
        { signal },
      );
      if (result.created.length > 0) {
        this.#logger.info(
          `Created blueprints in Port: ${result.created.join(', ')}`,
        );
      }
      if (result.added.length > 0) {
        this.#logger.info(
          `Added to blueprints in Port what the mapping needs: ${result.added.join(
            ', ',
          )}`,
        );
      }
      for (const mismatch of result.mismatches) {
        this.#logOnce(mismatch.message, () =>
          this.#logger.warn(mismatch.message, {
            blueprint: mismatch.blueprint,
            field: mismatch.field,
          }),
        );
      }
      if (dynamic.length > 0) {
        this.#logOnce(`dynamic:${dynamic.join()}`, () =>
          this.#logger.info(
            `Blueprints computed by expressions cannot be checked before mapping: ${dynamic.join(
              ', ',
            )}`,
          ),
        );
      }
      this.#status = {
        checkedAt: new Date().toISOString(),
        mismatches: result.mismatches,
      };
    } catch (error) {
      this.#status = {
        ...this.#status,
        lastError: `Could not set up blueprints in Port: ${
          (error as Error).message
        }`,
      };
      throw error;
    }
  }

  /** One line for Port's resync state; undefined when Port is ready for the mapping. */
  summary(): string | undefined {
    const { mismatches, lastError } = this.#status;
    const parts = mismatches.map(m => m.message);
    if (lastError) parts.push(lastError);
    return parts.length > 0 ? parts.join('; ') : undefined;
  }

  #logOnce(key: string, log: () => void) {
    if (this.#logged.has(key)) return;
    this.#logged.add(key);
    log();
  }
}
