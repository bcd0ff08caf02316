import { JsonObject } from '@backstage/types';
import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import catalogPlugin from '@backstage/plugin-catalog-backend';
import scaffolderEntityModel from '@backstage/plugin-catalog-backend-module-scaffolder-entity-model';
import { AddressInfo } from 'node:net';

/** The token `mockServices.httpAuth` takes as a service principal, as a static external-access token would be. */
export const BACKSTAGE_TOKEN = 'mock-service-token';

/**
 * A real Backstage backend with the real catalog reading one file location, on a real HTTP port. Resolves once
 * the catalog holds at least `expected` entities.
 */
export async function startCatalogBackend(options: {
  catalogFile: string;
  expected: number;
  /** More plugins, e.g. portsync's own, and their config. */
  features?: Parameters<typeof startTestBackend>[0]['features'];
  config?: JsonObject;
}) {
  const backend = await startTestBackend({
    features: [
      catalogPlugin,
      scaffolderEntityModel,
      ...(options.features ?? []),
      mockServices.rootConfig.factory({
        data: {
          ...options.config,
          catalog: {
            rules: [
              {
                allow: [
                  'Component',
                  'System',
                  'API',
                  'Resource',
                  'Group',
                  'User',
                  'Domain',
                  'Location',
                  'Template',
                ],
              },
            ],
            locations: [{ type: 'file', target: options.catalogFile }],
            processingInterval: { seconds: 1 },
          },
        },
      }),
    ],
  });
  const { port } = backend.server.address() as AddressInfo;
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 60_000;
  for (;;) {
    const response = await fetch(
      `${url}/api/catalog/entities/by-query?limit=1&fields=kind`,
      { headers: { authorization: `Bearer ${BACKSTAGE_TOKEN}` } },
    );
    const { totalItems } = (await response.json()) as { totalItems: number };
    if (totalItems >= options.expected) break;
    if (Date.now() > deadline) {
      await backend.stop();
      throw new Error(
        `the catalog holds ${totalItems} entities after 60 s, expected ${options.expected}`,
      );
    }
    await new Promise(resolve => setTimeout(resolve, 250));
  }
  return { backend, url };
}
