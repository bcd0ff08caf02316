import { PortApiError } from '@portsync/port-client';
import type { PortClient, PortEntity } from '@portsync/port-client';
import type { EntityKey, RunFailure } from '../state/StateStore';
import { dependencyLevels } from './dependencyLevels';
import { Produced, keyOf, relationTargets } from './produce';

/** What happened to one produced entity. */
export interface UpsertOutcome {
  produced: Produced;
  ok: boolean;
  /** The identifier Port reports (a search-query identifier resolved). */
  identifier?: string;
  failure?: RunFailure;
  /** Failed because a relation target does not exist yet (404 `not_found` without createMissingRelatedEntities). */
  unmetDependency?: boolean;
}

export interface WriterSettings {
  merge: boolean;
  createMissingRelatedEntities: boolean;
  deleteDependentEntities: boolean;
}

/** A Port entity to delete, with the identifiers it points at when known (for the order). */
export interface DeleteTarget extends EntityKey {
  dependsOn?: string[];
}

/**
 * Writes to Port in the order Port needs: bulk upserts per blueprint, level by level in
 * dependency order when Port must not create missing relation targets; deletes in bulk with
 * `delete_dependents`, or one by one with dependents first.
 */
export class PortWriter {
  constructor(
    private readonly client: PortClient,
    private readonly settings: WriterSettings,
  ) {}

  async upsert(
    items: Produced[],
    options: { signal?: AbortSignal; dryRun?: boolean },
  ): Promise<UpsertOutcome[]> {
    // One request per Port entity even when several catalog entities produce it: the last wins.
    const writes = new Map<string, Produced>();
    items.forEach((item, index) => {
      const key =
        item.identifier === undefined
          ? `#${index}`
          : keyOf(item.blueprint, item.identifier);
      writes.set(key, item);
    });
    const unique = [...writes.values()];
    const results = new Map<Produced, Omit<UpsertOutcome, 'produced'>>();

    if (options.dryRun) {
      for (const item of unique)
        results.set(item, { ok: true, identifier: item.identifier });
    } else if (this.settings.createMissingRelatedEntities) {
      await this.upsertLevel(unique, results, options.signal);
    } else {
      const { levels, cyclic } = dependencyLevels(
        unique.map(item => ({
          id: item.identifier ?? '',
          dependsOn: relationTargets(item.payload),
        })),
      );
      if (cyclic.length > 0) {
        // Entities on a cycle first exist without relations, then get them with the rest.
        const bare = cyclic.map(index => ({
          ...unique[index],
          payload: { ...unique[index].payload, relations: {} },
        }));
        await this.upsertLevel(bare, new Map(), options.signal);
      }
      for (const level of [...levels, cyclic]) {
        if (level.length === 0) continue;
        await this.upsertLevel(
          level.map(index => unique[index]),
          results,
          options.signal,
        );
      }
    }

    return items.map((item, index) => {
      const key =
        item.identifier === undefined
          ? `#${index}`
          : keyOf(item.blueprint, item.identifier);
      const result = results.get(writes.get(key)!)!;
      return { produced: item, ...result };
    });
  }

  async delete(
    targets: DeleteTarget[],
    options: { signal?: AbortSignal; dryRun?: boolean },
  ): Promise<{ deleted: EntityKey[]; failures: RunFailure[] }> {
    if (options.dryRun || targets.length === 0) {
      return { deleted: targets.map(stripDeps), failures: [] };
    }
    if (this.settings.deleteDependentEntities) {
      return this.deleteInBulk(targets, options.signal);
    }
    return this.deleteInOrder(targets, options.signal);
  }

