import { PortClient } from '@portsync/port-client';
import { startSandbox } from '@portsync/port-sandbox';
import { MASK } from '@portsync/sync';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ExitCode } from '../framework/ExitCode';
import { runBin } from '../__testUtils__/runBin';
import {
  BACKSTAGE_TOKEN,
  startCatalogBackend,
} from '../__testUtils__/startCatalogBackend';

jest.setTimeout(240_000);

const SECRET = 'cli-examples-secret-4242';
/** Credentials planted in annotations; none may reach Port. */
const PLANTED = {
  token: 'tok-1234567890abcdef',
  password: 'hunter2-planted',
  github: 'ghp_abcdefghijklmnopqrstuvwxyz0123456789',
};

describe('portsync sync with port.sendRawDataExamples', () => {
  it('sends raw examples with the secrets in annotations masked', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'portsync-examples-'));
    const sandbox = await startSandbox({ clientSecret: SECRET });
    const catalogFile = path.join(dir, 'catalog.yaml');
    writeFileSync(
      catalogFile,
      [
        'apiVersion: backstage.io/v1alpha1',
        'kind: Component',
        'metadata:',
        '  name: secretive',
        '  annotations:',
        `    example.com/api-token: ${PLANTED.token}`,
        `    example.com/database-url: postgres://svc:${PLANTED.password}@db.internal/app`,
        `    example.com/deploy-note: "git clone https://x:${PLANTED.github}@github.com/acme/a"`,
        '    github.com/project-slug: acme/secretive',
        'spec:',
        '  type: service',
        '  lifecycle: production',
        '  owner: team-a',
        '',
      ].join('\n'),
    );
    const configFile = path.join(dir, 'examples.yaml');
    writeFileSync(configFile, 'port:\n  sendRawDataExamples: true\n');
    const backstage = await startCatalogBackend({ catalogFile, expected: 2 });
    try {
      // Port keeps examples on the integration; the plugin registers it, here the test does.
      await new PortClient({
        baseUrl: sandbox.url,
        clientId: sandbox.clientId,
        clientSecret: SECRET,
        integrationIdentifier: 'backstage',
      }).createIntegration({
        installationId: 'backstage',
        installationAppType: 'backstage',
        version: '0.1.0',
      });

      const outcome = await runBin(['sync', '--config', configFile], {
        env: {
          BACKSTAGE_URL: backstage.url,
          BACKSTAGE_TOKEN,
          PORT_BASE_URL: sandbox.url,
          PORT_CLIENT_ID: sandbox.clientId,
          PORT_CLIENT_SECRET: SECRET,
        },
      });
      expect(outcome.code).toBe(ExitCode.Ok);

      const res = await fetch(`${sandbox.url}/_sandbox/integrations/backstage`);
      const { integration } = (await res.json()) as {
        integration: { examples: Array<{ kind: string; example: any }> };
      };
      const component = integration.examples.find(
        e => e.example?.metadata?.name === 'secretive',
      );
      expect(component?.example.metadata.annotations).toEqual({
        'example.com/api-token': MASK,
        'example.com/database-url': `postgres://svc:${MASK}@db.internal/app`,
        'example.com/deploy-note': expect.stringContaining(MASK),
        'github.com/project-slug': 'acme/secretive',
        'backstage.io/managed-by-location': expect.any(String),
        'backstage.io/managed-by-origin-location': expect.any(String),
      });
      const sent = JSON.stringify(integration);
      for (const secret of Object.values(PLANTED)) {
        expect(sent).not.toContain(secret);
      }
    } finally {
      await backstage.backend.stop();
      await sandbox.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
