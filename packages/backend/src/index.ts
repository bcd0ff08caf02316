/*
 * The portsync demo backend: a real Backstage backend with the catalog, the
 * events backend, guest sign-in, permissions and the two portsync packages. Adopters add the same two
 * `backend.add` lines for portsync to their own `packages/backend`.
 */
import { createBackend } from '@backstage/backend-defaults';
import { demoPermissionPolicyModule } from './demoPermissionPolicy';

const backend = createBackend();

backend.add(import('@backstage/plugin-catalog-backend'));
backend.add(
  import('@backstage/plugin-catalog-backend-module-scaffolder-entity-model'),
);
backend.add(import('@backstage/plugin-catalog-backend-module-logs'));
backend.add(import('@backstage/plugin-events-backend'));

// The demo app's sign-in (a guest user) and the permission framework, so that portsync's
// admin page is for the user the demo policy allows (`port.sync.manage`).
backend.add(import('@backstage/plugin-auth-backend'));
backend.add(import('@backstage/plugin-auth-backend-module-guest-provider'));
backend.add(import('@backstage/plugin-permission-backend'));
backend.add(demoPermissionPolicyModule);

backend.add(import('@portsync/plugin-port-backend'));
backend.add(import('@portsync/plugin-catalog-backend-module-port'));

// A plugin that cannot start (portsync with an invalid `port` block, for one) makes
// `start()` reject after the other plugins and the HTTP server are up. Backstage
// logs the reason but keeps the process alive, serving a backend without that
// plugin; stop everything and exit non-zero instead, so that a supervisor sees
// the failure. Backstage's own template leaves this out: copy it.
// Stopping waits for open long-polls (the events bus holds one for up to a
// minute), hence the bound.
backend.start().catch(() => {
  setTimeout(() => process.exit(1), 5_000).unref();
  backend.stop().finally(() => process.exit(1));
});
