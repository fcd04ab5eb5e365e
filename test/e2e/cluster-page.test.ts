import { mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixtureFile, SEED_002 } from '../support/shared-files.ts';
import { newWatchedContext, signIn } from './support/browser-session.ts';
import { buildWeb } from './support/build-web.ts';
import { findSeriousViolations } from './support/check-accessibility.ts';
import { launchBrowser } from './support/launch-browser.ts';
import { startJalon, type RunningJalon } from './support/start-jalon.ts';

/**
 * Clusters in Chromium (issue 13): an admin creates a cluster in the web, drops three plan
 * files and a damaged one on its page (the progress bar counts them, each gets its report, the
 * damaged one refused by name), sees one row per plan with the stored plan's counts, and opens
 * a plan from its row.
 */
const shots = 'test-results/e2e';
const webDist = path.resolve('test-results/e2e/dist-cluster-page');
const admin = { email: 'agence@example.org', name: 'Agnès Agence', password: 'motdepasse-agnes' };
const files = [
  fixtureFile(`${SEED_002}.docx`),
  fixtureFile(`${SEED_002}_actions.xlsx`),
  path.resolve('test/fixtures/layouts/themes-colles.txt'),
];

let jalon: RunningJalon;
let browser: Browser;
let context: BrowserContext;
let page: Page;
const problems: string[] = [];

beforeAll(async () => {
  mkdirSync(shots, { recursive: true });
  await buildWeb(webDist);
  jalon = await startJalon({ webDist });
  await jalon.addAdmin(admin.email, admin.name, admin.password);
  browser = await launchBrowser();
  context = await newWatchedContext(browser, problems);
  page = await context.newPage();
  await signIn(page, jalon.url, admin);
}, 240_000);

afterAll(async () => {
  await browser?.close();
  await jalon?.close();
});

describe('a cluster of plans, in Chromium', () => {
  it('creates a cluster, bulk-imports files with progress and a report per file, and shows one row per plan', async () => {
    await page.getByRole('link', { name: 'Groupes de plans' }).click();
    await page.getByLabel('Nom').fill('Assistant de direction 2026');
    await page.getByLabel('Agence ou instance').fill('AEQES');
    await page.getByRole('button', { name: 'Créer le groupe' }).click();
    await page.getByRole('heading', { level: 1, name: /Assistant de direction 2026/ }).waitFor();

    await page
      .getByLabel('Institution des documents qui ne la nomment pas')
      .fill('Haute École des Deux Vallées');
    await page.getByLabel('Déposez les fichiers ici ou choisissez-les').setInputFiles([
      ...files.map((file) => ({
        name: path.basename(file),
        mimeType: 'application/octet-stream',
        buffer: readFileSync(file),
      })),
      {
        name: 'abime.docx',
        mimeType: 'application/octet-stream',
        buffer: Buffer.from([0x50, 0x4b, 3, 4, 9, 9]),
      },
    ]);
    await page.getByRole('status').filter({ hasText: '4 fichier(s) sur 4' }).waitFor({ timeout: 60_000 });
    expect(await page.locator('progress').getAttribute('value')).toBe('4');
    const reports = page.locator('.import-reports li');
    await expect.poll(() => reports.count()).toBe(4);
    expect(await page.locator('.import-ok').count()).toBe(3);
    expect(await page.locator('.import-failed').textContent()).toMatch(/abime\.docx refusé : abime\.docx/);
    expect(await reports.first().textContent()).toMatch(/enregistré : 17 actions/);

    // The table was reloaded after the import: one row per stored plan, counts as stored.
    const rows = page.locator('.cluster-table tbody tr');
    await expect.poll(() => rows.count()).toBe(3);
    const cluster = (await (await context.request.get(`${jalon.url}/api/v1/clusters`)).json()) as {
      clusters: Array<{ id: string }>;
    };
    for (const tr of await rows.all()) {
      const planId = (await tr.getAttribute('data-plan-id'))!;
      const plan = (await (
        await context.request.get(`${jalon.url}/api/v1/plans/${planId}/dashboard`)
      ).json()) as {
        byStatus: Record<string, number>;
        overdue: unknown[];
      };
      const total = Object.values(plan.byStatus).reduce((a, b) => a + b, 0);
      expect(await tr.locator('[data-field="actions"]').textContent()).toBe(String(total));
      expect(await tr.locator('[data-field="overdue"]').textContent()).toBe(String(plan.overdue.length));
      const segments = await tr
        .locator('.cluster-status-bar span')
        .evaluateAll((spans) => spans.reduce((sum, s) => sum + Number((s as HTMLElement).dataset.count), 0));
      expect(segments).toBe(total);
    }
    expect(cluster.clusters).toHaveLength(1);
    expect(await rows.locator('th').allTextContents()).toContain('Haute École des Deux Vallées');
    const violations = await findSeriousViolations(page);
    expect(violations, JSON.stringify(violations, null, 1)).toEqual([]);
    await page.screenshot({ path: `${shots}/cluster-page.png`, fullPage: true });

    // Click through to a plan.
    await rows.first().locator('td a').click();
    await page.waitForURL(/\/plans\/[^/]+$/);
    expect(problems).toEqual([]);
  }, 180_000);
});
