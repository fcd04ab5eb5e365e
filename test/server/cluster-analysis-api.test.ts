import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databaseKinds } from '../db/test-database.ts';
import {
  ApiClient,
  seedPermissionPlan,
  seedRoleUsers,
  startTestServer,
  TEST_PASSWORD,
  type SeededPlan,
  type TestServer,
} from './test-server.ts';

const shared = '/work/shared/fixtures';
const fixtures = new URL('../fixtures/', import.meta.url).pathname;

/** Four plans of four institutions in three formats (the PROMSOC plan twice: as Word and as its spreadsheet). */
const files: Array<{ path: string; institution?: string }> = [
  { path: `${shared}/002_b31f838c1917508f.docx` },
  { path: `${shared}/000_408056d1a7750f6e.pdf` },
  { path: `${shared}/002_b31f838c1917508f_actions.xlsx`, institution: 'Haute École Libre de Bruxelles' },
  { path: `${fixtures}layouts/themes-colles.txt`, institution: 'Haute École des Deux Vallées' },
];

async function upload(c: ApiClient, clusterId: string, path: string, institution?: string) {
  const form = new FormData();
  if (institution) form.append('institution', institution);
  form.append('file', new Blob([readFileSync(path)]), basename(path));
  const response = await fetch(`${c.baseUrl}/api/v1/clusters/${clusterId}/imports`, {
    method: 'POST',
    headers: {
      ...(c.cookie ? { cookie: c.cookie } : {}),
      ...(c.csrfToken ? { 'x-csrf-token': c.csrfToken } : {}),
    },
    body: form,
  });
  return { status: response.status, body: (await response.json()) as any };
}

async function signIn(server: TestServer, email: string): Promise<ApiClient> {
  const c = new ApiClient(server.baseUrl);
  expect((await c.login(email, TEST_PASSWORD)).status).toBe(200);
  return c;
}

