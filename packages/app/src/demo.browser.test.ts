/**
 * @jest-environment node
 */
import { ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { BrowserContext, chromium, Page } from 'playwright-core';

// The whole demo as `npm start` runs it (sandbox, backend, built app), on free ports, driven
// in Chromium the way a newcomer uses it.

const CHROMIUM = '/usr/bin/chromium';
const hasChromium = existsSync(CHROMIUM);
if (!hasChromium) {
  // eslint-disable-next-line no-console
  console.warn(
    `Skipping the demo's browser test: ${CHROMIUM} is absent (apt-get install -y chromium).`,
  );
}

const root = resolve(__dirname, '../../..');
const ENTITY = 'component:default/stream-gateway';
const DEV_TOKEN = 'portsync-dev-token';
// Set to a directory to write the screenshots the plugin's README shows.
const screenshotsDir = process.env.PORTSYNC_SCREENSHOTS_DIR;

function freePort(): Promise<number> {
  return new Promise((ok, fail) => {
    const server = createServer();
    server.on('error', fail);
    server.listen(0, () => {
      const { port } = server.address() as { port: number };
      server.close(() => ok(port));
    });
  });
}

/** Polls `check` until it returns a value; the demo signals readiness only through its HTTP APIs. */
async function until<T>(
  what: string,
  check: () => Promise<T | undefined>,
  timeoutMs: number,
  demoOutput: () => string,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check().catch(() => undefined);
    if (value !== undefined) return value;
    if (Date.now() > deadline) {
      throw new Error(
        `Timed out waiting for ${what}; demo output:\n${demoOutput().slice(
          -4000,
        )}`,
      );
    }
    await new Promise(r => setTimeout(r, 1000));
  }
}

// each step waits for the page (60 s default above), far longer than Jest's 5 s per test
jest.setTimeout(180_000);

