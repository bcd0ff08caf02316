import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { Persistence } from './Persistence';
import { BlueprintRecord, EntityRecord, IntegrationRecord } from './records';

/** The file under `--data-dir` that holds the sandbox's data. */
export const DATABASE_FILE = 'port-sandbox.sqlite';

/**
 * Write-through persistence in one SQLite file (better-sqlite3: synchronous, so a
 * request's writes are on disk before it is answered). Rows hold the records as
 * JSON; entity rows keep their rowid on update, so creation order survives restarts.
 */
export class SqlitePersistence implements Persistence {
  private readonly db: Database.Database;
  private readonly statements: Record<string, Database.Statement>;

  constructor(dataDir: string) {
    mkdirSync(dataDir, { recursive: true });
    this.db = new Database(join(dataDir, DATABASE_FILE));
    this.db.pragma('journal_mode = WAL');
    this.db.pragma('synchronous = NORMAL');
    this.db.exec(`
      CREATE TABLE IF NOT EXISTS blueprints (identifier TEXT PRIMARY KEY, json TEXT NOT NULL);
      CREATE TABLE IF NOT EXISTS entities (
        blueprint TEXT NOT NULL, identifier TEXT NOT NULL, json TEXT NOT NULL,
        PRIMARY KEY (blueprint, identifier));
      CREATE TABLE IF NOT EXISTS integrations (identifier TEXT PRIMARY KEY, json TEXT NOT NULL);
    `);
    const upsert = (table: string, keys: string) =>
      this.db.prepare(
        `INSERT INTO ${table} (${keys}, json) VALUES (${keys
          .split(', ')
          .map(() => '?')
          .join(
            ', ',
          )}, ?) ON CONFLICT (${keys}) DO UPDATE SET json = excluded.json`,
      );
    this.statements = {
      saveBlueprint: upsert('blueprints', 'identifier'),
      deleteBlueprint: this.db.prepare(
        'DELETE FROM blueprints WHERE identifier = ?',
      ),
      saveEntity: upsert('entities', 'blueprint, identifier'),
      deleteEntity: this.db.prepare(
        'DELETE FROM entities WHERE blueprint = ? AND identifier = ?',
      ),
      saveIntegration: upsert('integrations', 'identifier'),
      deleteIntegration: this.db.prepare(
        'DELETE FROM integrations WHERE identifier = ?',
      ),
    };
  }

  load() {
    const rows = (sql: string) =>
      (this.db.prepare(sql).all() as { json: string }[]).map(row =>
        JSON.parse(row.json),
      );
    return {
      blueprints: rows(
        'SELECT json FROM blueprints ORDER BY rowid',
      ) as BlueprintRecord[],
      entities: rows(
        'SELECT json FROM entities ORDER BY rowid',
      ) as EntityRecord[],
      integrations: rows(
        'SELECT json FROM integrations ORDER BY rowid',
      ) as IntegrationRecord[],
    };
  }

  saveBlueprint(blueprint: BlueprintRecord): void {
    this.statements.saveBlueprint.run(
      blueprint.identifier,
      JSON.stringify(blueprint),
    );
  }

  deleteBlueprint(identifier: string): void {
    this.statements.deleteBlueprint.run(identifier);
  }

  saveEntity(entity: EntityRecord): void {
    this.statements.saveEntity.run(
      entity.blueprint,
      entity.identifier,
      JSON.stringify(entity),
    );
  }

  deleteEntity(blueprint: string, identifier: string): void {
    this.statements.deleteEntity.run(blueprint, identifier);
  }

  saveIntegration(integration: IntegrationRecord): void {
    this.statements.saveIntegration.run(
      integration.identifier,
      JSON.stringify(integration),
    );
  }

  deleteIntegration(identifier: string): void {
    this.statements.deleteIntegration.run(identifier);
  }

  transaction<T>(fn: () => T): T {
    return this.db.transaction(fn)();
  }

  clear(): void {
    this.db.exec(
      'DELETE FROM entities; DELETE FROM blueprints; DELETE FROM integrations;',
    );
  }

  close(): void {
    this.db.close();
  }
}
