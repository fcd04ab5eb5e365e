import { mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixtureFile, SEED_000, SEED_002 } from '../support/shared-files.ts';
import { csrfToken, importPlanFile, newWatchedContext, signIn } from './support/browser-session.ts';
import { buildWeb } from './support/build-web.ts';
import { findSeriousViolations } from './support/check-accessibility.ts';
import { launchBrowser } from './support/launch-browser.ts';
import { startJalon, type RunningJalon } from './support/start-jalon.ts';

/**
 * Following the plan over the years, in Chromium under the server's real CSP: the coordinator
 * freezes the imported 2026 plan (seed 000), changes it and reads the diff; publishes the version
 * and opens its public page as an anonymous visitor; attaches evidence and downloads it back;
 * records an indicator's values; fills the recommendations register and answers what is left;
 * gives responsibles' addresses, sends the reminders and subscribes to the calendar feeds. The
 * 2015 plan (seed 002), whose actions sit straight under its axes, gets a new action there.
 */
const seed000 = fixtureFile(`${SEED_000}.docx`);
const seed002 = fixtureFile(`${SEED_002}.docx`);
const shots = 'test-results/e2e';
const webDist = path.resolve('test-results/e2e/dist-follow-up');
const admin = { email: 'qualite@example.org', name: 'Quentin Qualité', password: 'motdepasse-quentin' };
const internalNote = 'NOTE-INTERNE : budget à confirmer avec la direction';

let jalon: RunningJalon;
let browser: Browser;
let context: BrowserContext;
let page: Page;
let planId = '';
const problems: string[] = [];

async function expectAccessible(where: string) {
  const violations = await findSeriousViolations(page);
  expect(violations, `${where}: ${JSON.stringify(violations, null, 1)}`).toEqual([]);
}

const row = (text: string | RegExp) => page.locator('tr.action-row').filter({ hasText: text }).first();

async function openPlan() {
  await page.goto(`${jalon.url}/plans/${planId}`);
  await page.locator('tr.action-row').first().waitFor();
}

/** An action's text as stored (rows also show site tags and markers). */
async function actionTextOf(rowId: string): Promise<string> {
  const id = rowId.replace(/^action-/, '');
  const body = (await (await context.request.get(`${jalon.url}/api/v1/plans/${planId}`)).json()) as object;
  let text = '';
  JSON.stringify(body, (_key, value: unknown) => {
    const node = value as { id?: unknown; text?: unknown } | null;
    if (node && typeof node === 'object' && node.id === id && typeof node.text === 'string') text = node.text;
    return value;
  });
  return text;
}

/** A screenshot of one part of the page, brought to the middle, clear of the sticky filter bar. */
async function shootElement(locator: Locator, file: string) {
  await locator.evaluate((element) => element.scrollIntoView({ block: 'center' }));
  await locator.screenshot({ path: `${shots}/${file}` });
}

async function download(link: Locator, name: string): Promise<Buffer> {
  const [file] = await Promise.all([page.waitForEvent('download'), link.click()]);
  const target = `${shots}/${name}`;
  await file.saveAs(target);
  return readFileSync(target);
}

beforeAll(async () => {
  mkdirSync(shots, { recursive: true });
  await buildWeb(webDist);
  jalon = await startJalon({ webDist });
  await jalon.addAdmin(admin.email, admin.name, admin.password);
  browser = await launchBrowser();
  context = await newWatchedContext(browser, problems, {
    permissions: ['clipboard-read', 'clipboard-write'],
  });
  page = await context.newPage();
  await signIn(page, jalon.url, admin);
  planId = await importPlanFile(context, jalon.url, seed000);
});

afterAll(async () => {
  await browser?.close();
  await jalon?.close();
});

