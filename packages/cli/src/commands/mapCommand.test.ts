import { mockCredentials } from '@backstage/backend-test-utils';
// eslint-disable-next-line @backstage/no-mixed-plugin-imports -- the playground's test compares with the real plugin's preview
import portPlugin from '@portsync/plugin-port-backend';
import { startSandbox } from '@portsync/port-sandbox';
import { mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ExitCode } from '../framework/ExitCode';
import { exampleCatalog } from '../__testUtils__/repoPaths';
import { runBin } from '../__testUtils__/runBin';
import { startInProcess } from '../__testUtils__/runInProcess';
import {
  BACKSTAGE_TOKEN,
  startCatalogBackend,
} from '../__testUtils__/startCatalogBackend';

jest.setTimeout(180_000);

/** Waits for a condition on output that arrives asynchronously; fails after 20 s. */
async function until(condition: () => boolean): Promise<void> {
  const deadline = Date.now() + 20_000;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('timed out waiting for output');
    await new Promise(resolve => setTimeout(resolve, 100));
  }
}

describe('portsync map against a real Backstage running the portsync plugin', () => {
  let sandbox: Awaited<ReturnType<typeof startSandbox>>;
  let backstage: Awaited<ReturnType<typeof startCatalogBackend>>;
  let env: Record<string, string>;

  beforeAll(async () => {
    sandbox = await startSandbox();
    backstage = await startCatalogBackend({
      catalogFile: exampleCatalog('all.yaml'),
      expected: 60,
      features: [portPlugin],
      config: {
        port: {
          baseUrl: sandbox.url,
          clientId: sandbox.clientId,
          clientSecret: sandbox.clientSecret,
        },
      },
    });
    env = { BACKSTAGE_URL: backstage.url, BACKSTAGE_TOKEN };
  });

  afterAll(async () => {
    await backstage?.backend.stop();
    await sandbox?.close();
  });

  async function preview(entityRef: string): Promise<unknown> {
    const response = await fetch(`${backstage.url}/api/port/preview`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        authorization: mockCredentials.service.header(),
      },
      body: JSON.stringify({ entityRef }),
    });
    expect(response.status).toBe(200);
    return response.json();
  }

  it.each([
    'component:default/stream-gateway',
    'group:default/playback-team',
    'api:default/stream-api',
  ])(
    "map --ref %s --json prints what the plugin's /preview gives",
    async ref => {
      const outcome = await runBin(['map', '--ref', ref, '--json'], { env });
      expect(outcome.stderr).toBe('');
      expect(outcome.code).toBe(ExitCode.Ok);
      expect(JSON.parse(outcome.stdout)).toEqual(await preview(ref));
    },
  );

  it('map --ref for an entity the catalog lacks ends with one line, exit 4', async () => {
    const outcome = await runBin(['map', '--ref', 'component:default/nope'], {
      env,
    });
    expect(outcome).toEqual({
      code: ExitCode.Backstage,
      stdout: '',
      stderr: `portsync map: no entity component:default/nope in the catalog at ${backstage.url}\n`,
    });
  });

  it('map --watch evaluates again when the mapping file changes', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'portsync-watch-'));
    const mapping = path.join(dir, 'mapping.yaml');
    const write = (title: string) =>
      writeFileSync(
        mapping,
        [
          'resources:',
          '  - kind: component',
          '    port:',
          '      entity:',
          '        mappings:',
          '          identifier: .metadata.name',
          `          title: '"${title}"'`,
          `          blueprint: '"component"'`,
          '',
        ].join('\n'),
      );
    write('first');
    const controller = new AbortController();
    const running = startInProcess({
      args: [
        'map',
        '--watch',
        '--ref',
        'component:default/stream-gateway',
        '--mapping',
        mapping,
      ],
      env,
      signal: controller.signal,
    });
    await until(() => running.output.stdout.includes('"title": "first"'));
    write('second');
    // A later modification time, also on file systems that keep whole seconds, without waiting for one.
    const later = new Date(Date.now() + 2000);
    utimesSync(mapping, later, later);
    await until(() => running.output.stdout.includes('"title": "second"'));
    controller.abort();
    const outcome = await running.done;
    rmSync(dir, { recursive: true, force: true });
    expect(outcome.code).toBe(ExitCode.Ok);
    expect(outcome.stdout.match(/"title": "\w+"/g)).toEqual([
      '"title": "first"',
      '"title": "second"',
    ]);
    expect(outcome.stderr).toContain(
      `# ${mapping} changed; evaluating again\n`,
    );
  });
});
