import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';

export interface Account {
  email: string;
  password: string;
}

/**
 * A browser context as users get it: under the server's real Content Security Policy (no
 * bypass), with every script error and every CSP violation of its pages recorded in `problems`,
 * so that a test can end by asserting there were none.
 */
export async function newWatchedContext(
  browser: Browser,
  problems: string[],
  options: { permissions?: string[] } = {},
): Promise<BrowserContext> {
  const context = await browser.newContext({
    viewport: { width: 1400, height: 900 },
    locale: 'fr-BE',
    acceptDownloads: true,
  });
  if (options.permissions) await context.grantPermissions(options.permissions);
  await context.exposeBinding('reportCspViolation', (_source, text: string) => {
    problems.push(`CSP violation: ${text}`);
  });
  await context.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (event) => {
      const report = (window as unknown as { reportCspViolation: (text: string) => void }).reportCspViolation;
      report(
        `${event.violatedDirective} blocked ${event.blockedURI || 'inline'} (${event.sourceFile}:${event.lineNumber})`,
      );
    });
  });
  context.on('page', (page) =>
    page.on('pageerror', (error) => problems.push(`page error: ${error.message}`)),
  );
  return context;
}

export async function signIn(page: Page, baseUrl: string, account: Account): Promise<void> {
  await page.goto(`${baseUrl}/`);
  await page.getByLabel('Adresse e-mail').fill(account.email);
  await page.getByLabel('Mot de passe').fill(account.password);
  await page.getByRole('button', { name: 'Se connecter' }).click();
  await page.getByRole('heading', { level: 1, name: /Bonjour/ }).waitFor();
}

/** The CSRF token of the context's session, for API calls made beside the pages. */
export async function csrfToken(context: BrowserContext, baseUrl: string): Promise<string> {
  const me = (await (await context.request.get(`${baseUrl}/api/v1/auth/me`)).json()) as { csrfToken: string };
  return me.csrfToken;
}

/**
 * Imports a plan file through the API with the context's session (the wizard itself is driven
 * in web-app.test.ts): the id of the stored plan.
 */
export async function importPlanFile(
  context: BrowserContext,
  baseUrl: string,
  file: string,
): Promise<string> {
  const headers = { 'x-csrf-token': await csrfToken(context, baseUrl) };
  const preview = await context.request.post(`${baseUrl}/api/v1/imports`, {
    headers,
    multipart: {
      file: { name: path.basename(file), mimeType: 'application/octet-stream', buffer: readFileSync(file) },
    },
    timeout: 120_000,
  });
  if (!preview.ok()) throw new Error(`import preview: ${preview.status()} ${await preview.text()}`);
  const { importId } = (await preview.json()) as { importId: string };
  const confirmed = await context.request.post(`${baseUrl}/api/v1/imports/${importId}/confirm`, {
    headers,
    data: {},
  });
  if (!confirmed.ok()) throw new Error(`import confirm: ${confirmed.status()} ${await confirmed.text()}`);
  return ((await confirmed.json()) as { planId: string }).planId;
}
