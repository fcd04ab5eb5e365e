import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exportPlan } from '../../src/export/index.ts';
import { buildPlan, hostileStrings } from '../factories/build-plan.ts';

const require = createRequire(import.meta.url);
const plan = buildPlan({ hostile: true });
let browser: Browser;

beforeAll(async () => {
  browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
});
afterAll(async () => {
  await browser?.close();
});

describe('HTML export', () => {
  it('is one standalone, accessible page: no serious or critical axe-core violation, no external request', async () => {
    const { bytes } = await exportPlan(plan, { format: 'html' });
    const html = new TextDecoder().decode(bytes);
    expect(html).toMatch(/^<!doctype html>\s*<html lang="fr">/);
    expect(html).not.toMatch(/<(link|img|iframe)\b|src=|@import|url\(/);
    const page = await browser.newPage();
    const requests: string[] = [];
    page.on('request', (request) => requests.push(request.url()));
    await page.setContent(html);
    await page.addScriptTag({ content: await readFile(require.resolve('axe-core/axe.min.js'), 'utf8') });
    const results = await page.evaluate(async () => {
      const axe = (
        globalThis as unknown as {
          axe: {
            run: (
              ctx: unknown,
              o: unknown,
            ) => Promise<{ violations: Array<{ id: string; impact: string; nodes: unknown[] }> }>;
          };
        }
      ).axe;
      return axe.run(document, { resultTypes: ['violations'] });
    });
    const serious = results.violations
      .filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .map((v) => `${v.id} (${v.nodes.length})`);
    expect(serious).toEqual([]);
    expect(requests).toEqual([]);
    // Tables have captions and scoped header cells; colours come with words.
    expect(await page.locator('table caption').count()).toBe(await page.locator('table').count());
    expect(await page.locator('th[scope="col"]').count()).toBeGreaterThan(10);
    expect(await page.locator('.tag', { hasText: 'Nouveau' }).count()).toBeGreaterThan(0);
    expect(
      await page.locator('td.all .visually-hidden', { hasText: 'toutes les implantations' }).count(),
    ).toBeGreaterThan(0);
    await page.close();
  });

  it('keeps hostile texts as text: no script, no markup, the same words on screen', async () => {
    const { bytes } = await exportPlan(plan, { format: 'html' });
    const page = await browser.newPage();
    await page.setContent(new TextDecoder().decode(bytes));
    expect(await page.locator('script').count()).toBe(0);
    expect(await page.locator('main b').count()).toBe(0);
    const text = await page.locator('main').innerText();
    expect(text).toContain('<script>alert("x")</script> & <b>gras</b>');
    expect(text).toContain(hostileStrings[7]);
    await page.close();
  });
});
