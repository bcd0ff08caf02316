import { PortClient } from '@portsync/port-client';
import { startSandbox } from '@portsync/port-sandbox';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ExitCode } from '../framework/ExitCode';
import { exampleCatalog } from '../__testUtils__/repoPaths';
import { runBin } from '../__testUtils__/runBin';
import {
  BACKSTAGE_TOKEN,
  startCatalogBackend,
} from '../__testUtils__/startCatalogBackend';

jest.setTimeout(240_000);

type Sandbox = Awaited<ReturnType<typeof startSandbox>>;

const SECRET = 'cli-test-secret-4242';
/** Entities in examples/catalog plus the location the config adds. */
const CATALOG_SIZE = 60;

/** Requests that change something in Port. */
function writesIn(sandbox: Sandbox) {
  return sandbox
    .requests()
    .filter(
      r =>
        r.method !== 'GET' &&
        !r.path.endsWith('/entities/search') &&
        !r.path.endsWith('/auth/access_token') &&
        !r.path.endsWith('/datasource-entities'),
    )
    .map(r => `${r.method} ${r.path}`);
}

/** A port nothing listens on: taken from the system, then released. */
async function findClosedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise(resolve => server.close(resolve));
  return port;
}

const textMatching = (want: string | RegExp) =>
  typeof want === 'string' ? want : expect.stringMatching(want);

