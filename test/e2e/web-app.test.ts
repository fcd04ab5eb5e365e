import { mkdirSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixtureFile, SEED_000 } from '../support/shared-files.ts';
import { newWatchedContext, signIn as signInAt, type Account } from './support/browser-session.ts';
import { buildWeb } from './support/build-web.ts';
import { findSeriousViolations } from './support/check-accessibility.ts';
import { launchBrowser } from './support/launch-browser.ts';
import { startJalon, type RunningJalon } from './support/start-jalon.ts';

/**
 * The web app end to end, as its users work: a coordinator imports the 2026 plan (seed 000) from
 * Word, gives the Louvain-la-Neuve campus its editor, who updates a local action and is kept
 * away from the other campuses'; then the timeline, the dashboard, an export, accessibility.
 */
const seedDocx = fixtureFile(`${SEED_000}.docx`);
const shots = 'test-results/e2e';
const webDist = resolve('test-results/e2e/dist-web-app');
const admin = {
  email: 'coordination@example.org',
  name: 'Claire Coordination',
  password: 'motdepasse-claire',
};
const editor = { email: 'lln@example.org', name: 'Luc Lenoir', password: 'motdepasse-luc-lln' };

let jalon: RunningJalon;
let browser: Browser;
let adminContext: BrowserContext;
let adminPage: Page;
let planId = '';
/** Script errors and CSP violations: every page runs under the server's real policy. */
const pageErrors: string[] = [];

const signIn = (page: Page, account: Account) => signInAt(page, jalon.url, account);

async function newSignedInPage(account: Account) {
  const context = await newWatchedContext(browser, pageErrors);
  const page = await context.newPage();
  await signIn(page, account);
  return { context, page };
}

/** A request beside the page with the page's session, as another tab or a script would make it. */
async function callApi(page: Page, method: string, path: string, body?: unknown) {
  return page.evaluate(
    async (request) => {
      const me = (await (await fetch('/api/v1/auth/me')).json()) as { csrfToken: string };
      const init: RequestInit = {
        method: request.method,
        headers: { 'content-type': 'application/json', 'x-csrf-token': me.csrfToken },
      };
      if (request.body !== undefined) init.body = JSON.stringify(request.body);
      const response = await fetch(request.path, init);
      return { status: response.status, body: (await response.json()) as Record<string, unknown> };
    },
    { method, path, body },
  );
}

async function planPayload(page: Page) {
  const answer = await callApi(page, 'GET', `/api/v1/plans/${planId}`);
  return answer.body as { revisions: Record<string, number>; planRevision: number };
}

async function expectAccessible(page: Page, where: string) {
  const violations = await findSeriousViolations(page);
  expect(violations, `${where}: ${JSON.stringify(violations, null, 1)}`).toEqual([]);
}

beforeAll(async () => {
  mkdirSync(shots, { recursive: true });
  await buildWeb(webDist);
  jalon = await startJalon({ webDist });
  await jalon.addAdmin(admin.email, admin.name, admin.password);
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  await jalon?.close();
});

