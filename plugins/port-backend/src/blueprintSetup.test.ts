import { Entity } from '@backstage/catalog-model';
import { startSandbox } from '@portsync/port-sandbox';
import {
  component,
  eventually,
  group,
  sandboxReader,
  startPortTestBackend,
} from './__testUtils__/startPortTestBackend';

jest.setTimeout(180_000);

function user(name: string): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'User',
    metadata: { name },
    spec: { profile: { email: `${name}@example.com` }, memberOf: ['team-a'] },
  };
}

/** 60 entities whose components need the relations a bare `component` blueprint lacks. */
const catalog: Entity[] = [
  group('team-a'),
  ...Array.from({ length: 9 }, (_, i) => user(`user-${i}`)),
  ...Array.from({ length: 50 }, (_, i) =>
    component(`svc-${i}`, { owner: `user:user-${i % 9}` }),
  ),
];

describe('blueprint set-up under faults', () => {
  it.each([
    ['once (the client retries the PATCH)', 1],
    ['more often than the client retries (the connection retries the step)', 4],
  ])(
    'converges to every entity with its relations when PATCHing blueprints fails %s',
    async (_name, times) => {
      const sandbox = await startSandbox();
      const port = sandboxReader(sandbox);
      sandbox.setFaults({
        rules: [
          { method: 'PATCH', path: '^/v1/blueprints/', status: 500, times },
        ],
      });
      const { backend, provider } = await startPortTestBackend({ sandbox });
      try {
        await provider.replaceAll(catalog);
        const components = await eventually(
          async () => {
            const found = await port.entities('component');
            return found.length === 50 &&
              found.every(e => e.relations?.owningUser)
              ? found
              : undefined;
          },
          { what: 'every component with its owner', timeoutMs: 120_000 },
        );
        expect(components).toHaveLength(50);
        expect((await port.entities('user')).length).toBe(9);
        expect((await port.entities('group')).length).toBe(1);
        expect(
          sandbox
            .requests()
            .filter(r => r.method === 'PATCH' && r.status === 500),
        ).toHaveLength(times);
      } finally {
        await backend.stop();
        await sandbox.close();
      }
    },
  );
});
