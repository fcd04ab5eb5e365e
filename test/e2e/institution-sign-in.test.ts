import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestProvider, type TestProvider } from '../server/oidc-test-provider.ts';
import { fixtureFile, SEED_000, SEED_002 } from '../support/shared-files.ts';
import { importPlanFile, newWatchedContext, signIn } from './support/browser-session.ts';
import { buildWeb } from './support/build-web.ts';
import { findSeriousViolations } from './support/check-accessibility.ts';
import { launchBrowser } from './support/launch-browser.ts';
import { startJalon, type RunningJalon } from './support/start-jalon.ts';

/**
 * Signing in with the institution's account, in Chromium under the server's real CSP, against a
 * real OpenID Connect provider (oidc-provider) on 127.0.0.1: the admin writes a group rule in the
 * administration page; a member of that group clicks « Se connecter avec Campus ID », fills the
 * provider's own sign-in form and comes back to Jalon with the rule's role (the plan it covers is
 * hers to edit, the other is not listed); signing out ends the provider's session too; someone no
 * rule covers waits in the administration page until the admin gives a role; the admin suspends
 * the first account, whose next request is refused, and whose next sign-in says why.
 */
const shots = 'test-results/e2e';
const webDist = path.resolve('test-results/e2e/dist-institution-sign-in');
const admin = { email: 'admin@example.org', name: 'Anne Admin', password: 'motdepasse-anne' };

let provider: TestProvider;
let jalon: RunningJalon;
let browser: Browser;
let adminContext: BrowserContext;
let adminPage: Page;
/** The plan the rule gives a role over, and one it does not. */
let coveredPlan = { id: '', title: '' };
let otherPlan = { id: '', title: '' };
let marieContext: BrowserContext;
let marie: Page;
const problems: string[] = [];

async function expectAccessible(page: Page, where: string) {
  const violations = await findSeriousViolations(page);
  expect(violations, `${where}: ${JSON.stringify(violations, null, 1)}`).toEqual([]);
}

/** The provider's own pages: its login form (filled with a login it knows), then back to Jalon. */
async function signInAtProvider(page: Page, login: string) {
  await page.waitForURL((url) => url.origin === provider.issuer);
  await page.locator('input[name="login"]').fill(login);
  await page.locator('input[name="password"]').fill('mot-de-passe-du-campus');
  await page.getByRole('button', { name: 'Sign-in' }).click();
  // The harness's client is first-party: no consent screen; straight back to Jalon.
  await page.waitForURL((url) => url.origin === jalon.url);
}

async function apiStatus(page: Page, address: string): Promise<number> {
  return page.evaluate(async (p) => (await fetch(p)).status, address);
}

beforeAll(async () => {
  mkdirSync(shots, { recursive: true });
  provider = await startTestProvider();
  provider.people.set('marie', {
    email: 'marie.dupont@campus.example',
    email_verified: true,
    name: 'Marie Dupont',
    groups: ['personnel', 'cellule-qualite'],
  });
  provider.people.set('paul', {
    email: 'paul.martin@campus.example',
    email_verified: true,
    name: 'Paul Martin',
    groups: ['personnel'],
  });
  await buildWeb(webDist);
  jalon = await startJalon({
    webDist,
    signIn: {
      providers: [
        {
          id: 'campus',
          name: 'Campus ID',
          issuer: provider.issuer,
          clientId: provider.clientId,
          clientSecret: provider.clientSecret,
          scopes: ['openid', 'email', 'profile', 'groups'],
          emailClaim: 'email',
          nameClaim: 'name',
          groupsClaim: 'groups',
        },
      ],
      trustedHeader: null,
    },
  });
  provider.configure({
    redirectUri: `${jalon.url}/api/v1/auth/oidc/campus/callback`,
    postLogoutRedirectUri: `${jalon.url}/`,
  });
  await jalon.addAdmin(admin.email, admin.name, admin.password);
  browser = await launchBrowser();
  adminContext = await newWatchedContext(browser, problems);
  adminPage = await adminContext.newPage();
  await signIn(adminPage, jalon.url, admin);
  const planTitle = async (id: string) =>
    (
      (await (await adminContext.request.get(`${jalon.url}/api/v1/plans/${id}`)).json()) as {
        plan: { title: string };
      }
    ).plan.title;
  const covered = await importPlanFile(adminContext, jalon.url, fixtureFile(`${SEED_000}.docx`));
  const other = await importPlanFile(adminContext, jalon.url, fixtureFile(`${SEED_002}.docx`));
  coveredPlan = { id: covered, title: await planTitle(covered) };
  otherPlan = { id: other, title: await planTitle(other) };
  // The two seeds' titles tell them apart on the home page.
  expect(otherPlan.title).not.toBe(coveredPlan.title);
}, 240_000);