describe('following a plan over the years, end to end in Chromium', () => {
  it('freezes a version, then shows what changed since it on the plan page and in the diff', async () => {
    // An internal note, to check later that the public page leaves it out.
    await openPlan();
    const noted = page.locator('tr.action-row[data-sites="LLN"]').first();
    const notedId = (await noted.getAttribute('id'))!;
    await noted.getByRole('button', { name: /Modifier l’action/ }).click();
    await page
      .getByRole('form', { name: /Modifier l’action/ })
      .getByLabel('Notes internes')
      .fill(internalNote);
    await page
      .getByRole('form', { name: /Modifier l’action/ })
      .getByRole('button', { name: 'Enregistrer' })
      .click();
    await page.getByRole('form', { name: /Modifier l’action/ }).waitFor({ state: 'detached' });

    await page
      .getByRole('navigation', { name: 'Vues du plan' })
      .getByRole('link', { name: 'Versions' })
      .click();
    await page.getByRole('heading', { name: 'Versions du plan' }).waitFor();
    await page.getByText('Aucune version figée pour l’instant.').waitFor();
    const freeze = page.getByRole('form', { name: 'Figer une version' });
    await freeze.getByLabel('Nom de la version', { exact: true }).fill('Plan d’action 2026');
    await freeze.getByLabel(/Commencer la version suivante/).check();
    await freeze.getByLabel('Nom de la version suivante').fill('Plan d’action actualisé 2027');
    await freeze.getByRole('button', { name: 'Figer la version' }).click();
    await page.getByRole('heading', { level: 3, name: 'Plan d’action 2026' }).waitFor();
    await page.getByText('le plan en cours est maintenant « Plan d’action actualisé 2027 »').waitFor();
    await expectAccessible('versions page');

    // Change a status, add an action and delete another in the living plan.
    await openPlan();
    await page
      .getByText('Depuis la version « Plan d’action 2026 » : 0 action nouvelle, 0 modifiée')
      .waitFor();
    const changed = page.locator('tr.action-row[data-sites="MONS"]').first();
    const changedId = (await changed.getAttribute('id'))!;
    const before = (await changed.locator('.status-cell .badge').textContent())!.trim();
    const wanted =
      before === 'Reporté' ? { value: 'done', label: 'Réalisé' } : { value: 'postponed', label: 'Reporté' };
    await changed.getByRole('button', { name: 'Changer l’état' }).click();
    await page
      .getByRole('form', { name: 'Changer l’état de réalisation' })
      .getByLabel(/^État/)
      .selectOption(wanted.value);
    await page.getByRole('button', { name: 'Enregistrer l’état' }).click();
    await expect
      .poll(() => page.locator(`#${changedId} .status-cell .badge`).textContent())
      .toBe(wanted.label);
    await expect
      .poll(() => page.locator(`#${changedId} .since-mark`).textContent())
      .toMatch(/Modifié depuis «\sPlan d’action 2026\s» \(État de réalisation\)/);

    const removed = page.locator('tr.action-row[data-sites="MONTIGNIES"]').first();
    const removedId = (await removed.getAttribute('id'))!.replace('action-', '');
    const removedText = await actionTextOf(removedId);
    page.once('dialog', (dialog) => void dialog.accept());
    await removed.getByRole('button', { name: 'Supprimer' }).click();
    await page.getByText('1 élément retiré depuis « Plan d’action 2026 »').click();
    await page.locator(`.removed-since li[data-action-id="${removedId}"]`).waitFor();

    const objective = page
      .locator('section.objective')
      .filter({ has: page.locator('tr.action-row') })
      .first();
    await objective.getByRole('button', { name: '+ Ajouter une action' }).first().click();
    await page
      .getByRole('form', { name: 'Nouvelle action' })
      .getByLabel('Action')
      .fill('Organiser une journée portes ouvertes des stages');
    await page
      .getByRole('form', { name: 'Nouvelle action' })
      .getByRole('button', { name: 'Ajouter une action' })
      .click();
    await row('Organiser une journée portes ouvertes des stages').locator('.since-new-badge').waitFor();
    await page.getByText(/1 action nouvelle, 1 modifiée, 1 retirée/).waitFor();
    await expectAccessible('plan page with change markers');
    await page.setViewportSize({ width: 1400, height: 1250 });
    await page.evaluate(() => window.scrollTo(0, 0));
    await page.screenshot({ path: `${shots}/plan-since-version.png` });
    await page.setViewportSize({ width: 1400, height: 900 });
    expect(notedId).not.toBe(changedId);

    // The diff view: status then → now, added and removed actions, field by field.
    await page.getByRole('link', { name: 'Voir les différences' }).click();
    const status = page.locator(
      `.diff-status-table tr[data-action-id="${changedId.replace('action-', '')}"]`,
    );
    await status.waitFor();
    expect((await status.locator('td').nth(1).textContent())!).toContain(before);
    expect((await status.locator('td').nth(2).textContent())!).toContain(wanted.label);
    await page.getByRole('heading', { name: 'Actions ajoutées (1)' }).waitFor();
    await page.getByRole('heading', { name: 'Actions retirées (1)' }).waitFor();
    await page.locator(`#diff-removed + ul li[data-action-id="${removedId}"]`).waitFor();
    expect(await page.locator('.diff-summary').textContent()).toMatch(
      /Actions : 1 ajoutée, 1 retirée, 1 changement d’état/,
    );
    // The note was written before the freeze: no field change left for that action.
    await expectAccessible('diff view');
    await page.locator('#diff').screenshot({ path: `${shots}/versions-diff.png` });
    expect(await page.locator('.diff-summary').textContent()).toMatch(
      /Objectifs : 0 ajouté, 0 retiré, 0 modifié/,
    );

    const markdown = (
      await download(page.locator('.diff-downloads a[data-format="md"]'), 'diff.md')
    ).toString();
    expect(markdown).toContain(removedText.slice(0, 30));
    const docx = await download(page.locator('.diff-downloads a[data-format="docx"]'), 'diff.docx');
    expect(docx.subarray(0, 2).toString()).toBe('PK');
    const progress = await download(page.locator('a[data-format="progress-pdf"]'), 'progress.pdf');
    expect(progress.subarray(0, 5).toString()).toBe('%PDF-');
  });

  it('publishes the version, whose public page shows no internal note, and withdraws it', async () => {
    await page.goto(`${jalon.url}/plans/${planId}/versions`);
    const card = page.locator('.version-card').filter({ hasText: 'Plan d’action 2026' });
    page.once('dialog', (dialog) => void dialog.accept());
    await card.getByRole('button', { name: 'Publier' }).click();
    const address = card.getByRole('textbox', { name: 'Adresse publique de « Plan d’action 2026 »' });
    await address.waitFor();
    const publicUrl = await address.inputValue();
    expect(publicUrl).toMatch(new RegExp(`^${jalon.url}/public/[\\w-]+$`));
    await card.getByRole('button', { name: /^Copier/ }).click();
    await card.getByText('Adresse copiée.').waitFor();
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(publicUrl);
    await expectAccessible('versions page with a published version');
    await page.screenshot({ path: `${shots}/versions.png` });

    // An anonymous visitor, no session.
    const visitor = await newWatchedContext(browser, problems);
    const visitorPage = await visitor.newPage();
    const response = await visitorPage.goto(publicUrl);
    expect(response?.status()).toBe(200);
    const text = (await visitorPage.locator('body').textContent())!;
    expect(text).toContain('Plan d’action 2026');
    expect(text).toContain('Antidote');
    expect(text).not.toContain('NOTE-INTERNE');
    await visitorPage.screenshot({ path: `${shots}/public-page.png` });

    await card.getByRole('button', { name: 'Retirer la publication' }).click();
    await card.getByText('Non publiée.').waitFor();
    // The page may sit in caches for a few minutes (cache-control); the server itself refuses it.
    expect((await visitor.request.get(publicUrl)).status()).toBe(404);
    await visitor.close();
  });

  it('attaches a file as evidence and downloads it back byte-identical; refuses a program file', async () => {
    await openPlan();
    const target = page.locator('tr.action-row[data-sites="LLN"]').nth(1);
    const targetId = (await target.getAttribute('id'))!;
    await target.getByRole('button', { name: 'Preuves' }).click();
    const panel = page.locator('.evidence-panel');
    await panel.getByText('Aucune preuve jointe.').waitFor();
    // Every byte value, so that any re-encoding on the way would show.
    const bytes = Buffer.from(Array.from({ length: 3000 }, (_, i) => (i * 7919) % 256));
    const fileForm = panel.getByRole('form', { name: 'Joindre un fichier' });
    await fileForm.getByLabel('Titre').fill('Compte rendu du conseil de département');
    await fileForm.getByLabel('Fichier', { exact: true }).setInputFiles({
      name: 'compte-rendu.zip',
      mimeType: 'application/zip',
      buffer: bytes,
    });
    await fileForm.getByRole('button', { name: 'Joindre le fichier' }).click();
    await panel.getByRole('cell', { name: 'Compte rendu du conseil de département', exact: true }).waitFor();
    const back = await download(
      panel.getByRole('link', { name: 'Télécharger « Compte rendu du conseil de département »' }),
      'evidence-back.zip',
    );
    expect(back.equals(bytes)).toBe(true);

    const linkForm = panel.getByRole('form', { name: 'Ajouter un lien' });
    await linkForm.getByLabel('Titre').fill('Page des ateliers');
    await linkForm.getByLabel(/^Adresse/).fill('https://example.org/ateliers');
    await linkForm.getByRole('button', { name: 'Ajouter le lien' }).click();
    await panel.getByRole('link', { name: 'Ouvrir le lien « Page des ateliers »' }).waitFor();

    await fileForm.getByLabel('Fichier', { exact: true }).setInputFiles({
      name: 'outil.exe',
      mimeType: 'application/octet-stream',
      buffer: Buffer.from('MZ'),
    });
    await fileForm.getByRole('button', { name: 'Joindre le fichier' }).click();
    await fileForm.getByText('Ce format de fichier n’est pas pris en charge.').waitFor();
    expect(await fileForm.getByRole('alert').textContent()).toContain('outil.exe');
    await expectAccessible('evidence panel');
    await shootElement(page.locator(`#${targetId} + tr.action-panel`), 'evidence.png');

    page.once('dialog', (dialog) => void dialog.accept());
    await panel.getByRole('button', { name: 'Retirer « Page des ateliers »' }).click();
    await expect.poll(() => panel.getByText('Page des ateliers').count()).toBe(0);
  });

  it('records an indicator’s measured values and draws them against the target', async () => {
    await openPlan();
    const target = row('Antidote');
    const targetId = (await target.getAttribute('id'))!;
    await target.getByRole('button', { name: 'Indicateurs' }).click();
    const panel = page.locator('.indicators-panel');
    await panel.getByText('Taux de participations des étudiants').first().waitFor();
    const form = panel.getByRole('form', { name: 'Ajouter une valeur mesurée' });
    const measures = [
      { date: '2025-10-15', value: '48', comment: 'Premier atelier' },
      { date: '2026-01-31', value: '62', comment: 'Après la relance par les tuteurs' },
      { date: '2026-04-30', value: '71', comment: '' },
    ];
    for (const [i, m] of measures.entries()) {
      await form.getByLabel('Date').fill(m.date);
      await form.getByLabel('Valeur').fill(m.value);
      if (i === 0) {
        await form.getByLabel('Unité').fill('%');
        await form.getByLabel('Cible (facultatif)').fill('75');
      }
      await form.getByLabel('Commentaire').fill(m.comment);
      await form.getByRole('button', { name: 'Ajouter la valeur' }).click();
      await expect.poll(() => panel.locator('table.indicator-values tbody tr').count()).toBe(i + 1);
    }
    const chart = panel.locator('svg.indicator-chart');
    expect(await chart.locator('circle.indicator-point').count()).toBe(3);
    expect(await chart.locator('.indicator-target line').count()).toBe(1);
    expect(await chart.getAttribute('aria-label')).toMatch(/3 valeurs mesurées.*71 %.*cible 75 %/);
    expect(await panel.locator('table.indicator-values').textContent()).toContain('62 %');
    await expectAccessible('indicators panel');
    await shootElement(page.locator(`#${targetId} + tr.action-panel`), 'indicators.png');

    // Stored: the plan as the server now sends it has the values.
    const plan = (await (await context.request.get(`${jalon.url}/api/v1/plans/${planId}`)).json()) as object;
    expect(JSON.stringify(plan)).toContain('Après la relance par les tuteurs');
  });

  it('fills the recommendations register from the pasted report and answers what is left', async () => {
    await page.goto(`${jalon.url}/plans/${planId}/recommendations`);
    // The import built a register from the references the plan cites; the report replaces it.
    await page.getByText('Remplacer le registre depuis le rapport des experts').click();
    const paste = page.getByRole('form', { name: 'Remplacer le registre depuis le rapport des experts' });
    const report = [
      'Critère 3 : La cohérence interne du programme',
      'Recommandation 6 : Renforcer l’apprentissage du travail de groupe.',
      'Critère 6 : L’ouverture sur la profession',
      'Recommandation 1 : Associer les anciens étudiants au conseil de programme.',
      'Recommandation 2 : Publier chaque année un bilan des stages.',
    ].join('\n');
    await paste.getByLabel('Texte du rapport').fill(report);

    // Meanwhile someone else fills the register: this page's copy is stale.
    const { etag } = (await (
      await context.request.get(`${jalon.url}/api/v1/plans/${planId}/recommendations`)
    ).json()) as { etag: string };
    const other = await context.request.put(`${jalon.url}/api/v1/plans/${planId}/recommendations`, {
      headers: { 'x-csrf-token': await csrfToken(context, jalon.url) },
      data: { etag, text: 'Critère 3\nRecommandation 6 : Renforcer l’apprentissage du travail de groupe.' },
    });
    expect(other.status()).toBe(200);
    await paste.getByRole('button', { name: 'Remplir le registre' }).click();
    await page.getByText('Le registre a été modifié par quelqu’un d’autre').waitFor();
    // The register was reloaded (one entry now) and the pasted text is still there.
    await page.getByRole('heading', { name: 'Registre' }).waitFor();
    expect(await page.getByLabel('Texte du rapport').inputValue()).toBe(report);
    await page.getByRole('button', { name: 'Remplir le registre' }).click();
    await page.getByText('Registre enregistré : 3 recommandations.').waitFor();

    const unanswered = page.locator('.unanswered-item');
    await page.getByRole('heading', { name: 'Recommandations sans réponse (2)' }).waitFor();
    expect(await page.locator('tr.unanswered').count()).toBe(2);
    await expectAccessible('recommendations page');
    await page.screenshot({ path: `${shots}/recommendations-unanswered.png`, fullPage: false });

    await page.getByRole('button', { name: 'Justifier : Critère 6, Recommandation 1' }).click();
    await page
      .getByLabel('Pourquoi cette recommandation reste sans action')
      .fill('Le conseil de programme accueille déjà deux diplômés depuis 2024.');
    await page.getByRole('button', { name: 'Enregistrer la justification' }).click();
    await page.getByRole('heading', { name: 'Recommandations sans réponse (1)' }).waitFor();
    await page.getByRole('heading', { name: 'Laissées sans action, avec justification (1)' }).waitFor();

    await unanswered
      .getByRole('button', { name: 'Répondre par une action : Critère 6, Recommandation 2' })
      .click();
    const link = page.getByRole('form', { name: 'Répondre par une action : Critère 6, Recommandation 2' });
    const option = await link.locator('option').filter({ hasText: 'Antidote' }).first().getAttribute('value');
    await link.getByLabel('Action ou objectif qui répond à la recommandation').selectOption(option!);
    await link.getByRole('button', { name: 'Lier' }).click();
    await page.getByRole('heading', { name: 'Recommandations sans réponse (0)' }).waitFor();
    await page.getByText('Chaque recommandation a une réponse ou une justification.').waitFor();
    const answered = page
      .locator('table.coverage-matrix tr')
      .filter({ hasText: 'Critère 6, Recommandation 2' });
    expect(await answered.textContent()).toContain('Antidote');
    await expectAccessible('recommendations page, all answered');
  });

  it('keeps the responsibles’ addresses, explains why no reminder left, and subscribes to the calendars', async () => {
    await page.goto(`${jalon.url}/plans/${planId}`);
    await page
      .getByRole('navigation', { name: 'Vues du plan' })
      .getByRole('link', { name: 'Rappels' })
      .click();
    await page.getByRole('heading', { name: 'Rappels et calendriers' }).waitFor();
    const first = page.getByRole('form', { name: 'Adresses des responsables' }).getByRole('textbox').first();
    await first.fill('direction.enseignements@example.org');
    await page.getByRole('button', { name: 'Enregistrer les adresses' }).click();
    await page.getByText('1 adresse enregistrée.').waitFor();
    await page.reload();
    await expect
      .poll(() =>
        page
          .getByRole('form', { name: 'Adresses des responsables' })
          .getByRole('textbox')
          .first()
          .inputValue(),
      )
      .toBe('direction.enseignements@example.org');

    await page.getByRole('button', { name: 'Envoyer les rappels maintenant' }).click();
    await page.getByText('Aucun rappel envoyé. Aucun serveur SMTP configuré').waitFor();

    await page.getByRole('button', { name: 'S’abonner aux échéances de ce plan' }).click();
    const feed = page.getByLabel('Adresse de l’abonnement', { exact: true });
    await feed.waitFor();
    const feedUrl = await feed.inputValue();
    expect(feedUrl).toMatch(new RegExp(`^${jalon.url}/calendar/[\\w-]+\\.ics$`));
    const ics = await context.request.get(feedUrl);
    expect(ics.headers()['content-type']).toContain('text/calendar');
    expect(await ics.text()).toContain('BEGIN:VCALENDAR');
    await page.getByRole('button', { name: 'S’abonner à mes actions (tous mes plans)' }).click();
    await expect.poll(() => page.locator('.feed-list li').count()).toBe(2);
    expect(await feed.inputValue()).not.toBe(feedUrl);
    await expectAccessible('reminders and calendars');
    await page.screenshot({ path: `${shots}/reminders.png`, fullPage: true });

    page.once('dialog', (dialog) => void dialog.accept());
    await page.getByRole('button', { name: /^Révoquer l’abonnement « Ce plan »/ }).click();
    await expect.poll(() => page.locator('.feed-list li').count()).toBe(1);
    expect((await context.request.get(feedUrl)).status()).toBe(404);
  });

  it('adds an action straight under an axis of the 2015 plan', async () => {
    const plan2015 = await importPlanFile(context, jalon.url, seed002);
    await page.goto(`${jalon.url}/plans/${plan2015}`);
    const axis = page.locator('section.axis').first();
    await axis.locator('tr.action-row').first().waitFor();
    const count = await axis.locator('tr.action-row').count();
    await axis.getByRole('button', { name: '+ Ajouter une action' }).first().click();
    await page
      .getByRole('form', { name: 'Nouvelle action' })
      .getByLabel('Action')
      .fill('Évaluer le dispositif de tutorat');
    await page
      .getByRole('form', { name: 'Nouvelle action' })
      .getByRole('button', { name: 'Ajouter une action' })
      .click();
    await expect.poll(() => axis.locator('tr.action-row').count()).toBe(count + 1);
    await page.reload();
    await page.locator('section.axis').first().getByText('Évaluer le dispositif de tutorat').waitFor();
    expect(problems).toEqual([]);
  });
});