describe('portsync sync and diff, run as a child process against a real Backstage and the sandbox', () => {
  let sandbox: Sandbox;
  let backstage: Awaited<ReturnType<typeof startCatalogBackend>>;
  let dir: string;
  let env: Record<string, string>;
  /** Writes into Port as the integration does, so the datasource listing counts the entity as owned. */
  let asIntegration: PortClient;
  let closedPort: number;

  beforeAll(async () => {
    sandbox = await startSandbox({ clientSecret: SECRET });
    backstage = await startCatalogBackend({
      catalogFile: exampleCatalog('all.yaml'),
      expected: CATALOG_SIZE,
    });
    dir = mkdtempSync(path.join(tmpdir(), 'portsync-cli-'));
    env = {
      BACKSTAGE_URL: backstage.url,
      BACKSTAGE_TOKEN,
      PORT_BASE_URL: sandbox.url,
      PORT_CLIENT_ID: sandbox.clientId,
      PORT_CLIENT_SECRET: SECRET,
    };
    closedPort = await findClosedPort();
    // Port's client retries a refused connection for minutes by default; a test need not wait for that.
    writeFileSync(
      path.join(dir, 'no-retries.yaml'),
      'port:\n  client:\n    maxRetries: 0\n',
    );
    writeFileSync(
      path.join(dir, 'broken-mapping.yaml'),
      [
        'resources:',
        '  - kind: component',
        '    port:',
        '      entity:',
        '        mappings:',
        '          identifier: .metadata.identifier',
        '          title: .metadata.title //',
        `          blueprint: '"component"'`,
        '',
      ].join('\n'),
    );
    asIntegration = new PortClient({
      baseUrl: sandbox.url,
      clientId: sandbox.clientId,
      clientSecret: SECRET,
      integrationIdentifier: 'backstage',
    });
  });

  afterAll(async () => {
    await backstage?.backend.stop();
    await sandbox?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('a dry run on an empty Port writes nothing and prints the plan', async () => {
    sandbox.clearRequests();
    const outcome = await runBin(['sync', '--dry-run'], { env });
    expect(outcome.code).toBe(ExitCode.Ok);
    expect(outcome.stdout).toMatch(/^dry run, nothing written:\n\+ /);
    expect(outcome.stdout).toContain(
      '+ component/component:default/stream-gateway\n',
    );
    expect(outcome.stdout).toMatch(
      new RegExp(
        `\\n${CATALOG_SIZE} to create, 0 to update, 0 to delete, 0 unchanged\\n$`,
      ),
    );
    expect(writesIn(sandbox)).toEqual([]);
  });

  it('lands the example catalog, then writes nothing on a second run', async () => {
    const first = await runBin(['sync', '--json'], { env });
    expect(first.code).toBe(ExitCode.Ok);
    expect(first.stderr).toMatch(/^created blueprints in Port: .*component/);
    expect(first.stderr).toContain(`reading ${CATALOG_SIZE}/${CATALOG_SIZE}\n`);
    const report = JSON.parse(first.stdout);
    expect(report).toMatchObject({
      status: 'completed',
      counts: { upserted: CATALOG_SIZE, failed: 0, deleted: 0 },
    });
    const landed = await asIntegration.getEntity(
      'component',
      'component:default/stream-gateway',
    );
    expect(landed.relations?.system).toBe('system:default/audio-streaming');

    sandbox.clearRequests();
    const second = await runBin(['sync'], { env });
    expect(second.code).toBe(ExitCode.Ok);
    expect(second.stdout).toMatch(
      new RegExp(
        `^sync completed in \\d+\\.\\ds: ${CATALOG_SIZE} mapped, 0 upserted, ${CATALOG_SIZE} unchanged, 0 deleted, 0 failed, 0 skipped, \\d+ field errors \\(state: Port\\)\\n$`,
      ),
    );
    expect(writesIn(sandbox)).toEqual([]);
  });

  it('diff shows a drifted field and an owned stray entity; sync repairs both', async () => {
    await asIntegration.upsertEntity(
      'component',
      {
        identifier: 'component:default/stream-gateway',
        properties: { lifecycle: 'experimental' },
      },
      { merge: true },
    );
    await asIntegration.upsertEntity('component', {
      identifier: 'component:default/gone',
      title: 'Gone from the catalog',
      properties: {},
    });

    const diff = await runBin(['diff', '--exit-code'], { env });
    expect(diff.code).toBe(ExitCode.Failed);
    expect(diff.stdout).toBe(
      [
        '~ component/component:default/stream-gateway',
        '    properties.lifecycle: "experimental" → "production"',
        '- component/component:default/gone',
        `0 to create, 1 to update, 1 to delete, ${CATALOG_SIZE - 1} unchanged`,
        '',
      ].join('\n'),
    );

    const sync = await runBin(['sync', '--json'], { env });
    expect(sync.code).toBe(ExitCode.Ok);
    expect(JSON.parse(sync.stdout).counts).toMatchObject({
      upserted: 1,
      deleted: 1,
      unchanged: CATALOG_SIZE - 1,
    });
    const clean = await runBin(['diff', '--exit-code'], { env });
    expect(clean.code).toBe(ExitCode.Ok);
    expect(clean.stdout).toBe(
      `0 to create, 0 to update, 0 to delete, ${CATALOG_SIZE} unchanged\n`,
    );
  });

  it('deletes a stale system and the stale component related to it, and exits 0', async () => {
    await asIntegration.upsertEntity('system', {
      identifier: 'system:default/retired',
      title: 'Retired',
      properties: {},
    });
    await asIntegration.upsertEntity('component', {
      identifier: 'component:default/retired-app',
      title: 'Retired app',
      properties: {},
      relations: { system: 'system:default/retired' },
    });

    const sync = await runBin(['sync', '--json'], { env });

    expect(sync.code).toBe(ExitCode.Ok);
    expect(JSON.parse(sync.stdout).counts).toMatchObject({
      deleted: 2,
      failed: 0,
    });
    for (const [blueprint, identifier] of [
      ['system', 'system:default/retired'],
      ['component', 'component:default/retired-app'],
    ]) {
      await expect(
        asIntegration.getEntity(blueprint, identifier),
      ).rejects.toMatchObject({ status: 404 });
    }
  });

  it('with --state, the first run records the state and the second writes nothing', async () => {
    const state = path.join(dir, 'state.json');
    const first = await runBin(['sync', '--state', state, '--json'], { env });
    expect(first.code).toBe(ExitCode.Ok);
    expect(JSON.parse(readFileSync(state, 'utf8')).refs).toHaveLength(
      CATALOG_SIZE,
    );

    sandbox.clearRequests();
    const second = await runBin(['sync', '--state', state, '--json'], { env });
    expect(second.code).toBe(ExitCode.Ok);
    expect(JSON.parse(second.stdout).counts).toMatchObject({
      upserted: 0,
      unchanged: CATALOG_SIZE,
      deleted: 0,
      failed: 0,
    });
    expect(writesIn(sandbox)).toEqual([]);
  });

  it('a state file that is not a portsync state ends with one line, exit 3', async () => {
    const state = path.join(dir, 'not-state.json');
    writeFileSync(state, '{"version": 7}');
    const outcome = await runBin(['sync', '--state', state], { env });
    expect(outcome).toEqual({
      code: ExitCode.Config,
      stdout: '',
      stderr: `portsync sync: state file ${state} is not a portsync state: MemoryStateStore: unsupported state snapshot version 7\n`,
    });
  });

  describe('each failure ends with one clear line, a non-zero exit and no secret', () => {
    it.each<{
      name: string;
      env?: Record<string, string>;
      args?: string[];
      code: ExitCode;
      stderr: string | RegExp;
    }>([
      {
        name: 'wrong Port credentials',
        env: { PORT_CLIENT_SECRET: 'wrong-secret-9876' },
        code: ExitCode.Port,
        stderr:
          /^portsync sync: Port rejected the credentials \(401.*\): check PORT_CLIENT_ID and PORT_CLIENT_SECRET\n$/,
      },
      {
        name: 'an unreachable Backstage',
        env: { BACKSTAGE_URL: 'http://127.0.0.1:{closedPort}' },
        code: ExitCode.Backstage,
        stderr:
          /^portsync sync: cannot reach Backstage at http:\/\/127\.0\.0\.1:\d+: ECONNREFUSED\n$/,
      },
      {
        name: 'a bad Backstage token',
        env: { BACKSTAGE_TOKEN: 'not-the-token-1234' },
        code: ExitCode.Backstage,
        stderr:
          /^portsync sync: Backstage at http:\/\/127\.0\.0\.1:\d+ rejected the request \(401 Unauthorized\): check BACKSTAGE_TOKEN against backend\.auth\.externalAccess\n$/,
      },
      {
        name: 'a broken mapping',
        args: ['--mapping', 'broken-mapping.yaml'],
        code: ExitCode.Config,
        stderr:
          /^portsync sync: invalid mapping: mapping\.resources\[0\]\.port\.entity\.mappings\.title: .*"\.metadata\.title \/\/".*\(broken-mapping\.yaml:7:\d+\)\n$/,
      },
      {
        name: 'an unreachable Port',
        env: { PORT_BASE_URL: 'http://127.0.0.1:{closedPort}' },
        args: ['--config', 'no-retries.yaml'],
        code: ExitCode.Port,
        stderr:
          /^portsync sync: cannot reach Port at http:\/\/127\.0\.0\.1:\d+: Port API POST \/v1\/auth\/access_token failed: .+\n$/,
      },
      {
        name: 'an unknown flag',
        args: ['--dryrun'],
        code: ExitCode.Usage,
        stderr:
          "portsync sync: unknown option '--dryrun' (see portsync sync --help)\n",
      },
      {
        name: 'missing Port credentials',
        env: { PORT_CLIENT_ID: '', PORT_CLIENT_SECRET: '' },
        code: ExitCode.Config,
        stderr:
          'portsync sync: missing Port client id (PORT_CLIENT_ID, --client-id or port.clientId) and client secret (PORT_CLIENT_SECRET, --client-secret or port.clientSecret)\n',
      },
    ])('$name', async ({ env: extra, args, code, stderr }) => {
      const merged = Object.fromEntries(
        Object.entries({ ...env, ...extra }).map(([key, value]) => [
          key,
          value.replace('{closedPort}', String(closedPort)),
        ]),
      );
      const outcome = await runBin(['sync', ...(args ?? [])], {
        env: merged,
        cwd: dir,
      });
      expect(outcome.code).toBe(code);
      expect(outcome.stdout).toBe('');
      expect(outcome.stderr).toEqual(textMatching(stderr));
      const secrets = [merged.PORT_CLIENT_SECRET, merged.BACKSTAGE_TOKEN];
      expect(
        secrets.filter(secret => secret && outcome.stderr.includes(secret)),
      ).toEqual([]);
    });
  });
});
