import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '../../src/db/connection.ts';
import { buildApp } from '../../src/server/app.ts';
import { openTestDatabase } from '../db/test-database.ts';

describe('serving the web app', () => {
  let database: DatabaseHandle;
  const dist = mkdtempSync(path.join(tmpdir(), 'jalon-dist-'));
  beforeAll(async () => {
    database = await openTestDatabase('pglite');
    mkdirSync(path.join(dist, 'assets'));
    writeFileSync(
      path.join(dist, 'index.html'),
      '<!doctype html><title>Jalon app</title><div id="root"></div>',
    );
    writeFileSync(path.join(dist, 'assets', 'app.js'), 'console.log("jalon")');
  });
  afterAll(async () => {
    await database?.close();
    rmSync(dist, { recursive: true, force: true });
  });

  it('serves the built files, index.html for the app’s own routes, JSON 404 under /api, with a CSP', async () => {
    const app = await buildApp({ database, version: 'test', webDist: dist });
    try {
      const home = await app.inject({ url: '/' });
      expect(home.body).toContain('Jalon app');
      expect(home.headers['content-security-policy']).toMatch(/default-src 'self'/);
      expect(home.headers['content-security-policy']).not.toMatch(/upgrade-insecure-requests/);
      expect((await app.inject({ url: '/assets/app.js' })).body).toContain('console.log');
      const deep = await app.inject({ url: '/plans/123/tableau-de-bord' });
      expect(deep.statusCode).toBe(200);
      expect(deep.body).toContain('Jalon app');
      const api = await app.inject({ url: '/api/v1/nothing' });
      expect(api.statusCode).toBe(404);
      expect(api.json().error.code).toBe('NOT_FOUND');
    } finally {
      await app.close();
    }
  });

  it('shows a small Jalon page when the web app is not built', async () => {
    const app = await buildApp({ database, version: 'test', webDist: path.join(dist, 'missing') });
    try {
      const home = await app.inject({ url: '/' });
      expect(home.statusCode).toBe(200);
      expect(home.body).toContain('<h1>Jalon</h1>');
      expect((await app.inject({ url: '/some/page' })).body).toContain('<h1>Jalon</h1>');
    } finally {
      await app.close();
    }
  });
});
