import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readLabelledSet } from '../support/link-suggestion-set.ts';
import { fixtureFile, SEED_002 } from '../support/shared-files.ts';
import { csrfToken, importPlanFile, newWatchedContext, signIn } from './support/browser-session.ts';
import { buildWeb } from './support/build-web.ts';
import { findSeriousViolations } from './support/check-accessibility.ts';
import { launchBrowser } from './support/launch-browser.ts';
import { startJalon, type RunningJalon } from './support/start-jalon.ts';

/**
 * Suggested links in Chromium (issue 13): the coordinator imports the 2015 PROMSOC plan (seed
 * 002) from Word, fills its register with the experts' recommendations of the labelled set, and
 * on the recommendations page accepts the suggested answer of one of them: it becomes a link in
 * the coverage matrix. Then rejects another suggestion, which is gone after a reload.
 */
const seed002 = fixtureFile(`${SEED_002}.docx`);
const shots = 'test-results/e2e';
const webDist = path.resolve('test-results/e2e/dist-link-suggestions');
const admin = { email: 'qualite@example.org', name: 'Quentin Qualité', password: 'motdepasse-quentin' };
const answer = /^Formaliser et diffuser une convention type de stage/;

let jalon: RunningJalon;
let browser: Browser;
let context: BrowserContext;
let page: Page;
let planId = '';
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
  planId = await importPlanFile(context, jalon.url, seed002);
  // The experts' recommendations for this plan, as the labelled set words them.
  const entry = readLabelledSet().plans.find((p) => p.id === 'seed-002')!;
  const headers = { 'x-csrf-token': await csrfToken(context, jalon.url) };
  const current = await context.request.get(`${jalon.url}/api/v1/plans/${planId}/recommendations`);
  const register = await context.request.put(`${jalon.url}/api/v1/plans/${planId}/recommendations`, {
    headers,
    data: {
      etag: ((await current.json()) as { etag: string }).etag,
      recommendations: entry.recommendations.map((r) => ({
        criterion: null,
        number: r.key.slice(1),
        text: r.text,
        justification: null,
      })),
    },
  });
  expect(register.status()).toBe(200);
}, 240_000);

afterAll(async () => {
  await browser?.close();
  await jalon?.close();
});

describe('suggested links recommendation ↔ action, in Chromium', () => {
  it('accepts a suggestion, which becomes a link in the coverage matrix', async () => {
    await page.goto(`${jalon.url}/plans/${planId}/recommendations`);
    const item = page.locator('.unanswered-item').filter({ hasText: 'Recommandation 3 —' });
    const first = item.locator('.suggestion').first();
    await first.waitFor();
    await expect.poll(() => first.textContent()).toMatch(/proximité \d+ %/);
    expect(await first.textContent()).toMatch(/Formaliser et diffuser une convention type de stage/);
    // The other way: actions answering no recommendation, with the recommendations that fit.
    await page.getByRole('heading', { name: /Actions sans recommandation/ }).waitFor();
    await expectAccessible('recommendations page with suggestions');
    await first.scrollIntoViewIfNeeded();
    await page.screenshot({ path: `${shots}/link-suggestions.png`, fullPage: false });

    await first.getByRole('button', { name: /^Accepter le lien : Recommandation 3/ }).click();
    // No longer unanswered, and the matrix links it to the action.
    await item.waitFor({ state: 'detached' });
    const matrixRow = page.locator('table.coverage-matrix tr').filter({ hasText: 'Recommandation 3' });
    await expect
      .poll(() => matrixRow.getByRole('link').allTextContents())
      .toEqual([expect.stringMatching(answer)]);

    // A reload shows the same: it is stored as an ordinary link.
    await page.reload();
    await page
      .locator('table.coverage-matrix tr')
      .filter({ hasText: 'Recommandation 3' })
      .getByRole('link', { name: answer })
      .waitFor();
    await expectAccessible('recommendations page after accepting');
  });

  it('rejects a suggestion, which does not come back', async () => {
    // A recommendation with two suggestions or more: the second moves up when the first is rejected.
    const items = page.locator('.unanswered-item');
    await items.first().locator('.suggestion').first().waitFor();
    let index = 0;
    while ((await items.nth(index).locator('.suggestion').count()) < 2) index++;
    const item = items.nth(index);
    const name = (await item.locator('strong').first().textContent())!;
    const suggestions = item.locator('.suggestion');
    const [rejected, next] = (await suggestions.allTextContents()) as [string, string];
    await suggestions
      .first()
      .getByRole('button', { name: /^Rejeter le lien/ })
      .click();
    await expect.poll(() => suggestions.first().textContent()).toBe(next);
    await page.getByText(/Suggestions rejetées \(1\)/).waitFor();
    await page.reload();
    const again = page
      .locator('.unanswered-item')
      .filter({ hasText: `${name} —` })
      .locator('.suggestion');
    await again.first().waitFor();
    expect(await again.allTextContents()).not.toContain(rejected);
    await page.getByText(/Suggestions rejetées \(1\)/).click();
    await page.getByRole('button', { name: new RegExp(`^Annuler le rejet : ${name}`) }).waitFor();
    await expectAccessible('recommendations page with a rejection');
    expect(problems).toEqual([]);
  });
});

async function expectAccessible(where: string) {
  const violations = await findSeriousViolations(page);
  expect(violations, `${where}: ${JSON.stringify(violations, null, 1)}`).toEqual([]);
}
