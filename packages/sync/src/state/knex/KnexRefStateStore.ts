import { Knex } from 'knex';
import type {
  EntityKey,
  EntityRecord,
  RecordedRefState,
  RefState,
  RefStateStore,
  RefSummary,
} from '../RefStateStore';
import { Tables, chunks, entityKeyOf, unique } from './tables';

/** Row of `sync_refs`. */
interface RefRow {
  ref: string;
  uid: string | null;
  etag: string | null;
  updated_at: number | string;
}

/** Row of `sync_entities`. */
interface EntityRow {
  ref: string;
  blueprint: string;
  identifier: string;
  hash: string;
  updated_at: number | string;
}

/** Per-ref state in `sync_refs` and `sync_entities`. @public */
export class KnexRefStateStore implements RefStateStore {
  constructor(private readonly db: Knex, private readonly tables: Tables) {}

  async getRefStates(refs: string[]): Promise<Map<string, RefState>> {
    const result = new Map<string, RefState>();
    for (const part of chunks(unique(refs))) {
      const rows: RefRow[] = await this.db(this.tables.refs).whereIn(
        'ref',
        part,
      );
      for (const row of rows) {
        result.set(row.ref, {
          ref: row.ref,
          uid: row.uid,
          etag: row.etag,
          entities: [],
        });
      }
      const entityRows: EntityRow[] = await this.db(this.tables.entities)
        .whereIn('ref', part)
        .orderBy(['blueprint', 'identifier']);
      for (const row of entityRows) {
        result.get(row.ref)?.entities.push(toEntityRecord(row));
      }
    }
    return result;
  }

  async getRef(ref: string): Promise<RecordedRefState | undefined> {
    const row: RefRow | undefined = await this.db(this.tables.refs)
      .where('ref', ref)
      .first();
    if (!row) return undefined;
    const entityRows: EntityRow[] = await this.db(this.tables.entities)
      .where('ref', ref)
      .orderBy(['blueprint', 'identifier']);
    return {
      ref: row.ref,
      uid: row.uid,
      etag: row.etag,
      entities: entityRows.map(toEntityRecord),
      updatedAt: Number(row.updated_at),
    };
  }

  async listRefs(): Promise<RefSummary[]> {
    const rows: RefRow[] = await this.db(this.tables.refs)
      .select('ref', 'uid', 'etag')
      .orderBy('ref');
    return rows.map(row => ({ ref: row.ref, uid: row.uid, etag: row.etag }));
  }

  async listEntityRecords(): Promise<Array<EntityRecord & { ref: string }>> {
    const rows: EntityRow[] = await this.db(this.tables.entities).orderBy([
      'ref',
      'blueprint',
      'identifier',
    ]);
    return rows.map(row => ({ ref: row.ref, ...toEntityRecord(row) }));
  }

  async findEntityRecords(
    keys: EntityKey[],
  ): Promise<Array<EntityRecord & { ref: string }>> {
    const wanted = new Set(keys.map(entityKeyOf));
    const found: Array<EntityRecord & { ref: string }> = [];
    for (const part of chunks(unique(keys.map(k => k.identifier)))) {
      const rows: EntityRow[] = await this.db(this.tables.entities).whereIn(
        'identifier',
        part,
      );
      for (const row of rows) {
        if (wanted.has(entityKeyOf(row))) {
          found.push({ ref: row.ref, ...toEntityRecord(row) });
        }
      }
    }
    return found;
  }

  async saveRefStates(states: RefState[]): Promise<void> {
    if (states.length === 0) return;
    const now = Date.now();
    const byRef = new Map(states.map(state => [state.ref, state]));
    await this.db.transaction(async trx => {
      for (const part of chunks([...byRef.values()])) {
        const refs = part.map(state => state.ref);
        await trx(this.tables.entities).whereIn('ref', refs).delete();
        await trx(this.tables.refs)
          .insert(
            part.map(state => ({
              ref: state.ref,
              uid: state.uid,
              etag: state.etag,
              updated_at: now,
            })),
          )
          .onConflict('ref')
          .merge(['uid', 'etag', 'updated_at']);
        const entityRows = part.flatMap(state =>
          uniqueKeys(state.entities).map(entity => ({
            ref: state.ref,
            blueprint: entity.blueprint,
            identifier: entity.identifier,
            hash: entity.hash,
            updated_at: now,
          })),
        );
        for (const rows of chunks(entityRows)) {
          await trx(this.tables.entities).insert(rows);
        }
      }
    });
  }

  async deleteRefStates(refs: string[]): Promise<void> {
    await this.db.transaction(async trx => {
      for (const part of chunks(unique(refs))) {
        await trx(this.tables.entities).whereIn('ref', part).delete();
        await trx(this.tables.refs).whereIn('ref', part).delete();
      }
    });
  }

  async deleteEntityRecords(keys: EntityKey[]): Promise<void> {
    const byBlueprint = new Map<string, string[]>();
    for (const key of keys) {
      byBlueprint.set(key.blueprint, [
        ...(byBlueprint.get(key.blueprint) ?? []),
        key.identifier,
      ]);
    }
    await this.db.transaction(async trx => {
      for (const [blueprint, identifiers] of byBlueprint) {
        for (const part of chunks(identifiers)) {
          await trx(this.tables.entities)
            .where('blueprint', blueprint)
            .whereIn('identifier', part)
            .delete();
        }
      }
    });
  }

  async countByBlueprint(): Promise<Record<string, number>> {
    const rows = (await this.db(this.tables.entities)
      .select('blueprint')
      .count({ count: '*' })
      .groupBy('blueprint')
      .orderBy('blueprint')) as Array<{
      blueprint: string;
      count: number | string;
    }>;
    return Object.fromEntries(rows.map(r => [r.blueprint, Number(r.count)]));
  }
}

function toEntityRecord(row: EntityRow): EntityRecord {
  return {
    blueprint: row.blueprint,
    identifier: row.identifier,
    hash: row.hash,
  };
}

function uniqueKeys<T extends EntityKey>(entities: T[]): T[] {
  const byKey = new Map<string, T>();
  for (const entity of entities) byKey.set(entityKeyOf(entity), entity);
  return [...byKey.values()];
}