  private async upsertLevel(
    items: Produced[],
    results: Map<Produced, Omit<UpsertOutcome, 'produced'>>,
    signal: AbortSignal | undefined,
  ): Promise<void> {
    const byBlueprint = groupBy(items, item => item.blueprint);
    await Promise.all(
      [...byBlueprint].map(async ([blueprint, group]) => {
        const outcomes = await this.client.upsertEntities(
          blueprint,
          group.map(item => item.payload as PortEntity),
          {
            merge: this.settings.merge,
            createMissingRelatedEntities:
              this.settings.createMissingRelatedEntities,
            signal,
          },
        );
        group.forEach((item, index) => {
          const outcome = outcomes[index];
          if (outcome.ok) {
            results.set(item, { ok: true, identifier: outcome.identifier });
            return;
          }
          results.set(item, {
            ok: false,
            unmetDependency:
              !this.settings.createMissingRelatedEntities &&
              outcome.status === 404 &&
              outcome.error === 'not_found',
            failure: {
              ref: item.ref,
              blueprint,
              identifier: item.identifier ?? outcome.identifier,
              status: outcome.status,
              error: outcome.error,
              message: outcome.message,
            },
          });
        });
      }),
    );
  }

  private async deleteInBulk(
    targets: DeleteTarget[],
    signal: AbortSignal | undefined,
  ): Promise<{ deleted: EntityKey[]; failures: RunFailure[] }> {
    const deleted: EntityKey[] = [];
    const leftovers: DeleteTarget[] = [];
    const failures: RunFailure[] = [];
    await Promise.all(
      [...groupBy(targets, target => target.blueprint)].map(
        async ([blueprint, group]) => {
          const result = await this.client.deleteEntities(
            blueprint,
            group.map(target => target.identifier),
            { deleteDependents: true, signal },
          );
          for (const identifier of result.deleted)
            deleted.push({ blueprint, identifier });
          for (const miss of result.notDeleted) {
            if (miss.status === 200) {
              // Port left it out of `deletedEntities`: maybe it was already gone. Ask one by one.
              leftovers.push({ blueprint, identifier: miss.identifier });
            } else {
              failures.push({ blueprint, ...miss });
            }
          }
        },
      ),
    );
    const single = await this.deleteOne(leftovers, true, signal);
    return {
      deleted: [...deleted, ...single.deleted],
      failures: [...failures, ...single.failures],
    };
  }

  private async deleteInOrder(
    targets: DeleteTarget[],
    signal: AbortSignal | undefined,
  ): Promise<{ deleted: EntityKey[]; failures: RunFailure[] }> {
    const { levels, cyclic } = dependencyLevels(
      targets.map(target => ({
        id: target.identifier,
        dependsOn: target.dependsOn ?? [],
      })),
    );
    // Dependents before what they point at: the reverse of the write order.
    const order = [cyclic, ...[...levels].reverse()].filter(l => l.length > 0);
    const deleted: EntityKey[] = [];
    const failures: RunFailure[] = [];
    for (const level of order) {
      const result = await this.deleteOne(
        level.map(index => targets[index]),
        false,
        signal,
      );
      deleted.push(...result.deleted);
      failures.push(...result.failures);
    }
    return { deleted, failures };
  }

  private async deleteOne(
    targets: EntityKey[],
    deleteDependents: boolean,
    signal: AbortSignal | undefined,
  ): Promise<{ deleted: EntityKey[]; failures: RunFailure[] }> {
    const deleted: EntityKey[] = [];
    const failures: RunFailure[] = [];
    await Promise.all(
      targets.map(async target => {
        try {
          // false (404) means already gone, which is what we wanted.
          await this.client.deleteEntity(target.blueprint, target.identifier, {
            deleteDependents,
            signal,
          });
          deleted.push(stripDeps(target));
        } catch (error) {
          if (!(error instanceof PortApiError)) throw error;
          failures.push({
            blueprint: target.blueprint,
            identifier: target.identifier,
            status: error.status,
            error: error.code ?? error.kind,
            message: error.message,
          });
        }
      }),
    );
    return { deleted, failures };
  }
}

function stripDeps(target: EntityKey): EntityKey {
  return { blueprint: target.blueprint, identifier: target.identifier };
}

function groupBy<T>(items: T[], key: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    const group = groups.get(k);
    if (group) group.push(item);
    else groups.set(k, [item]);
  }
  return groups;
}
