import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BrowserContext, chromium } from 'playwright-core';
import { TestApi } from '../contract/testApi';

const CHROMIUM = '/usr/bin/chromium';
const hasChromium = existsSync(CHROMIUM);
if (!hasChromium) {
  // eslint-disable-next-line no-console
  console.warn(
    `Skipping the browser test: ${CHROMIUM} is absent (apt-get install -y chromium).`,
  );
}

(hasChromium ? describe : describe.skip)('web view in a browser', () => {
  let api: TestApi;
  let browser: BrowserContext;
  let profile: string;

  beforeAll(async () => {
    api = await TestApi.start();
    profile = mkdtempSync(join(tmpdir(), 'port-sandbox-chromium-'));
    // The empty profile directory is Chromium's --user-data-dir.
    browser = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM,
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
  }, 60000);

  afterAll(async () => {
    await browser?.close();
    await api?.sandbox.close();
    rmSync(profile, { recursive: true, force: true });
  });

  it('finds an entity pushed over the API by browsing and searching', async () => {
    await api.createServiceBlueprints();
    await api.post('/v1/blueprints/team/entities', {
      identifier: 'payments',
      title: 'Payments',
    });
    await api.post('/v1/blueprints/service/entities/bulk', {
      entities: [
        {
          identifier: 'component:default/ledger',
          title: 'Ledger',
          relations: { owner: 'payments' },
        },
        { identifier: 'component:default/search', title: 'Search' },
      ],
    });
    const page = await browser.newPage();
    await page.goto(`${api.sandbox.url}/`);
    await page.click('a[href="/blueprints/service"]');
    await page.fill('input[name="q"]', 'ledger');
    await page.click('button[type="submit"]');
    await page.waitForURL(/q=ledger/);
    const rows = page.locator('#entities a');
    expect(await rows.allTextContents()).toEqual(['component:default/ledger']);
    await rows.first().click();
    await page.waitForURL(/entities\/component/);
    expect(await page.locator('pre').textContent()).toContain(
      '"title": "Ledger"',
    );
    await page.click('#relations a');
    expect(await page.locator('h1').textContent()).toBe('team / payments');
    await page.goto(`${api.sandbox.url}/requests`);
    expect(await page.locator('#requests').textContent()).toContain(
      '/v1/blueprints/service/entities/bulk',
    );
  }, 60000);
});
