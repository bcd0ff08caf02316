import { resolvePackagePath } from '@backstage/backend-plugin-api';

/** The plugin's migrations, as `knex.migrate` takes them (the stores run the same at startup). */
export const portMigrations = {
  directory: resolvePackagePath('@portsync/plugin-port-backend', 'migrations'),
  tableName: 'port_knex_migrations',
  loadExtensions: ['.js'],
};
