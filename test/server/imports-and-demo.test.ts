import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listActions } from '../../src/core/plan-walk.ts';
import { loadPlan } from '../../src/db/repositories/plan-tree.ts';
import { seedDemoData } from '../../src/server/demo/seed-demo-data.ts';
import { findDemoSeedFiles } from '../../src/server/demo/demo-plans.ts';
import { ApiClient, seedRoleUsers, startTestServer, TEST_PASSWORD, type TestServer } from './test-server.ts';

describe('first start: demo data', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer('pglite');
  });
  afterAll(async () => {
    await server?.close();
  });

  it('loads both reference plans, an admin, a coordinator and one site editor per campus, once', async () => {
    const seed = await seedDemoData(server.database.db);
    expect(seed.seeded).toBe(true);
    expect(seed.planTitles).toHaveLength(2);
    expect(seed.accounts.map((a) => [a.role, a.sites.join()])).toEqual([
      ['admin', ''],
      ['coordinator', ''],
      ['site_editor', 'LLN'],
      ['site_editor', 'MONS'],
      ['site_editor', 'MONTIGNIES'],
    ]);
    expect(new Set(seed.accounts.map((a) => a.password)).size).toBe(5);
    expect((await seedDemoData(server.database.db)).seeded).toBe(false);

    const mons = seed.accounts.find((a) => a.email.startsWith('mons'))!;
    const c = new ApiClient(server.baseUrl);
    expect((await c.login(mons.email, mons.password)).status).toBe(200);
    const plans = (await c.get('/api/v1/plans')).body.plans;
    expect(plans).toHaveLength(1);
    expect(plans[0].siteCodes).toEqual(expect.arrayContaining(['LLN', 'MONS', 'MONTIGNIES']));
    const detail = await c.get(`/api/v1/plans/${plans[0].id}`);
    expect(detail.body.permissions.editableSites).toEqual(['MONS']);
  });
});

describe('import endpoints', () => {
  let server: TestServer;
  let coordinator: ApiClient;
  let reader: ApiClient;
  beforeAll(async () => {
    server = await startTestServer('pglite');
    const users = await seedRoleUsers(server.database, 'no-institution');
    coordinator = new ApiClient(server.baseUrl);
    await coordinator.login(users.coordinator, TEST_PASSWORD);
    reader = new ApiClient(server.baseUrl);
    await reader.login(users.reader, TEST_PASSWORD);
  });
  afterAll(async () => {
    await server?.close();
  });

  it('previews an uploaded file with warnings, then stores it whole on confirmation, owned by the importer', async () => {
    const seedFile = findDemoSeedFiles().find((f) => f.includes('002_'))!;
    const form = new FormData();
    form.append('file', new Blob([readFileSync(seedFile)]), 'plan 2015.txt');
    const preview = await fetch(`${server.baseUrl}/api/v1/imports`, {
      method: 'POST',
      headers: { cookie: coordinator.cookie!, 'x-csrf-token': coordinator.csrfToken! },
      body: form,
    });
    expect(preview.status).toBe(201);
    const body = await preview.json();
    expect(body.plan.axes.length).toBeGreaterThan(0);
    expect(Array.isArray(body.warnings)).toBe(true);

    const confirmed = await coordinator.request('POST', `/api/v1/imports/${body.importId}/confirm`, {
      title: 'Plan 2015 importé',
    });
    expect(confirmed.status).toBe(201);
    const stored = await loadPlan(server.database.db, confirmed.body.planId);
    expect(stored?.title).toBe('Plan 2015 importé');
    expect(listActions(stored!).map((a) => a.action.text)).toEqual(
      listActions(body.plan).map((a: { action: { text: string } }) => a.action.text),
    );
    const listed = (await coordinator.get('/api/v1/plans')).body.plans;
    expect(listed.map((p: { id: string }) => p.id)).toContain(confirmed.body.planId);
    // The same import cannot be confirmed twice.
    expect((await coordinator.request('POST', `/api/v1/imports/${body.importId}/confirm`, {})).status).toBe(
      404,
    );
  });

  it('previews pasted text, and refuses an import to a reader or an unreadable payload with a clear error', async () => {
    const tsv =
      'Description des actions\tDegré de priorité\tResponsable(s)\nRevoir les fiches UE\t**\tCoordination\n';
    const pasted = await coordinator.request('POST', '/api/v1/imports', { text: tsv, format: 'tsv' });
    expect(pasted.status).toBe(201);
    expect(listActions(pasted.body.plan).map((a) => a.action.text)).toContain('Revoir les fiches UE');

    expect((await reader.request('POST', '/api/v1/imports', { text: tsv })).status).toBe(403);
    const junk = await coordinator.request('POST', '/api/v1/imports', {
      text: 'rien de tabulaire ici',
      format: 'tsv',
    });
    expect(junk.status).toBeGreaterThanOrEqual(400);
    expect(junk.status).toBeLessThan(500);
    expect(junk.body.error.message.length).toBeGreaterThan(5);
  });
});
