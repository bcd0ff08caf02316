import { schedulerServiceFactory } from '@backstage/backend-defaults/scheduler';
import { BackendFeature } from '@backstage/backend-plugin-api';
import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import catalogPlugin from '@backstage/plugin-catalog-backend';
import { eventsServiceFactory } from '@backstage/plugin-events-node';
import catalogModulePort from '@portsync/plugin-catalog-backend-module-port';
import { startSandbox } from '@portsync/port-sandbox';
import { JsonObject } from '@backstage/types';
import { portPlugin } from '../plugin';
import { createTestEntityProvider } from './createTestEntityProvider';

type Sandbox = Awaited<ReturnType<typeof startSandbox>>;

/** Settings that make the live path fast enough to observe in a test. */
export const FAST_SYNC = {
  changeScan: { frequency: { seconds: 2 } },
  changes: { frequency: { seconds: 2 }, hintDelay: { milliseconds: 300 } },
  client: { maxRetries: 2, timeout: { seconds: 5 } },
};

/**
 * A real backend: the real catalog (fed by a test entity provider), the
 * events service shared between plugins, the real scheduler, the portsync
 * plugin and catalog module, pushing to a sandbox over HTTP.
 */
export async function startPortTestBackend(options: {
  sandbox: Sandbox;
  port?: JsonObject;
  database?: JsonObject;
  extraConfig?: JsonObject;
  /** Shorter scan, queue and hint timings than the defaults (default true). */
  fast?: boolean;
  /** More features or service factories (a root logger at another level, say). */
  features?: BackendFeature[];
}) {
  const provider = createTestEntityProvider();
  const backend = await startTestBackend({
    features: [
      catalogPlugin,
      catalogModulePort,
      eventsServiceFactory,
      schedulerServiceFactory,
      portPlugin,
      provider.module,
      mockServices.rootConfig.factory({
        data: {
          ...(options.database
            ? { backend: { database: options.database } }
            : {}),
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
                ],
              },
            ],
            processingInterval: { seconds: 1 },
            stitchingStrategy: { pollingInterval: { milliseconds: 200 } },
          },
          port: {
            baseUrl: options.sandbox.url,
            clientId: options.sandbox.clientId,
            clientSecret: options.sandbox.clientSecret,
            ...(options.fast === false ? {} : FAST_SYNC),
            ...options.port,
          },
          ...options.extraConfig,
        },
      }),
      ...(options.features ?? []),
    ],
  });
  return { backend, provider };
}

/** Polls until `check` returns a value other than undefined. */
export async function eventually<T>(
  check: () => Promise<T | undefined> | T | undefined,
  options: { timeoutMs?: number; what?: string } = {},
): Promise<T> {
  const deadline = Date.now() + (options.timeoutMs ?? 30_000);
  let lastError: unknown;
  for (;;) {
    try {
      const value = await check();
      if (value !== undefined) return value;
    } catch (error) {
      lastError = error;
    }
    if (Date.now() > deadline) {
      throw new Error(
        `Timed out waiting for ${options.what ?? 'a condition'}${
          lastError ? `: ${lastError}` : ''
        }`,
      );
    }
    await new Promise(resolve => setTimeout(resolve, 200));
  }
}

/** A component entity for tests. */
export function component(
  name: string,
  spec: Partial<{
    owner: string;
    system: string;
    lifecycle: string;
    dependsOn: string[];
  }> = {},
  metadata: Partial<Entity['metadata']> = {},
): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: { name, ...metadata },
    spec: {
      type: 'service',
      lifecycle: 'production',
      owner: 'team-a',
      ...spec,
    },
  };
}

export function group(name: string): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Group',
    metadata: { name },
    spec: { type: 'team', children: [] },
  };
}

/** Reads the sandbox the way a person would check Port: through its API. */
export function sandboxReader(sandbox: Sandbox) {
  let token: string | undefined;
  async function call(path: string): Promise<Response> {
    if (!token) {
      const res = await fetch(`${sandbox.url}/v1/auth/access_token`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          clientId: sandbox.clientId,
          clientSecret: sandbox.clientSecret,
        }),
      });
      token = ((await res.json()) as { accessToken: string }).accessToken;
    }
    return fetch(`${sandbox.url}${path}`, {
      headers: { authorization: `Bearer ${token}` },
    });
  }
  return {
    /** The entity, or undefined when Port has none with that identifier. */
    async entity(
      blueprint: string,
      identifier: string,
    ): Promise<Record<string, any> | undefined> {
      const res = await call(
        `/v1/blueprints/${blueprint}/entities/${encodeURIComponent(
          identifier,
        )}`,
      );
      if (res.status === 404) return undefined;
      return ((await res.json()) as { entity: Record<string, any> }).entity;
    },
    async entities(blueprint: string): Promise<Array<Record<string, any>>> {
      const res = await call(`/v1/blueprints/${blueprint}/entities`);
      const body = (await res.json()) as {
        entities?: Array<Record<string, any>>;
      };
      return body.entities ?? [];
    },
    async identifiers(blueprint: string): Promise<string[]> {
      return (await this.entities(blueprint)).map(e => e.identifier).sort();
    },
    async integration(
      identifier: string,
    ): Promise<Record<string, any> | undefined> {
      const res = await call(`/v1/integration/${identifier}`);
      if (res.status === 404) return undefined;
      return ((await res.json()) as { integration: Record<string, any> })
        .integration;
    },
  };
}
