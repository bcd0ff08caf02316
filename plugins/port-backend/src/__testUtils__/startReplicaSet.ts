import fs from 'fs';
import os from 'os';
import path from 'path';
import { startSandbox } from '@portsync/port-sandbox';
import { startPostgres } from '@portsync/test-postgres';
import { stringify } from 'yaml';
import {
  BackendProcess,
  fileCatalogConfig,
  startBackendProcess,
} from './startBackendProcess';

/** A catalog file of components, for a `file` location the replicas share. */
export function componentsYaml(
  components: Array<{ name: string; lifecycle?: string }>,
): string {
  return components
    .map(c =>
      stringify({
        apiVersion: 'backstage.io/v1alpha1',
        kind: 'Component',
        metadata: { name: c.name },
        spec: {
          type: 'service',
          lifecycle: c.lifecycle ?? 'production',
          owner: 'team-a',
        },
      }),
    )
    .join('---\n');
}

/**
 * Two demo backend processes on one PostgreSQL started for the test, pushing
 * a shared catalog file to one sandbox: portsync as it runs with several
 * replicas. Resolves undefined when PostgreSQL is not installed
 * (`startPostgres` says so).
 */
export async function startReplicaSet(options: {
  catalogYaml: string;
  port?: Record<string, unknown>;
}) {
  const postgres = await startPostgres();
  if (!postgres) return undefined;
  const sandbox = await startSandbox();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'portsync-replicas-'));
  const catalogFile = path.join(dir, 'catalog.yaml');
  fs.writeFileSync(catalogFile, options.catalogYaml);
  const config = fileCatalogConfig({
    sandbox,
    catalogFile,
    database: { client: 'pg', connection: postgres.connection },
    port: options.port,
  });
  const replicas: BackendProcess[] = [];
  const stop = async () => {
    await Promise.all(replicas.map(r => r.stop()));
    await sandbox.close();
    await postgres.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  };
  try {
    // One after the other: both would otherwise race to create the databases.
    replicas.push(await startBackendProcess({ name: 'a', dir, config }));
    replicas.push(await startBackendProcess({ name: 'b', dir, config }));
  } catch (error) {
    await stop();
    throw error;
  }
  return {
    sandbox,
    replicas,
    writeCatalog: (yaml: string) => fs.writeFileSync(catalogFile, yaml),
    stop,
  };
}
