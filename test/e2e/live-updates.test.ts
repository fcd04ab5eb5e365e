import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/db/connection.ts';
import { createEmptyPostgresDatabase } from '../db/test-database.ts';
import { seedPermissionPlan, seedRoleUsers, TEST_PASSWORD, type SeededPlan } from '../server/test-server.ts';
import { newWatchedContext, signIn } from './support/browser-session.ts';
import { buildWeb } from './support/build-web.ts';
import { findSeriousViolations } from './support/check-accessibility.ts';
import { launchBrowser } from './support/launch-browser.ts';
import { startJalon, type RunningJalon } from './support/start-jalon.ts';

/**
 * Two campuses on two Jalon instances over one PostgreSQL database, in Chromium: the coordinator
 * on A and the LLN campus editor on B look at the same plan. What one does shows on the other's
 * page without a reload: who is editing a row, then the status they set, with a quiet notice;
 * the coordinator's own draft, open meanwhile, is left as it was.
 */
const webDist = path.resolve('test-results/e2e/dist-live-updates');

let database: Awaited<ReturnType<typeof createEmptyPostgresDatabase>>;
let a: RunningJalon;
let b: RunningJalon;
let browser: Browser;
let seeded: SeededPlan;
let users: Awaited<ReturnType<typeof seedRoleUsers>>;
const contexts: BrowserContext[] = [];
const problems: string[] = [];

async function openPlanAs(server: RunningJalon, email: string): Promise<Page> {
  const context = await newWatchedContext(browser, problems);
  contexts.push(context);
  const page = await context.newPage();
  await signIn(page, server.url, { email, password: TEST_PASSWORD });
  await page.goto(`${server.url}/plans/${seeded.planId}`);
  await page.locator('tr.action-row').first().waitFor();
  return page;
}

const rowOf = (page: Page, actionId: string) => page.locator(`#action-${actionId}`);

beforeAll(async () => {
  await buildWeb(webDist);
  database = await createEmptyPostgresDatabase();
  const handle = await openDatabase({ url: database.url, poolSize: 2 });
  seeded = await seedPermissionPlan(handle);
  users = await seedRoleUsers(handle, seeded.institutionId);
  await handle.close();
  [a, b] = await Promise.all([
    startJalon({ webDist, databaseUrl: database.url }),
    startJalon({ webDist, databaseUrl: database.url }),
  ]);
  browser = await launchBrowser();
}, 180_000);

afterAll(async () => {
  for (const context of contexts) await context.close();
  await browser?.close();
  await Promise.all([a?.close(), b?.close()]);
  await database?.drop();
});

describe('live updates between two instances, in Chromium', () => {
  it('shows on A who is editing a row on B, then the status set on B, without a reload', async () => {
    const coordinator = await openPlanAs(a, users.coordinator);
    const editor = await openPlanAs(b, users.site_editor);
    // A reload would lose this mark.
    await coordinator.evaluate(() => ((window as unknown as { jalonMark: number }).jalonMark = 1));

    // The coordinator starts editing the common action and leaves a draft there.
    await rowOf(coordinator, seeded.actions.common)
      .getByRole('button', { name: /^Modifier/ })
      .click();
    const draftField = coordinator.locator('form.action-editor textarea').first();
    await draftField.fill('Action commune : charte de stage (brouillon non enregistré)');

    // The campus editor opens the status form of the LLN action: A sees who is on that row.
    const llnOnB = rowOf(editor, seeded.actions.lln);
    await llnOnB.getByRole('button', { name: 'Changer l’état' }).click();
    const llnOnA = rowOf(coordinator, seeded.actions.lln);
    await llnOnA.getByText('Éditeur LLN modifie cette action').waitFor({ timeout: 3_000 });
    expect(await llnOnA.getAttribute('class')).toContain('being-edited');
    // The campus editor's own page does not show them their own presence.
    expect(await editor.getByText('Éditeur LLN modifie cette action').count()).toBe(0);

    const form = editor.getByRole('form', { name: 'Changer l’état de réalisation' });
    await form.getByLabel('État').selectOption({ label: 'Réalisé' });
    await form.getByRole('button', { name: 'Enregistrer l’état' }).click();

    // On A: the row shows the new status, a quiet notice says who changed it, the presence is over.
    await llnOnA.locator('.cell-status').getByText('Réalisé').waitFor({ timeout: 3_000 });
    await coordinator.getByText(/Modifié par Éditeur LLN/).waitFor({ timeout: 3_000 });
    await llnOnA.getByText('Éditeur LLN modifie cette action').waitFor({ state: 'detached', timeout: 3_000 });
    expect(await coordinator.evaluate(() => (window as unknown as { jalonMark?: number }).jalonMark)).toBe(1);
    // The coordinator's draft is still there, unsaved.
    expect(await draftField.inputValue()).toBe('Action commune : charte de stage (brouillon non enregistré)');

    const violations = await findSeriousViolations(coordinator);
    expect(violations, JSON.stringify(violations, null, 1)).toEqual([]);
    expect(problems).toEqual([]);
  });
});
