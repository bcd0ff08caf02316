import type {
  EntityKey,
  EntityRecord,
  RecordedRefState,
  RefState,
  RefStateStore,
  RefSummary,
} from '../RefStateStore';
import { compare, entityKeyOf } from './order';

/** Per-ref state in memory; same semantics as the knex store. @public */
export class MemoryRefStateStore implements RefStateStore {
  private readonly refs = new Map<string, RefState>();
  private readonly savedAt = new Map<string, number>();

  /** Every state, for a snapshot. */
  snapshot(): RecordedRefState[] {
    return [...this.refs.values()].map(state => ({
      ...copyRef(state),
      updatedAt: this.savedAt.get(state.ref) ?? 0,
    }));
  }

  restore(states: Array<RefState & { updatedAt?: number }>): void {
    for (const state of states) {
      this.refs.set(state.ref, copyRef(state));
      this.savedAt.set(state.ref, state.updatedAt ?? 0);
    }
  }

  async getRefStates(refs: string[]): Promise<Map<string, RefState>> {
    const result = new Map<string, RefState>();
    for (const ref of refs) {
      const state = this.refs.get(ref);
      if (state) result.set(ref, copyRef(state));
    }
    return result;
  }

  async getRef(ref: string): Promise<RecordedRefState | undefined> {
    const state = this.refs.get(ref);
    if (!state) return undefined;
    return { ...copyRef(state), updatedAt: this.savedAt.get(ref) ?? 0 };
  }

  async listRefs(): Promise<RefSummary[]> {
    return [...this.refs.values()]
      .map(({ ref, uid, etag }) => ({ ref, uid, etag }))
      .sort((a, b) => compare(a.ref, b.ref));
  }

  async listEntityRecords(): Promise<Array<EntityRecord & { ref: string }>> {
    return [...this.refs.values()]
      .sort((a, b) => compare(a.ref, b.ref))
      .flatMap(state =>
        sortKeys(state.entities).map(entity => ({ ref: state.ref, ...entity })),
      );
  }

  async findEntityRecords(
    keys: EntityKey[],
  ): Promise<Array<EntityRecord & { ref: string }>> {
    const wanted = new Set(keys.map(entityKeyOf));
    return (await this.listEntityRecords()).filter(record =>
      wanted.has(entityKeyOf(record)),
    );
  }

  async saveRefStates(states: RefState[]): Promise<void> {
    for (const state of states) {
      this.refs.set(state.ref, {
        ...copyRef(state),
        entities: sortKeys(state.entities).map(entity => ({ ...entity })),
      });
      this.savedAt.set(state.ref, Date.now());
    }
  }

  async deleteRefStates(refs: string[]): Promise<void> {
    for (const ref of refs) {
      this.refs.delete(ref);
      this.savedAt.delete(ref);
    }
  }

  async deleteEntityRecords(keys: EntityKey[]): Promise<void> {
    const gone = new Set(keys.map(entityKeyOf));
    for (const state of this.refs.values()) {
      state.entities = state.entities.filter(
        entity => !gone.has(entityKeyOf(entity)),
      );
    }
  }

  async countByBlueprint(): Promise<Record<string, number>> {
    const counts: Record<string, number> = {};
    for (const state of this.refs.values()) {
      for (const entity of state.entities) {
        counts[entity.blueprint] = (counts[entity.blueprint] ?? 0) + 1;
      }
    }
    return Object.fromEntries(
      Object.entries(counts).sort(([a], [b]) => compare(a, b)),
    );
  }
}

function copyRef(state: RefState): RefState {
  return {
    ref: state.ref,
    uid: state.uid,
    etag: state.etag,
    entities: state.entities.map(entity => ({ ...entity })),
  };
}

function sortKeys<T extends EntityKey>(entities: T[]): T[] {
  const byKey = new Map<string, T>();
  for (const entity of entities) byKey.set(entityKeyOf(entity), entity);
  return [...byKey.values()].sort(
    (a, b) =>
      compare(a.blueprint, b.blueprint) || compare(a.identifier, b.identifier),
  );
}