(hasChromium ? describe : describe.skip)('the demo in a browser', () => {
  let demo: ChildProcess;
  let output = '';
  let dataDir: string;
  let profile: string;
  let browser: BrowserContext;
  let page: Page;
  let appUrl: string;
  let backendUrl: string;
  let sandboxUrl: string;

  beforeAll(async () => {
    const [sandboxPort, backendPort, appPort] = await Promise.all([
      freePort(),
      freePort(),
      freePort(),
    ]);
    sandboxUrl = `http://localhost:${sandboxPort}`;
    backendUrl = `http://localhost:${backendPort}`;
    appUrl = `http://localhost:${appPort}`;
    dataDir = mkdtempSync(join(tmpdir(), 'portsync-demo-'));
    demo = spawn(process.execPath, [join(root, 'scripts/start.js')], {
      cwd: root,
      detached: true,
      env: {
        ...process.env,
        NODE_ENV: 'development',
        PORTSYNC_SANDBOX_PORT: String(sandboxPort),
        PORTSYNC_BACKEND_PORT: String(backendPort),
        PORTSYNC_APP_PORT: String(appPort),
        PORTSYNC_SANDBOX_DATA_DIR: dataDir,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    demo.stdout!.on('data', d => (output += d));
    demo.stderr!.on('data', d => (output += d));

    // The first run builds the app (minutes on a loaded machine); later runs reuse dist.
    await until(
      'the example entity to be pushed',
      async () => {
        const res = await fetch(
          `${backendUrl}/api/port/entities/by-ref/${encodeURIComponent(
            ENTITY,
          )}`,
          { headers: { Authorization: `Bearer ${DEV_TOKEN}` } },
        );
        const body = res.ok ? await res.json() : undefined;
        return body?.state === 'pushed' ? true : undefined;
      },
      9 * 60_000,
      () => output,
    );
    await until(
      'the app server',
      async () => ((await fetch(appUrl)).ok ? true : undefined),
      9 * 60_000,
      () => output,
    );

    profile = mkdtempSync(join(tmpdir(), 'portsync-demo-chromium-'));
    browser = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM,
      viewport: { width: 1400, height: 1000 },
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    });
    page = await browser.newPage();
    page.setDefaultTimeout(60_000);
  }, 20 * 60_000);

  /** Changes the app's route the way its links do (history and a popstate), without loading the page again. */
  async function navigateInApp(path: string) {
    await page.evaluate(to => {
      window.history.pushState({}, '', to);
      window.dispatchEvent(new PopStateEvent('popstate'));
    }, path);
  }

  afterAll(async () => {
    await browser?.close();
    if (demo?.pid && demo.exitCode === null) {
      const exited = new Promise(r => demo.once('exit', r));
      process.kill(-demo.pid, 'SIGTERM');
      await exited;
    }
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
    if (profile) rmSync(profile, { recursive: true, force: true });
  });

  it('shows the entity as pushed, with a link to its page in Port', async () => {
    await page.goto(`${appUrl}/catalog/default/component/stream-gateway`);
    await page.getByText('Pushed', { exact: true }).waitFor();
    const link = page.getByRole('link', { name: 'Open in Port' }).first();
    const href = await link.getAttribute('href');
    expect(href).toBe(
      `${sandboxUrl}/componentEntity?identifier=${encodeURIComponent(ENTITY)}`,
    );
    if (screenshotsDir) {
      await page.screenshot({ path: join(screenshotsDir, 'entity-card.png') });
    }
    await page.goto(href!);
    expect(await page.locator('body').textContent()).toContain(ENTITY);
  });

  it('shows the card as pushed on every example entity, and on a page of each kind', async () => {
    const headers = { Authorization: `Bearer ${DEV_TOKEN}` };
    const entities: Array<{
      kind: string;
      metadata: { namespace?: string; name: string };
    }> = await (
      await fetch(
        `${backendUrl}/api/catalog/entities?fields=kind,metadata.namespace,metadata.name`,
        { headers },
      )
    ).json();
    const refOf = (e: (typeof entities)[number]) =>
      `${e.kind}:${e.metadata.namespace ?? 'default'}/${
        e.metadata.name
      }`.toLowerCase();
    let notPushed: Array<{ ref: string; state: string }> = [];
    await until(
      'every example entity to be pushed',
      async () => {
        const states = await Promise.all(
          entities.map(async e => {
            const res = await fetch(
              `${backendUrl}/api/port/entities/by-ref/${encodeURIComponent(
                refOf(e),
              )}`,
              { headers },
            );
            return { ref: refOf(e), state: (await res.json()).state };
          }),
        );
        notPushed = states.filter(s => s.state !== 'pushed');
        return notPushed.length === 0 ? true : undefined;
      },
      120_000,
      () => `${output}\nnot pushed: ${JSON.stringify(notPushed)}`,
    );
    expect(entities.length).toBeGreaterThan(50);

    const oneOfEachKind = [
      ...new Map(entities.map(e => [e.kind, e] as const)).values(),
    ];
    // Within the app, as a user clicks through (a full load parses the whole bundle again): by way of the catalog
    // list, so that no card of the page before can answer for the next.
    await page.goto(`${appUrl}/catalog`);
    const pushed = page.getByText('Pushed', { exact: true });
    for (const e of oneOfEachKind) {
      await navigateInApp(
        `/catalog/${
          e.metadata.namespace ?? 'default'
        }/${e.kind.toLowerCase()}/${e.metadata.name}`,
      );
      await pushed.waitFor();
      await navigateInApp('/catalog');
      await pushed.waitFor({ state: 'detached' });
    }
  });

  it('previews a broken mapping with its field error and starts a resync', async () => {
    await page.goto(`${appUrl}/port`);
    const runs = page.getByTestId('port-run');
    await page.getByRole('button', { name: 'Resync now' }).waitFor();
    await runs.first().waitFor();

    await page.getByLabel('Entity ref').fill(ENTITY);
    await page
      .getByLabel(/^Mapping/)
      .fill(
        [
          'resources:',
          '  - kind: component',
          "    selector: { query: 'true' }",
          '    port:',
          '      entity:',
          '        mappings:',
          '          identifier: .metadata.name',
          `          blueprint: '"component"'`,
          '          properties:',
          '            type: .spec.type | tonumber',
        ].join('\n'),
      );
    await page.getByText('Field errors').waitFor();
    expect(await page.locator('body').textContent()).toContain(
      '.spec.type | tonumber',
    );

    const resyncRows = runs.filter({ hasText: 'resync' });
    const before = await resyncRows.count();
    await page.getByRole('button', { name: 'Resync now' }).click();
    await page.waitForFunction(
      n =>
        [...document.querySelectorAll('[data-testid="port-run"]')].filter(r =>
          r.textContent?.includes('resync'),
        ).length > n,
      before,
      { timeout: 120_000 },
    );
    if (screenshotsDir) {
      await page.screenshot({
        path: join(screenshotsDir, 'admin-page.png'),
        fullPage: true,
      });
    }
  });
});
