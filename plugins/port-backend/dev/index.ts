/*
 * `npm start` in this directory: the `port` plugin alone, next to the real catalog (with the example catalog and
 * the change-hint module), against an in-process Port sandbox. Both listen on free ports, so it never clashes with
 * the demo (`npm start` at the root, 7007/7010) or with another dev backend.
 */
import { createServer } from 'node:net';
import { resolve } from 'node:path';
import { createBackend } from '@backstage/backend-defaults';
import { mockServices } from '@backstage/backend-test-utils';
import { startSandbox } from '@portsync/port-sandbox';

const DEV_TOKEN = 'portsync-dev-token';

/** A port that is free now: the backend must know its own URL up front, for the plugin's calls to the catalog. */
function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const server = createServer().on('error', fail);
    server.listen(0, () => {
      const { port } = server.address() as { port: number };
      server.close(() => done(port));
    });
  });
}

async function main() {
  const sandbox = await startSandbox();
  const port = await freePort();
  const backend = createBackend();
  backend.add(
    mockServices.rootConfig.factory({
      data: {
        backend: {
          baseUrl: `http://localhost:${port}`,
          listen: { port },
          database: { client: 'better-sqlite3', connection: ':memory:' },
          auth: {
            externalAccess: [
              {
                type: 'static',
                options: { token: DEV_TOKEN, subject: 'portsync-dev' },
              },
            ],
          },
        },
        catalog: {
          rules: [
            {
              allow: [
                'Component',
                'System',
                'API',
                'Resource',
                'Location',
                'Domain',
                'Group',
                'User',
                'Template',
              ],
            },
          ],
          locations: [
            {
              type: 'file',
              target: resolve(__dirname, '../../../examples/catalog/all.yaml'),
            },
          ],
        },
        // No events backend here: hints go through the in-process events service.
        events: { useEventBus: 'never' },
        port: {
          baseUrl: sandbox.url,
          clientId: sandbox.clientId,
          clientSecret: sandbox.clientSecret,
        },
      },
    }),
  );
  backend.add(import('@backstage/plugin-catalog-backend'));
  backend.add(
    import('@backstage/plugin-catalog-backend-module-scaffolder-entity-model'),
  );
  backend.add(import('@portsync/plugin-catalog-backend-module-port'));
  backend.add(import('../src'));
  await backend.start();

  console.log(
    [
      `portsync dev backend on http://localhost:${port}, Port sandbox on ${sandbox.url} (web view: ${sandbox.url}/)`,
      `  curl -H "Authorization: Bearer ${DEV_TOKEN}" localhost:${port}/api/port/status`,
    ].join('\n'),
  );
  const stop = async () => {
    await backend.stop();
    await sandbox.close();
    process.exit(0);
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch(error => {
  console.error(error);
  process.exit(1);
});