describe.each(databaseKinds)('cross-plan analysis of a cluster on %s', (kind) => {
  let server: TestServer;
  let admin: ApiClient;
  let reader: ApiClient;
  let outsider: ApiClient;
  let analyst: ApiClient;
  let seeded: SeededPlan;
  let clusterId: string;

  beforeAll(async () => {
    server = await startTestServer(kind);
    seeded = await seedPermissionPlan(server.database);
    const users = await seedRoleUsers(server.database, seeded.institutionId);
    admin = await signIn(server, users.admin);
    reader = await signIn(server, users.reader);
    outsider = await signIn(server, users.outsider);
    const created = await admin.request('POST', '/api/v1/clusters', {
      name: 'Analyse transversale',
      owner: 'AEQES',
    });
    clusterId = created.body.cluster.id;
    for (const file of files) {
      const stored = await upload(admin, clusterId, file.path, file.institution);
      expect(stored.status, JSON.stringify(stored.body)).toBe(201);
    }
    expect(
      (await admin.request('POST', `/api/v1/clusters/${clusterId}/plans`, { planIds: [seeded.planId] }))
        .status,
    ).toBe(200);
    const user = await admin.request('POST', '/api/v1/users', {
      email: 'analyste@aeqes.example',
      name: 'Analyste AEQES',
      password: TEST_PASSWORD,
    });
    await admin.request('POST', '/api/v1/memberships', {
      userId: user.body.user.id,
      scope: 'cluster',
      scopeId: clusterId,
      role: 'reader',
    });
    analyst = await signIn(server, 'analyste@aeqes.example');
  }, 120_000);
  afterAll(async () => {
    await server?.close();
  });

  it("groups the cluster's actions by theme across institutions, with counts that match the cluster page", async () => {
    const page = (await admin.get(`/api/v1/clusters/${clusterId}`)).body;
    const response = await admin.get(`/api/v1/clusters/${clusterId}/analysis`);
    expect(response.status).toBe(200);
    const { analysis, hiddenPlans, cluster } = response.body;
    expect(cluster).toEqual({ id: clusterId, name: 'Analyse transversale' });
    expect(hiddenPlans).toBe(0);
    expect(analysis.planCount).toBe(page.plans.length);
    expect(analysis.planCount).toBe(5);
    expect(analysis.institutionCount).toBe(new Set(page.plans.map((p: any) => p.institution)).size);
    // Every action with words is analysed (the cluster page counts them all).
    const pageActions = page.plans.reduce((sum: number, p: any) => sum + p.actionCount, 0);
    expect(analysis.actionCount).toBeGreaterThan(pageActions * 0.9);
    expect(analysis.actionCount).toBeLessThanOrEqual(pageActions);
    // Actions are in one theme at most, and themes plus the unthemed make up the whole.
    const keys = analysis.themes.flatMap((t: any) => t.actionKeys);
    expect(new Set(keys).size).toBe(keys.length);
    expect(keys.length + analysis.unthemed).toBe(analysis.actionCount);
    // The same PROMSOC plan came as Word and as a spreadsheet under two institutions: their
    // internship actions meet in a theme spanning both.
    const crossing = analysis.themes.filter((t: any) => t.institutionCount >= 2);
    expect(crossing.length).toBeGreaterThan(0);
    const stage = analysis.themes.find((t: any) => t.terms.some((w: string) => /^stages?$/.test(w)));
    expect(stage, JSON.stringify(analysis.themes.map((t: any) => t.name))).toBeDefined();
    expect(stage.institutions.map((i: any) => i.institution)).toEqual(
      expect.arrayContaining(['PROMSOC Supérieur Mons-Borinage', 'Haute École Libre de Bruxelles']),
    );
    for (const theme of analysis.themes) {
      const statuses = Object.values(theme.byStatus as Record<string, number>).reduce((a, b) => a + b, 0);
      expect(statuses).toBe(theme.actionCount);
      for (const institution of theme.institutions)
        for (const example of institution.examples) expect(institution.planIds).toContain(example.planId);
    }
    // The 2026 plan cites "Critère N, Recommandation M": its actions are grouped by criterion.
    expect(analysis.byCriterion.map((c: any) => c.criterion)).toEqual(expect.arrayContaining(['3', '5']));
    // Same plans, same analysis.
    expect((await admin.get(`/api/v1/clusters/${clusterId}/analysis`)).body).toEqual(response.body);
  });

  it("gives the cluster's analyst the same analysis, never the internal notes; refuses whoever holds no role over the cluster", async () => {
    const mine = await analyst.get(`/api/v1/clusters/${clusterId}/analysis`);
    expect(mine.status).toBe(200);
    expect(mine.body).toEqual((await admin.get(`/api/v1/clusters/${clusterId}/analysis`)).body);
    expect(JSON.stringify(mine.body)).not.toMatch(/note interne|publier/i);
    expect((await reader.get(`/api/v1/clusters/${clusterId}/analysis`)).status).toBe(404);
    expect((await outsider.get(`/api/v1/clusters/${clusterId}/analysis`)).status).toBe(404);
    expect((await new ApiClient(server.baseUrl).get(`/api/v1/clusters/${clusterId}/analysis`)).status).toBe(
      401,
    );
    expect((await admin.get('/api/v1/clusters/00000000-0000-0000-0000-000000000000/analysis')).status).toBe(
      404,
    );
  });

  it('leaves out a plan taken out of the cluster', async () => {
    expect(
      (await admin.request('DELETE', `/api/v1/clusters/${clusterId}/plans/${seeded.planId}`)).status,
    ).toBe(200);
    const { analysis } = (await analyst.get(`/api/v1/clusters/${clusterId}/analysis`)).body;
    expect(analysis.planCount).toBe(4);
    expect(
      analysis.themes.every((t: any) => !t.actionKeys.some((k: string) => k.startsWith(`${seeded.planId}:`))),
    ).toBe(true);
  });
});
