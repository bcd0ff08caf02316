/*
 * The portsync demo backend: a real Backstage backend with the catalog, the
 * events backend and the two portsync packages. Adopters add the same two
 * `backend.add` lines for portsync to their own `packages/backend`.
 */
import { createBackend } from '@backstage/backend-defaults';

const backend = createBackend();

backend.add(import('@backstage/plugin-catalog-backend'));
backend.add(
  import('@backstage/plugin-catalog-backend-module-scaffolder-entity-model'),
);
backend.add(import('@backstage/plugin-catalog-backend-module-logs'));
backend.add(import('@backstage/plugin-events-backend'));

backend.add(import('@portsync/plugin-port-backend'));
backend.add(import('@portsync/plugin-catalog-backend-module-port'));

backend.start();