afterAll(async () => {
  await browser?.close();
  await jalon?.close();
  await provider?.close();
});

describe('signing in with the institution’s account, in Chromium', () => {
  it('lets the admin write a group rule in the administration page', async () => {
    await adminPage.goto(`${jalon.url}/admin`);
    const form = adminPage.getByRole('form', { name: 'Ajouter une règle de rôle' });
    await form.getByLabel('Fournisseur').selectOption({ label: 'Campus ID' });
    await form.getByLabel('Selon').selectOption('group');
    await form.getByLabel('Groupe ou domaine').fill('cellule-qualite');
    await form.getByLabel(/^Rôle/).selectOption('coordinator');
    await form.getByLabel(/^Portée/).selectOption('plan');
    await form.getByLabel('Appliqué à').selectOption(coveredPlan.id);
    await form.getByRole('button', { name: 'Ajouter' }).click();
    const rules = adminPage.getByRole('table', { name: 'Règles de rôle à la première connexion' });
    const row = rules.getByRole('row').filter({ hasText: 'Groupe « cellule-qualite »' });
    await row.waitFor();
    await expect.poll(() => row.textContent()).toContain('Coordination qualité');
    expect(await row.textContent()).toContain(coveredPlan.title);
    expect(await row.textContent()).toContain('Campus ID');
    // The provider itself comes from the server's configuration: shown, not editable.
    await adminPage.getByText(/Les fournisseurs sont définis dans la configuration du serveur/).waitFor();
  });

  it('signs Marie in through the provider’s own form, back in Jalon with the role the rule gave', async () => {
    marieContext = await newWatchedContext(browser, problems);
    marie = await marieContext.newPage();
    await marie.goto(`${jalon.url}/`);
    const button = marie.getByRole('link', { name: 'Se connecter avec Campus ID' });
    await button.waitFor();
    // Password sign-in is on: its form is there too.
    await marie.getByLabel('Mot de passe').waitFor();
    await expectAccessible(marie, 'sign-in page');
    await marie.screenshot({ path: `${shots}/sign-in-providers.png` });

    await button.click();
    await signInAtProvider(marie, 'marie');
    await marie.getByRole('heading', { level: 1, name: 'Bonjour Marie Dupont' }).waitFor();
    // The rule's role: the plan it covers is listed, the other is not.
    const myPlans = marie.getByRole('region', { name: 'Mes plans' });
    await myPlans.getByRole('link', { name: coveredPlan.title, exact: true }).waitFor();
    expect(await myPlans.getByRole('link', { name: otherPlan.title, exact: true }).count()).toBe(0);
    expect(await apiStatus(marie, `/api/v1/plans/${otherPlan.id}`)).toBe(404);
    // …and effective: as the plan's coordinator she may edit its actions.
    await myPlans.getByRole('link', { name: coveredPlan.title, exact: true }).click();
    await marie.locator('tr.action-row').first().waitFor();
    await marie
      .getByRole('button', { name: /^Modifier l’action/ })
      .first()
      .waitFor();
    const me = (await (await marieContext.request.get(`${jalon.url}/api/v1/auth/me`)).json()) as {
      memberships: Array<{ role: string; scope: string; scopeId: string }>;
    };
    expect(me.memberships).toEqual([
      expect.objectContaining({ role: 'coordinator', scope: 'plan', scopeId: coveredPlan.id }),
    ]);
  });

  it('signs out of the provider too (RP-initiated logout), so the next sign-in asks again', async () => {
    await marie.getByRole('button', { name: 'Se déconnecter' }).click();
    // The provider asks to confirm the end of its own session, then sends the browser back.
    await marie.waitForURL((url) => url.origin === provider.issuer);
    await marie.getByRole('button', { name: 'Yes, sign me out' }).click();
    await marie.waitForURL((url) => url.origin === jalon.url);
    await marie.getByRole('link', { name: 'Se connecter avec Campus ID' }).click();
    // Its session ended: the provider shows its sign-in form again.
    await signInAtProvider(marie, 'marie');
    await marie.getByRole('heading', { level: 1, name: 'Bonjour Marie Dupont' }).waitFor();
  });

  it('shows an account no rule covered as waiting, and the admin gives it a role', async () => {
    const paulContext = await newWatchedContext(browser, problems);
    const paul = await paulContext.newPage();
    await paul.goto(`${jalon.url}/`);
    await paul.getByRole('link', { name: 'Se connecter avec Campus ID' }).click();
    await signInAtProvider(paul, 'paul');
    await paul.getByRole('heading', { level: 1, name: 'Bonjour Paul Martin' }).waitFor();
    // No rule covers him: no plan, and he is told he waits for an administrator.
    await paul.getByText(/Votre compte n’a encore aucun rôle/).waitFor();

    await adminPage.reload();
    const waiting = adminPage.getByRole('region', { name: 'Comptes en attente d’un rôle' });
    const form = waiting.getByRole('form', { name: 'Attribuer un rôle à Paul Martin' });
    await form.waitFor();
    // Marie has her role: she does not wait.
    expect(await waiting.getByText('Marie Dupont').count()).toBe(0);
    await expectAccessible(adminPage, 'administration');
    await adminPage.screenshot({ path: `${shots}/admin-sign-in.png`, fullPage: true });
    await form.getByLabel(/^Rôle/).selectOption('reader');
    await form.getByLabel(/^Portée/).selectOption('plan');
    await form.getByLabel('Appliqué à').selectOption(otherPlan.id);
    await form.getByRole('button', { name: 'Donner ce rôle' }).click();
    await expect.poll(() => form.count()).toBe(0);

    await paul.reload();
    await paul
      .getByRole('region', { name: 'Mes plans' })
      .getByRole('link', { name: otherPlan.title, exact: true })
      .waitFor();
    await paulContext.close();
  });

  it('suspends Marie from the administration page: her next request is refused, and her next sign-in says why', async () => {
    const users = adminPage.getByRole('region', { name: 'Utilisateurs' });
    const row = users.getByRole('row').filter({ hasText: 'marie.dupont@campus.example' });
    expect(await row.textContent()).toContain('Actif');
    adminPage.once('dialog', (dialog) => void dialog.accept());
    await adminPage.getByRole('button', { name: 'Suspendre le compte de Marie Dupont' }).click();
    await adminPage.getByText('Compte de Marie Dupont suspendu.').waitFor();
    await expect.poll(() => row.textContent()).toMatch(/Suspendu depuis le/);
    await adminPage.getByRole('button', { name: 'Réactiver le compte de Marie Dupont' }).waitFor();

    // Her open session: the next request answers 401, and the page falls back to signing in.
    expect(await apiStatus(marie, `/api/v1/plans/${coveredPlan.id}`)).toBe(401);
    await marie.goto(`${jalon.url}/`);
    const button = marie.getByRole('link', { name: 'Se connecter avec Campus ID' });
    await button.click();
    // Still signed in at the provider: straight back, refused, with the reason in French.
    await marie.waitForURL((url) => url.origin === jalon.url && url.pathname === '/');
    await marie
      .getByRole('alert')
      .getByText('Ce compte est suspendu : adressez-vous à un administrateur de Jalon.')
      .waitFor();
    // The code was read and dropped from the address: a reload does not show it again.
    expect(new URL(marie.url()).search).toBe('');
    expect(await apiStatus(marie, '/api/v1/auth/me')).toBe(401);
    await expectAccessible(marie, 'sign-in page with a refusal');
    await marie.screenshot({ path: `${shots}/sign-in-suspended.png` });
    // The same refusal in English, the page's other language.
    await marie.getByRole('button', { name: 'English' }).click();
    await marie
      .getByRole('alert')
      .getByText('This account is suspended: ask a Jalon administrator.')
      .waitFor();
    await marie.getByRole('link', { name: 'Sign in with Campus ID' }).waitFor();
    await marie.getByRole('button', { name: 'Français' }).click();
  });

  it('hides the password form once the admin turns password sign-in off, keeping it for admins', async () => {
    const form = adminPage.getByRole('form', { name: 'Connexion par mot de passe' });
    await form.getByLabel('Autoriser la connexion par mot de passe').uncheck();
    await form.getByRole('button', { name: 'Enregistrer' }).click();
    await adminPage
      .getByText('La connexion par mot de passe est désactivée (sauf pour les administrateurs).')
      .waitFor();

    const visitor = await (await newWatchedContext(browser, problems)).newPage();
    await visitor.goto(`${jalon.url}/`);
    await visitor.getByRole('link', { name: 'Se connecter avec Campus ID' }).waitFor();
    expect(await visitor.getByLabel('Mot de passe').isVisible()).toBe(false);
    // Administrators keep theirs, behind a disclosure.
    await visitor.getByText('Administrateur·rice : se connecter avec un mot de passe').click();
    await visitor.getByLabel('Adresse e-mail').fill(admin.email);
    await visitor.getByLabel('Mot de passe').fill(admin.password);
    await visitor.getByRole('button', { name: 'Se connecter', exact: true }).click();
    await visitor.getByRole('heading', { level: 1, name: 'Bonjour Anne Admin' }).waitFor();
    await visitor.context().close();
  });

  it('ran every page without a script error or CSP violation', () => {
    expect(problems).toEqual([]);
  });
});
