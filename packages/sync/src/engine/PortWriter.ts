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
  /**
   * Failed, and points at other entities while Port must not create missing targets: the
   * target may simply not exist yet, so the caller tries it again once the rest is written.
   * Port's error for a missing target is not part of its spec, so no error code is trusted.
   */
  retryLater?: boolean;
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
 * dependency order when Port must not create missing relation targets; deletes dependents
 * first, in bulk with `delete_dependents` or one by one.
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

  /**
   * Deletes in reverse dependency order (dependents before what they point at), so that Port's
   * all-or-nothing rule for dependents never refuses a request: in bulk with
   * `delete_dependents` when the mapping says so, one by one otherwise. A delete Port refused
   * counts as failed only if the entity is still in Port afterwards.
   */
  async delete(
    targets: DeleteTarget[],
    options: { signal?: AbortSignal; dryRun?: boolean },
  ): Promise<{ deleted: EntityKey[]; failures: RunFailure[] }> {
    if (options.dryRun || targets.length === 0) {
      return { deleted: targets.map(stripDeps), failures: [] };
    }
    const { levels, cyclic } = dependencyLevels(
      targets.map(target => ({
        id: target.identifier,
        dependsOn: target.dependsOn ?? [],
      })),
    );
    const order = [cyclic, ...[...levels].reverse()].filter(l => l.length > 0);
    const deleted: EntityKey[] = [];
    let failures: RunFailure[] = [];
    for (const level of order) {
      const group = level.map(index => targets[index]);
      const result = this.settings.deleteDependentEntities
        ? await this.deleteInBulk(group, options.signal)
        : await this.deleteOne(group, false, options.signal);
      deleted.push(...result.deleted);
      failures.push(...result.failures);
    }
    if (failures.length > 0) {
      const gone = await this.absentFromPort(failures, options.signal);
      deleted.push(
        ...failures
          .filter(f => gone.has(keyOf(f.blueprint, f.identifier)))
          .map(stripDeps),
      );
      failures = failures.filter(
        f => !gone.has(keyOf(f.blueprint, f.identifier)),
      );
    }
    return { deleted, failures };
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
            retryLater:
              !this.settings.createMissingRelatedEntities &&
              relationTargets(item.payload).length > 0,
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

  /** Keys of the given entities that Port no longer has (a dependent already deleted with its target). */
  private async absentFromPort(
    keys: EntityKey[],
    signal: AbortSignal | undefined,
  ): Promise<Set<string>> {
    const gone = new Set<string>();
    for (const [blueprint, group] of groupBy(keys, key => key.blueprint)) {
      const identifiers = group.map(key => key.identifier);
      let found: Set<string>;
      try {
        const result = await this.client.searchEntities(
          {
            combinator: 'and',
            rules: [
              { property: '$blueprint', operator: '=', value: blueprint },
              { property: '$identifier', operator: 'in', value: identifiers },
            ],
          },
          { include: ['$identifier'], signal },
        );
        found = new Set(
          result.entities.map(entity => String(entity.identifier)),
        );
      } catch (error) {
        // Unknown: the failures stand as reported.
        if (!(error instanceof PortApiError)) throw error;
        continue;
      }
      for (const identifier of identifiers) {
        if (!found.has(identifier)) gone.add(keyOf(blueprint, identifier));
      }
    }
    return gone;
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
