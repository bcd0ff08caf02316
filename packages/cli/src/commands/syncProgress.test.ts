import { startSandbox } from '@portsync/port-sandbox';
import { spawn, spawnSync } from 'node:child_process';
import { ExitCode } from '../framework/ExitCode';
import { BIN } from '../__testUtils__/runBin';
import { startSyntheticCatalog } from '../__testUtils__/startSyntheticCatalog';

jest.setTimeout(300_000);

const ENTITIES = 10_000;

/** util-linux's `script` runs a command on a pseudo-terminal and copies what it shows to its own output. */
function runOnTerminal(
  args: string[],
  env: Record<string, string>,
): Promise<{ code: number; screen: string }> {
  const command = [process.execPath, BIN, ...args]
    .map(part => `'${part.replace(/'/g, `'\\''`)}'`)
    .join(' ');
  return new Promise((resolve, reject) => {
    const child = spawn('script', ['-q', '-e', '-c', command, '/dev/null'], {
      env: {
        PATH: process.env.PATH ?? '',
        TERM: 'xterm',
        COLUMNS: '160',
        ...env,
      },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let screen = '';
    child.stdout.on('data', chunk => (screen += chunk));
    child.stderr.on('data', chunk => (screen += chunk));
    child.on('error', reject);
    child.on('close', code => resolve({ code: code ?? -1, screen }));
    child.stdin.end();
  });
}

const hasScript = spawnSync('script', ['--version']).status === 0;

(hasScript ? describe : describe.skip)(
  'portsync sync on a terminal (pseudo-terminal through script)',
  () => {
    let sandbox: Awaited<ReturnType<typeof startSandbox>>;
    let catalog: Awaited<ReturnType<typeof startSyntheticCatalog>>;

    beforeAll(async () => {
      sandbox = await startSandbox();
      catalog = await startSyntheticCatalog(ENTITIES);
    });

    afterAll(async () => {
      await catalog?.close();
      await sandbox?.close();
    });

    it(`draws a progress bar while syncing ${ENTITIES} entities`, async () => {
      const { code, screen } = await runOnTerminal(
        ['sync', '--kind', 'component'],
        {
          BACKSTAGE_URL: catalog.url,
          PORT_BASE_URL: sandbox.url,
          PORT_CLIENT_ID: sandbox.clientId,
          PORT_CLIENT_SECRET: sandbox.clientSecret,
        },
      );
      expect(code).toBe(ExitCode.Ok);
      // The bar is redrawn in place (cursor back to column 1), with its blocks and counts.
      expect(screen).toContain('\u001b[1G');
      expect(screen).toMatch(/reading \|[█░]{20}\| \d+\/10000 \| 0 upserted/);
      expect(screen).toMatch(
        /reading \|█{20}\| 10000\/10000 \| 10000 upserted, 0 failed \| \d+s/,
      );
      expect(screen).toMatch(
        /sync .*completed.* in [\d.]+s: 10000 mapped, 10000 upserted, 0 unchanged, 0 deleted, 0 failed/,
      );
      // Several frames were drawn while it ran, not only the last one.
      expect(
        new Set(screen.match(/reading \|[█░]{20}\| \d+\/10000/g)).size,
      ).toBeGreaterThan(1);
    });
  },
);
