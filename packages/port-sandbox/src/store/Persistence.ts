import { BlueprintRecord, EntityRecord, IntegrationRecord } from './records';

/** Where the in-memory catalog writes through to; the SQLite store is the one implementation. */
export interface Persistence {
  load(): {
    blueprints: BlueprintRecord[];
    entities: EntityRecord[];
    integrations: IntegrationRecord[];
  };
  saveBlueprint(blueprint: BlueprintRecord): void;
  deleteBlueprint(identifier: string): void;
  saveEntity(entity: EntityRecord): void;
  deleteEntity(blueprint: string, identifier: string): void;
  saveIntegration(integration: IntegrationRecord): void;
  deleteIntegration(identifier: string): void;
  /** Runs `fn` as one write, so a bulk request costs one commit. */
  transaction<T>(fn: () => T): T;
  clear(): void;
  close(): void;
}
