import { Knex } from 'knex';
import { readdirSync } from 'fs';
import { dirname, join } from 'path';

interface MigrationModule {
  up(knex: Knex, prefix: string): Promise<void>;
  down(knex: Knex, prefix: string): Promise<void>;
}

/**
 * The package's `migrations/` folder, found through its package.json so that it resolves the
 * same from `src/` under Jest and from `dist/` when built.
 */
export function migrationsDir(): string {
  return join(
    dirname(require.resolve('@portsync/sync/package.json')),
    'migrations',
  );
}

/**
 * Knex migration source over `migrations/*.js`. Knex calls `up(knex)` with one argument; this
 * source passes the store's table prefix as the second, so one set of files serves every prefix.
 */
export class PrefixedMigrationSource implements Knex.MigrationSource<string> {
  constructor(
    private readonly prefix: string,
    private readonly dir: string = migrationsDir(),
  ) {}

  async getMigrations(): Promise<string[]> {
    return readdirSync(this.dir)
      .filter(name => /^\d{14}_[\w-]+\.js$/.test(name))
      .sort();
  }

  getMigrationName(name: string): string {
    return name;
  }

  async getMigration(name: string): Promise<Knex.Migration> {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const migration: MigrationModule = require(join(this.dir, name));
    return {
      up: knex => migration.up(knex, this.prefix),
      down: knex => migration.down(knex, this.prefix),
    };
  }
}