describe('the web app, end to end in Chromium', () => {
  it('signs the coordinator in and imports seed 000 from Word through the wizard', async () => {
    const context = await newWatchedContext(browser, pageErrors);
    adminContext = context;
    adminPage = await context.newPage();
    await adminPage.goto(`${jalon.url}/`);
    await adminPage.getByRole('heading', { name: 'Connexion' }).waitFor();
    await expectAccessible(adminPage, 'sign-in');
    await adminPage.getByLabel('Adresse e-mail').fill(admin.email);
    await adminPage.getByLabel('Mot de passe').fill('wrong password');
    await adminPage.getByRole('button', { name: 'Se connecter' }).click();
    await expect.poll(() => adminPage.getByRole('alert').textContent()).toBeTruthy();
    await signIn(adminPage, admin);

    await adminPage
      .getByRole('navigation', { name: 'Navigation principale' })
      .getByRole('link', { name: 'Importer un plan' })
      .click();
    await adminPage.getByLabel(/^Fichier/).setInputFiles(seedDocx);
    await adminPage.getByRole('button', { name: 'Analyser' }).click();
    await adminPage
      .getByRole('heading', { name: /Aperçu de la structure reconnue/ })
      .waitFor({ timeout: 60_000 });
    const summary = await adminPage.locator('.import-summary').textContent();
    expect(summary).toMatch(/\d+ axes, \d+ objectifs, \d+ actions, 3 implantations/);
    await expectAccessible(adminPage, 'import preview');
    await adminPage.screenshot({ path: `${shots}/import-preview.png`, fullPage: false });
    await adminPage.getByRole('button', { name: 'Enregistrer comme nouveau plan' }).click();
    await adminPage.waitForURL(/\/plans\/[^/]+$/);
    planId = new URL(adminPage.url()).pathname.split('/')[2]!;
    await adminPage.locator('tr.action-row').first().waitFor();
    expect(await adminPage.locator('tr.action-row').count()).toBeGreaterThan(40);
    await expect.poll(() => adminPage.getByRole('heading', { level: 1 }).textContent()).toMatch(/Plan/i);
  });

  it('reads a table pasted into the wizard', async () => {
    await adminPage.goto(`${jalon.url}/import`);
    const pasted = [
      'Axe\tDescription des actions\tDegré de priorité\tResponsable(s)\tDegré de réalisation / Échéance(s)',
      '1. Renforcer les stages\tOrganiser une journée des maîtres de stage\t***\tCoordination des stages\tAction planifiée en janvier 2027',
      '1. Renforcer les stages\tRédiger un guide du stagiaire\t**\tDirection\tEn cours',
      '2. Ouvrir le programme\tInviter des professionnels aux cours\t*\tEnseignants\tRéalisé en 2025-2026',
    ].join('\n');
    await adminPage.getByLabel(/ou collez un tableau/).fill(pasted);
    await adminPage.getByRole('button', { name: 'Analyser' }).click();
    await adminPage.getByRole('heading', { name: /Aperçu de la structure reconnue/ }).waitFor();
    expect(await adminPage.locator('.import-summary').textContent()).toMatch(
      /2 axes, \d+ objectifs?, 3 actions/,
    );
    await adminPage.getByRole('button', { name: 'Recommencer' }).click();
    expect(await adminPage.locator('.import-preview').count()).toBe(0);
  });

  it('shows how each column was read, re-reads the preview when a column is given another role, and proposes that choice at the next import', async () => {
    const pasted = [
      "Plan d'action 2025-2028",
      'Haute École de la Sambre',
      'Projet\tAction\tResponsable\tÉchéance\tVisa DD',
      'Accueil des B1\tOrganiser une journée d’accueil\tDirection\tseptembre 2025\tValidé',
      '\tCréer un parrainage B2-B1\tCoordination B1\toctobre 2025\t',
      'Stages\tRédiger un carnet de stage\tCoordination des stages\tjuin 2026\tÀ revoir',
      '\tFormer les maîtres de stage\tCoordination des stages\t2025-2026\t',
    ].join('\n');
    const analyse = async () => {
      await adminPage.goto(`${jalon.url}/import`);
      await adminPage.getByLabel(/ou collez un tableau/).fill(pasted);
      await adminPage.getByRole('button', { name: 'Analyser' }).click();
      await adminPage.getByRole('heading', { name: 'Lecture des colonnes' }).waitFor();
    };
    await analyse();
    const reading = adminPage.locator('.column-table');
    const projet = reading.getByRole('row', { name: /Projet/ });
    // Read from its shape: no known header, filled at the start of groups of two rows.
    expect(await projet.textContent()).toContain('à vérifier');
    expect(await projet.textContent()).toContain('remplie en début de groupe de 2 lignes, vide dessous');
    expect(await adminPage.getByLabel('Lecture de la colonne « Projet »').inputValue()).toBe('objective');
    expect(await adminPage.locator('.import-summary').textContent()).toMatch(
      /1 axes?, 2 objectifs, 4 actions/,
    );
    await expectAccessible(adminPage, 'column reading');

    await adminPage.getByLabel('Lecture de la colonne « Projet »').selectOption('axis');
    await expect
      .poll(() => adminPage.locator('.import-summary').textContent())
      .toMatch(/2 axes, 0 objectif, 4 actions/);
    expect(await projet.textContent()).toContain('votre choix');
    expect(await adminPage.locator('ol.structure').textContent()).toContain('Accueil des B1');
    await adminPage.getByLabel('Lecture de la colonne « Visa DD »').selectOption('notes');
    await expect
      .poll(() => reading.getByRole('row', { name: /Visa DD/ }).textContent())
      .toContain('votre choix');
    await adminPage.screenshot({ path: `${shots}/import-column-reading.png`, fullPage: true });
    expect(await adminPage.getByLabel(/Retenir mes choix de colonnes/).isChecked()).toBe(true);
    await adminPage.getByRole('button', { name: 'Enregistrer comme nouveau plan' }).click();
    await adminPage.waitForURL(/\/plans\/[^/]+$/);
    await adminPage.locator('tr.action-row').first().waitFor();

    // The next plan of that institution is read with the choices remembered for it.
    await analyse();
    await adminPage
      .getByText(/Lecture proposée d’après un import précédent pour Haute École de la Sambre : 2 colonnes/)
      .waitFor();
    expect(await adminPage.locator('.import-summary').textContent()).toMatch(/2 axes, 0 objectif, 4 actions/);
    expect(await reading.getByRole('row', { name: /Projet/ }).textContent()).toContain(
      'retenu pour Haute École de la Sambre',
    );
    await adminPage.getByRole('button', { name: 'Ne pas l’utiliser' }).click();
    await expect
      .poll(() => adminPage.locator('.import-summary').textContent())
      .toMatch(/1 axe, 2 objectifs, 4 actions/);
    await adminPage.getByRole('button', { name: 'Recommencer' }).click();
  });

  it('lets the coordinator give the Louvain-la-Neuve editor their role in the administration page', async () => {
    await adminPage
      .getByRole('navigation', { name: 'Navigation principale' })
      .getByRole('link', { name: 'Administration' })
      .click();
    const userForm = adminPage.getByRole('form', { name: 'Ajouter un utilisateur' });
    await userForm.getByLabel('Nom').fill(editor.name);
    await userForm.getByLabel('E-mail').fill(editor.email);
    await userForm.getByLabel(/^Mot de passe/).fill(editor.password);
    await userForm.getByRole('button', { name: 'Ajouter' }).click();
    await adminPage.getByRole('cell', { name: editor.email }).waitFor();

    const roleForm = adminPage.getByRole('form', { name: 'Donner un rôle' });
    await roleForm.getByLabel(/^Utilisateur/).selectOption({ label: editor.name });
    await roleForm.getByLabel(/^Rôle/).selectOption('site_editor');
    await roleForm.getByLabel(/^Portée/).selectOption('plan');
    await roleForm.getByLabel('Appliqué à').selectOption(planId);
    await roleForm.getByLabel(/^Implantations/).fill('LLN');
    await roleForm.getByRole('button', { name: 'Ajouter' }).click();
    await adminPage.getByRole('cell', { name: 'Éditeur·rice d’implantation', exact: true }).waitFor();
    await expectAccessible(adminPage, 'administration');
    await adminPage.screenshot({ path: `${shots}/admin.png` });
  });

  it('revokes a role and closes an account on confirmation, and says why it keeps one’s own', async () => {
    const accept = () => adminPage.once('dialog', (dialog) => void dialog.accept());
    // One's own account stays: the server's reason is shown.
    accept();
    await adminPage.getByRole('button', { name: `Supprimer le compte de ${admin.name}` }).click();
    await adminPage
      .getByRole('alert')
      .getByText('Vous ne pouvez pas supprimer votre propre compte.')
      .waitFor();

    const userForm = adminPage.getByRole('form', { name: 'Ajouter un utilisateur' });
    await userForm.getByLabel('Nom').fill('Rita Relecture');
    await userForm.getByLabel('E-mail').fill('rita@example.org');
    await userForm.getByRole('button', { name: 'Ajouter' }).click();
    await adminPage.getByRole('cell', { name: 'rita@example.org' }).waitFor();
    const roleForm = adminPage.getByRole('form', { name: 'Donner un rôle' });
    await roleForm.getByLabel(/^Utilisateur/).selectOption({ label: 'Rita Relecture' });
    await roleForm.getByLabel(/^Rôle/).selectOption('reader');
    await roleForm.getByLabel('Appliqué à').selectOption(planId);
    await roleForm.getByRole('button', { name: 'Ajouter' }).click();
    const revoke = adminPage.getByRole('button', { name: 'Retirer le rôle Lecteur·rice de Rita Relecture' });
    await revoke.waitFor();
    accept();
    await revoke.click();
    await adminPage.getByText('Rôle Lecteur·rice retiré à Rita Relecture.').waitFor();
    // The list is drawn again after the notice: wait for it rather than race it.
    await expect.poll(() => revoke.count()).toBe(0);
    // The campus editor's role is untouched.
    await adminPage
      .getByRole('button', { name: `Retirer le rôle Éditeur·rice d’implantation de ${editor.name}` })
      .waitFor();

    accept();
    await adminPage.getByRole('button', { name: 'Supprimer le compte de Rita Relecture' }).click();
    await adminPage.getByText('Compte de Rita Relecture supprimé.').waitFor();
    expect(await adminPage.getByRole('cell', { name: 'rita@example.org' }).count()).toBe(0);
    const answer = await adminPage.request.post(`${jalon.url}/api/v1/auth/login`, {
      data: { email: 'rita@example.org', password: 'whatever-password' },
    });
    expect(answer.status()).toBe(401);
  });

  it('adds an institution and a programme under it', async () => {
    const institutionForm = adminPage.getByRole('form', { name: 'Ajouter un établissement' });
    await institutionForm.getByLabel('Nom', { exact: true }).fill('Haute École du Hainaut');
    await institutionForm.getByRole('button', { name: 'Ajouter' }).click();
    await adminPage.getByText('Établissement « Haute École du Hainaut » ajouté.').waitFor();
    const programmeForm = adminPage.getByRole('form', { name: 'Ajouter un programme' });
    await programmeForm.getByLabel('Établissement').selectOption({ label: 'Haute École du Hainaut' });
    await programmeForm.getByLabel('Nom', { exact: true }).fill('Bachelier en soins infirmiers');
    await programmeForm.getByRole('button', { name: 'Ajouter' }).click();
    const organisations = adminPage.getByRole('region', { name: 'Établissements et programmes' });
    await organisations
      .getByRole('row', { name: /Haute École du Hainaut.*Bachelier en soins infirmiers/ })
      .waitFor();
    // A role can now be given over the new programme, by its name.
    const roleForm = adminPage.getByRole('form', { name: 'Donner un rôle' });
    await roleForm.getByLabel(/^Portée/).selectOption('programme');
    expect(await roleForm.getByLabel('Appliqué à').locator('option').allTextContents()).toContain(
      'Bachelier en soins infirmiers (Haute École du Hainaut)',
    );
    await expectAccessible(adminPage, 'administration after changes');
    await adminPage.screenshot({ path: `${shots}/admin.png`, fullPage: true });
  });

  it('lets the campus editor filter to their campus and change the status of a local action, not another campus’s', async () => {
    const { context, page } = await newSignedInPage(editor);
    await page.goto(`${jalon.url}/plans/${planId}`);
    await page.locator('tr.action-row').first().waitFor();
    const total = await page.locator('tr.action-row').count();

    await page
      .getByRole('search')
      .getByLabel(/^Implantation/)
      .selectOption('LLN');
    await expect.poll(() => page.locator('tr.action-row').count()).toBeLessThan(total);
    const sites = await page
      .locator('tr.action-row')
      .evaluateAll((rows) => rows.map((row) => row.getAttribute('data-sites') ?? ''));
    expect(sites.length).toBeGreaterThan(0);
    expect(sites.every((s) => s === '' || s.split(' ').includes('LLN'))).toBe(true);
    await page.screenshot({ path: `${shots}/plan-filtered-lln.png` });

    const row = page.locator('tr.action-row[data-sites="LLN"]').first();
    const rowId = (await row.getAttribute('id'))!;
    const before = (await row.locator('.status-cell .badge').textContent())!.trim();
    const wanted =
      before === 'Reporté'
        ? { value: 'in_progress', label: 'En cours' }
        : { value: 'postponed', label: 'Reporté' };
    await row.getByRole('button', { name: 'Changer l’état' }).click();
    await page
      .getByRole('form', { name: 'Changer l’état de réalisation' })
      .getByLabel(/^État/)
      .selectOption(wanted.value);
    await page.getByLabel('Commentaire').fill('Report décidé en réunion de campus');
    await page.getByRole('button', { name: 'Enregistrer l’état' }).click();
    await expect.poll(() => page.locator(`#${rowId} .status-cell .badge`).textContent()).toBe(wanted.label);

    await page.reload();
    await page.locator(`#${rowId}`).waitFor();
    expect((await page.locator(`#${rowId} .status-cell .badge`).textContent())!.trim()).toBe(wanted.label);
    await page.locator(`#${rowId}`).getByRole('button', { name: 'Historique' }).click();
    await page.getByText('Report décidé en réunion de campus').waitFor();
    await page.getByLabel('Ajouter un commentaire').fill('Salle réservée pour la séance de juin');
    await page.getByRole('button', { name: 'Publier le commentaire' }).click();
    await page.getByText('Salle réservée pour la séance de juin').waitFor();

    // Recent changes are every reader's, not only the audit log's readers: on home, in words.
    await page
      .getByRole('navigation', { name: 'Navigation principale' })
      .getByRole('link', { name: 'Accueil' })
      .click();
    const recent = page.getByRole('region', { name: 'Modifications récentes' });
    const statusLine = recent.locator('li').filter({ hasText: `Luc Lenoir a fait passer l’action` }).first();
    await statusLine.waitFor();
    expect(await statusLine.textContent()).toMatch(new RegExp(`à «\\s${wanted.label}\\s»`));
    await recent.locator('li').filter({ hasText: 'Luc Lenoir a commenté l’action' }).first().waitFor();
    expect(await recent.locator('li').filter({ hasText: 'a importé le plan' }).count()).toBe(1);
    await expectAccessible(page, 'home (campus editor)');
    await page.screenshot({ path: `${shots}/home-recent.png` });
    await statusLine.locator(`a[href$="#${rowId}"]`).click();
    await page.waitForURL(new RegExp(`#${rowId}$`));
    await page.locator(`#${rowId}`).waitFor();

    const other = page.locator('tr.action-row[data-sites="MONS"]').first();
    await expect.poll(() => other.locator('.read-only-badge').count()).toBe(1);
    expect(await other.getByRole('button', { name: 'Changer l’état' }).count()).toBe(0);
    expect(await other.getByRole('button', { name: /Modifier/ }).count()).toBe(0);
    const otherId = (await other.getAttribute('id'))!.replace('action-', '');
    const refused = await page.evaluate(async (actionId) => {
      const me = (await (await fetch('/api/v1/auth/me')).json()) as { csrfToken: string };
      const plan = (await (await fetch(location.pathname.replace('/plans/', '/api/v1/plans/'))).json()) as {
        revisions: Record<string, number>;
      };
      const response = await fetch(`/api/v1/actions/${actionId}`, {
        method: 'PATCH',
        headers: { 'content-type': 'application/json', 'x-csrf-token': me.csrfToken },
        body: JSON.stringify({ revision: plan.revisions[actionId], changes: { text: 'Tentative' } }),
      });
      return { status: response.status, body: (await response.json()) as { error: { code: string } } };
    }, otherId);
    expect(refused.status).toBe(403);
    expect(refused.body.error.code).toBe('FORBIDDEN');
    await expectAccessible(page, 'plan page (campus editor)');
    await context.close();
  });

  it('shows the other person’s change on a conflict and re-applies mine on request, losing nothing', async () => {
    await adminPage.goto(`${jalon.url}/plans/${planId}`);
    const row = adminPage.locator('tr.action-row[data-sites="LLN"]').nth(1);
    const rowId = (await row.getAttribute('id'))!;
    await row.getByRole('button', { name: /Modifier/ }).click();
    const form = adminPage.getByRole('form', { name: /Modifier l’action/ });
    await form.getByLabel('Échéance').fill('juin 2027');

    // Meanwhile the campus editor changes the same action's status.
    const { context, page } = await newSignedInPage(editor);
    await page.goto(`${jalon.url}/plans/${planId}`);
    await page.locator(`#${rowId}`).getByRole('button', { name: 'Changer l’état' }).click();
    await page
      .getByRole('form', { name: 'Changer l’état de réalisation' })
      .getByLabel(/^État/)
      .selectOption('done');
    await page.getByRole('button', { name: 'Enregistrer l’état' }).click();
    await expect.poll(() => page.locator(`#${rowId} .status-cell .badge`).textContent()).toBe('Réalisé');
    await context.close();

    await form.getByRole('button', { name: 'Enregistrer' }).click();
    await adminPage.getByText('Quelqu’un d’autre a modifié cette action').waitFor();
    await adminPage.locator('.conflict').screenshot({ path: `${shots}/conflict.png` });
    await adminPage.getByRole('button', { name: 'Réappliquer mes modifications' }).click();
    await expect.poll(() => adminPage.locator(`#${rowId} .status-cell .badge`).textContent()).toBe('Réalisé');
    await adminPage.reload();
    await adminPage.locator(`#${rowId}`).waitFor();
    expect(await adminPage.locator(`#${rowId} .status-cell .badge`).textContent()).toBe('Réalisé');
    const detail = (await (await adminPage.request.get(`${jalon.url}/api/v1/plans/${planId}`)).json()) as {
      plan: { axes: unknown[] };
    };
    expect(JSON.stringify(detail.plan)).toContain('juin 2027');
  });

  it('draws the synthesis timeline and the dashboard, and leads from the timeline to the objective', async () => {
    await adminPage.goto(`${jalon.url}/plans/${planId}/timeline`);
    await adminPage.locator('table.timeline').waitFor();
    expect(await adminPage.locator('table.timeline td.scope-all').count()).toBeGreaterThan(0);
    expect(await adminPage.locator('table.timeline thead th').allTextContents()).toContain('2026-2027');
    await expectAccessible(adminPage, 'timeline');
    await adminPage.screenshot({ path: `${shots}/timeline.png` });
    const link = adminPage.locator('tr.timeline-objective th a').nth(2);
    const title = (await link.textContent())!.trim();
    await link.click();
    await adminPage.waitForURL(/#objective-/);
    await expect
      .poll(() =>
        adminPage.evaluate(
          () => document.activeElement?.querySelector('.objective-title')?.textContent ?? '',
        ),
      )
      .toContain(title.slice(0, 30));

    // Last year's progress, recorded now with the dates it took effect: a planned action started
    // in November 2025 and was done in April 2026.
    const backdated = await adminPage.evaluate(async (id) => {
      const body = (await (await fetch(`/api/v1/plans/${id}`)).json()) as {
        revisions: Record<string, number>;
      };
      let found = '';
      JSON.stringify(body, (_key, value: unknown) => {
        const node = value as { id?: string; status?: string; text?: unknown } | null;
        if (!found && node?.status === 'planned' && typeof node.text === 'string' && node.id) found = node.id;
        return value;
      });
      const me = (await (await fetch('/api/v1/auth/me')).json()) as { csrfToken: string };
      let revision = body.revisions[found]!;
      for (const [status, date] of [
        ['in_progress', '2025-11-15'],
        ['done', '2026-04-20'],
      ]) {
        const response = await fetch(`/api/v1/actions/${found}/status`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'x-csrf-token': me.csrfToken },
          body: JSON.stringify({ revision, status, date, comment: 'Saisi après coup' }),
        });
        revision = ((await response.json()) as { revision: number }).revision;
      }
      return found;
    }, planId);
    expect(backdated).not.toBe('');

    await adminPage.getByRole('link', { name: 'Tableau de bord' }).click();
    await adminPage.locator('figure.chart svg').first().waitFor();
    // Progress over time is rebuilt from the dated status changes made above, up to today.
    const progress = adminPage
      .locator('figure.chart')
      .filter({ hasText: 'Avancement au fil des quadrimestres' });
    await progress.getByText('Premier changement enregistré : 15 nov. 2025').waitFor();
    // The progress chart comes with the status history, after the others: all six are there now.
    expect(await adminPage.locator('figure.chart').count()).toBeGreaterThanOrEqual(6);
    await progress.screenshot({ path: `${shots}/dashboard-progress.png` });
    await progress.getByText('Données du graphique').click();
    const countsOf = async (term: string) =>
      (await progress.locator('tbody tr').filter({ hasText: term }).locator('td').allTextContents()).map(
        Number,
      );
    // Columns: implemented, done, in progress, planned…; between the two, only that action moved on.
    const [autumn, spring] = [await countsOf('Q1 25-26'), await countsOf('Q2 25-26')];
    expect(spring[1]).toBe(autumn[1]! + 1);
    expect(spring[2]).toBe(autumn[2]! - 1);
    const todayRow = progress.locator('tbody tr').filter({ hasText: '(aujourd’hui)' });
    expect(await todayRow.count()).toBe(1);
    const cells = await todayRow.locator('td').allTextContents();
    // Implemented, done, in progress, planned, postponed, dropped, none: every action counted once.
    const counted = cells.slice(0, 7).reduce((sum, cell) => sum + Number(cell), 0);
    const heading = await adminPage.getByRole('heading', { level: 2, name: /Tableau de bord/ }).textContent();
    expect(counted).toBe(Number(/(\d+) actions/.exec(heading ?? '')?.[1]));
    await expectAccessible(adminPage, 'dashboard');
    await adminPage.screenshot({ path: `${shots}/dashboard.png`, fullPage: true });

    await adminPage.getByRole('link', { name: 'Recommandations' }).click();
    await adminPage.locator('table.coverage-matrix').waitFor();
    await expectAccessible(adminPage, 'recommendations');
    await adminPage.screenshot({ path: `${shots}/recommendations.png` });

    await adminPage.getByRole('link', { name: 'Accueil' }).click();
    await adminPage.getByRole('heading', { name: 'Mes plans' }).waitFor();
    // After a navigation, focus is on the new page's content, as after a page load.
    expect(await adminPage.evaluate(() => document.activeElement?.id)).toBe('main');
    // Keyboard first: on a fresh load the skip link is the first stop and leads to the content.
    await adminPage.reload();
    await adminPage.getByRole('heading', { name: 'Mes plans' }).waitFor();
    await adminPage.keyboard.press('Tab');
    expect(await adminPage.evaluate(() => document.activeElement?.textContent)).toBe('Aller au contenu');
    await adminPage.keyboard.press('Enter');
    expect(await adminPage.evaluate(() => document.activeElement?.id)).toBe('main');
    // The English switch changes the words and the page language.
    await adminPage.getByRole('button', { name: 'Switch to English' }).click();
    await adminPage.getByRole('heading', { name: 'My plans' }).waitFor();
    expect(await adminPage.evaluate(() => document.documentElement.lang)).toBe('en');
    await adminPage.getByRole('button', { name: 'Passer en français' }).click();
    await adminPage.getByRole('heading', { name: 'Mes plans' }).waitFor();
    await expectAccessible(adminPage, 'home');
    await adminPage.screenshot({ path: `${shots}/home.png` });
  });

  it('lets the coordinator shape the plan: axes, sub-dimensions, objectives, its own fields, through conflicts', async () => {
    const page = adminPage;
    await page.goto(`${jalon.url}/plans/${planId}`);
    await page.locator('tr.action-row').first().waitFor();
    const structure = page.getByRole('button', { name: 'Modifier la structure' });
    await structure.click();
    expect(await structure.getAttribute('aria-pressed')).toBe('true');

    // A new axis at the end, keyboard first: the title field has the focus, Enter submits.
    await page.getByRole('button', { name: '+ Ajouter un axe' }).click();
    const axisForm = page.getByRole('form', { name: 'Nouvel élément : axe' });
    expect(await page.evaluate(() => document.activeElement?.closest('label')?.textContent)).toContain(
      'Intitulé',
    );
    await page.keyboard.type('La recherche appliquée');
    await axisForm.getByLabel('Numéro (facultatif)').fill('5');
    await page.keyboard.press('Enter');
    const axisHeading = page.getByRole('heading', { level: 2, name: 'Axe 5 La recherche appliquée' });
    await axisHeading.waitFor();
    const axisBlock = page.locator('section.axis').filter({ has: axisHeading });
    await expect.poll(() => page.evaluate(() => document.activeElement?.id ?? '')).toMatch(/^axis-block-/);

    // An objective in it, an operational one under that, and a second objective placed first.
    await page.getByRole('button', { name: 'Ajouter un objectif sous « 5 La recherche appliquée »' }).click();
    await page
      .getByRole('form', { name: 'Nouvel élément : objectif' })
      .getByLabel(/^Intitulé/)
      .fill('Développer des projets avec les terrains');
    await page.getByRole('button', { name: 'Ajouter (objectif)' }).click();
    await axisBlock.getByRole('heading', { name: 'Développer des projets avec les terrains' }).waitFor();
    await page
      .getByRole('button', {
        name: 'Ajouter un objectif opérationnel sous « Développer des projets avec les terrains »',
      })
      .click();
    const operationalForm = page.getByRole('form', { name: 'Nouvel élément : objectif opérationnel' });
    await operationalForm.getByLabel(/^Intitulé/).fill('Recenser les partenaires');
    await operationalForm.getByRole('button', { name: 'Ajouter (objectif opérationnel)' }).click();
    const operational = axisBlock.getByRole('heading', { name: 'Recenser les partenaires' });
    await operational.waitFor();
    await page.getByRole('button', { name: 'Ajouter un objectif sous « 5 La recherche appliquée »' }).click();
    const secondForm = page.getByRole('form', { name: 'Nouvel élément : objectif' });
    await secondForm.getByLabel(/^Intitulé/).fill('Publier les travaux');
    await secondForm
      .getByLabel('Position')
      .selectOption({ label: 'Avant « Développer des projets avec les terrains »' });
    await secondForm.getByRole('button', { name: 'Ajouter (objectif)' }).click();
    await axisBlock.getByRole('heading', { name: 'Publier les travaux' }).waitFor();

    // A sub-dimension: Escape leaves the form, nothing is added.
    const addSub = page.getByRole('button', {
      name: 'Ajouter une sous-dimension sous « 5 La recherche appliquée »',
    });
    await addSub.click();
    await page.keyboard.press('Escape');
    expect(await page.getByRole('form', { name: 'Nouvel élément : sous-dimension' }).count()).toBe(0);
    await addSub.click();
    const subForm = page.getByRole('form', { name: 'Nouvel élément : sous-dimension' });
    await subForm.getByLabel('Numéro (facultatif)').fill('5.1');
    await subForm.getByLabel(/^Intitulé/).fill('Projets');
    await subForm.getByRole('button', { name: 'Ajouter (sous-dimension)' }).click();
    await axisBlock.getByRole('heading', { level: 3, name: '5.1. Projets' }).waitFor();

    // An action under the operational objective, then the structure as the server keeps it.
    const operationalId = (await operational.getAttribute('id'))!.replace('objective-title-', '');
    const operationalSection = page.locator(`#objective-${operationalId}`);
    await operationalSection.getByRole('button', { name: '+ Ajouter une action' }).click();
    await operationalSection.getByLabel('Action', { exact: true }).fill('Lister les terrains partenaires');
    await operationalSection.getByRole('button', { name: 'Ajouter une action' }).click();
    await operationalSection.locator('tr.action-row').waitFor();
    await expectAccessible(page, 'plan page, structure editing');
    await axisBlock.screenshot({ path: `${shots}/plan-structure.png` });
    await page.reload();
    await axisHeading.waitFor();
    expect(await axisBlock.locator('.objective-title').allTextContents()).toEqual([
      'Publier les travaux',
      'Développer des projets avec les terrains',
      'Recenser les partenaires',
    ]);

    // Deleting asks first, saying what goes with it.
    await structure.click();
    let question = '';
    page.once('dialog', (dialog) => {
      question = dialog.message();
      void dialog.accept();
    });
    await page.getByRole('button', { name: 'Supprimer l’objectif « Recenser les partenaires »' }).click();
    await operational.waitFor({ state: 'detached' });
    expect(question).toContain('avec 0 objectif et 1 action');

    // Someone renames the sub-dimension meanwhile: the deletion is refused (409), then confirmed.
    const subId = (await axisBlock.locator('section.subdimension').getAttribute('id'))!.replace(
      'sub-block-',
      '',
    );
    const before = await planPayload(page);
    const renamed = await callApi(page, 'PATCH', `/api/v1/subdimensions/${subId}`, {
      revision: before.revisions[subId],
      changes: { title: 'Projets de recherche' },
    });
    expect(renamed.status).toBe(200);
    page.once('dialog', (dialog) => void dialog.accept());
    await page.getByRole('button', { name: 'Supprimer la sous-dimension « 5.1 Projets »' }).click();
    const conflict = page
      .getByRole('alert')
      .filter({ hasText: 'Quelqu’un a modifié la sous-dimension entre-temps' });
    await conflict.getByText('maintenant « 5.1 Projets de recherche »').waitFor();
    await conflict.getByRole('button', { name: 'Supprimer quand même' }).click();
    await axisBlock.locator('section.subdimension').waitFor({ state: 'detached' });

    // The plan's own fields: a status changed elsewhere moves the plan revision, the save goes through.
    await page.getByRole('button', { name: 'Modifier les informations du plan' }).click();
    const fields = page.getByRole('form', { name: 'Informations du plan' });
    await fields.getByLabel('Version', { exact: true }).fill('Plan d’action actualisé 2026 (révisé)');
    await fields.getByRole('button', { name: '+ Ajouter une section' }).click();
    const last = await fields.locator('.section-editor').count();
    await fields.getByLabel(`Titre de la section ${last}`).fill('Méthodologie de suivi');
    await fields
      .getByLabel(`Texte de la section ${last}`)
      .fill('Le plan est revu chaque quadrimestre en comité.');
    const action = page.locator('tr.action-row').first();
    const actionId = (await action.getAttribute('id'))!.replace('action-', '');
    const current = await planPayload(page);
    const elsewhere = await callApi(page, 'POST', `/api/v1/actions/${actionId}/status`, {
      revision: current.revisions[actionId],
      status: 'in_progress',
      date: '2026-11-30',
    });
    expect(elsewhere.status).toBe(200);
    await fields.getByRole('button', { name: 'Enregistrer' }).click();
    await fields.waitFor({ state: 'detached' });
    await page.getByText('Plan d’action actualisé 2026 (révisé)').first().waitFor();
    await page.locator('details.plan-sections > summary').click();
    await page.getByText('Le plan est revu chaque quadrimestre en comité.').waitFor();

    // Someone changes the title meanwhile: both versions are shown, mine re-applied on request.
    await page.getByRole('button', { name: 'Modifier les informations du plan' }).click();
    await fields.getByLabel('Titre du plan').fill('Plan d’actions 2026 — version de la coordination');
    const latest = await planPayload(page);
    const retitled = await callApi(page, 'PATCH', `/api/v1/plans/${planId}`, {
      revision: latest.planRevision,
      changes: { title: 'Plan d’actions 2026 — version du conseil' },
    });
    expect(retitled.status).toBe(200);
    await fields.getByRole('button', { name: 'Enregistrer' }).click();
    const planConflict = page
      .getByRole('alert')
      .filter({ hasText: 'Quelqu’un d’autre a modifié les informations du plan' });
    await planConflict.getByRole('cell', { name: 'Plan d’actions 2026 — version du conseil' }).waitFor();
    await planConflict
      .getByRole('cell', { name: 'Plan d’actions 2026 — version de la coordination' })
      .waitFor();
    await planConflict.screenshot({ path: `${shots}/plan-fields-conflict.png` });
    await planConflict.getByRole('button', { name: 'Réappliquer mes modifications' }).click();
    await page
      .getByRole('heading', { level: 1, name: 'Plan d’actions 2026 — version de la coordination' })
      .waitFor();
    const saved = (await callApi(page, 'GET', `/api/v1/plans/${planId}`)).body as { plan: { title: string } };
    expect(saved.plan.title).toBe('Plan d’actions 2026 — version de la coordination');
    await expectAccessible(page, 'plan page after shaping');
  });

  it('exports the plan as Word from the export menu', async () => {
    await adminPage.goto(`${jalon.url}/plans/${planId}`);
    await adminPage.getByText('Exporter', { exact: true }).click();
    const [download] = await Promise.all([
      adminPage.waitForEvent('download'),
      adminPage.getByRole('link', { name: 'Télécharger Word (.docx)' }).click(),
    ]);
    const path = `${shots}/export.docx`;
    await download.saveAs(path);
    const bytes = readFileSync(path);
    expect(bytes.subarray(0, 2).toString()).toBe('PK');
    expect(bytes.length).toBeGreaterThan(5_000);
    expect(download.suggestedFilename()).toMatch(/\.docx$/);
    await expectAccessible(adminPage, 'plan page with export menu open');
    await adminPage.screenshot({ path: `${shots}/plan.png` });
    expect(pageErrors).toEqual([]);
    await adminContext.close();
  });
});
