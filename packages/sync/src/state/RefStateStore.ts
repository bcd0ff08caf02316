/*
 * What the engine remembers between runs about each catalog ref. Every field below is a
 * column of the knex store (snake_case there); the in-memory store keeps the same shapes.
 */

/** A Port entity by its address. @public */
export interface EntityKey {
  blueprint: string;
  identifier: string;
}

/**
 * One Port entity a catalog ref produced and Port accepted.
 * Table `sync_entities`, primary key (ref, blueprint, identifier), index on (blueprint, identifier).
 * @public
 */
export interface EntityRecord extends EntityKey {
  /** `hashPayload` of the payload Port last accepted for it; equal hash = no write needed. */
  hash: string;
}

/**
 * What the engine last pushed for one catalog entity. Table `sync_refs` (ref is the key) plus
 * its rows in `sync_entities`.
 * @public
 */
export interface RefState {
  /** The catalog ref, `kind:namespace/name`, lower-cased as Backstage's `stringifyEntityRef` gives it. */
  ref: string;
  /** `metadata.uid` when last synced; a new uid means the entity was deleted and re-created. */
  uid: string | null;
  /**
   * `metadata.etag` of the version whose every Port entity was accepted; null while some write
   * for it is still failing, so the change scan keeps seeing it as changed.
   */
  etag: string | null;
  /** The Port entities it produced, as accepted. */
  entities: EntityRecord[];
}

/** A ref's state with the time it was last saved. @public */
export interface RecordedRefState extends RefState {
  /** Epoch ms of the last `saveRefStates` that included the ref: when the engine last recorded what Port accepted for it. */
  updatedAt: number;
}

/** The cheap part of a ref's state, as the change scan compares it. @public */
export interface RefSummary {
  ref: string;
  uid: string | null;
  etag: string | null;
}

/** Per-ref state: which Port entities each catalog ref produced, with their hashes. @public */
export interface RefStateStore {
  /** States of the given refs that exist. */
  getRefStates(refs: string[]): Promise<Map<string, RefState>>;
  /** One ref's state with the time it was saved; undefined when the ref is unknown. */
  getRef(ref: string): Promise<RecordedRefState | undefined>;
  /** Every known ref with its uid and etag, for the change scan. */
  listRefs(): Promise<RefSummary[]>;
  /** Every recorded Port entity with the ref that produced it. */
  listEntityRecords(): Promise<Array<EntityRecord & { ref: string }>>;
  /** The records of these Port entities, whichever ref produced them. */
  findEntityRecords(
    keys: EntityKey[],
  ): Promise<Array<EntityRecord & { ref: string }>>;
  /** Replaces each ref's row and entity rows. */
  saveRefStates(states: RefState[]): Promise<void>;
  /** Forgets refs and their entities. */
  deleteRefStates(refs: string[]): Promise<void>;
  /** Forgets single entities (deleted in Port), whichever ref produced them. */
  deleteEntityRecords(keys: EntityKey[]): Promise<void>;
  /** Recorded Port entities per blueprint. */
  countByBlueprint(): Promise<Record<string, number>>;
}
