import { Knex } from 'knex';
import type { EntityKey } from '../RefStateStore';

/** Table names under one prefix. */
export interface Tables {
  refs: string;
  entities: string;
  queue: string;
  runs: string;
}

export function tablesFor(prefix: string): Tables {
  return {
    refs: `${prefix}sync_refs`,
    entities: `${prefix}sync_entities`,
    queue: `${prefix}sync_queue`,
    runs: `${prefix}sync_runs`,
  };
}

export function isPostgres(db: Knex): boolean {
  return /^(pg|postgres)/.test(String(db.client.config.client ?? ''));
}

/** Rows per statement: well under SQLite's and PostgreSQL's bound-parameter limits. */
const CHUNK = 500;

export function chunks<T>(items: T[], size = CHUNK): T[][] {
  const result: T[][] = [];
  for (let i = 0; i < items.length; i += size)
    result.push(items.slice(i, i + size));
  return result;
}

export function unique(values: string[]): string[] {
  return [...new Set(values)];
}

export function entityKeyOf(key: EntityKey): string {
  return `${key.blueprint}\u0000${key.identifier}`;
}
