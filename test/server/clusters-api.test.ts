import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listActions } from '../../src/core/plan-walk.ts';
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

/**
 * A cluster's files in four formats, as institutions send them to the agency: two name their
 * institution on their cover, three do not and get it from the person importing, one is damaged.
 */
const files: Array<{ path: string; institution?: string; named?: string }> = [
  { path: `${shared}/002_b31f838c1917508f.docx`, named: 'PROMSOC Supérieur Mons-Borinage' },
  { path: `${shared}/000_408056d1a7750f6e.pdf`, named: 'Haute Ecole Louvain en Hainaut' },
  { path: `${shared}/002_b31f838c1917508f_actions.xlsx`, institution: 'Haute École Libre de Bruxelles' },
  { path: `${fixtures}layouts/themes-colles.txt`, institution: 'Haute École des Deux Vallées' },
  { path: `${fixtures}import/own-english-plan.docx`, institution: 'ignored: the document names one' },
];

/** A Word file cut short: a zip header and nothing else. */
const broken = { name: 'plan-abime.docx', bytes: new Uint8Array([0x50, 0x4b, 0x03, 0x04, 1, 2, 3, 4, 5]) };

async function uploadToCluster(
  c: ApiClient,
  clusterId: string,
  file: { name: string; bytes: Uint8Array },
  institution?: string,
) {
  const form = new FormData();
  if (institution) form.append('institution', institution);
  form.append('file', new Blob([Buffer.from(file.bytes)]), file.name);
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

describe.each(databaseKinds)('clusters on %s', (kind) => {
  let server: TestServer;
  let admin: ApiClient;
  let coordinator: ApiClient;
  let reader: ApiClient;
  let outsider: ApiClient;
  let analyst: ApiClient;
  let seeded: SeededPlan;
  let clusterId: string;
  const stored: string[] = [];

  beforeAll(async () => {
    server = await startTestServer(kind);
    seeded = await seedPermissionPlan(server.database);
    const users = await seedRoleUsers(server.database, seeded.institutionId);
    admin = await signIn(server, users.admin);
    coordinator = await signIn(server, users.coordinator);
    reader = await signIn(server, users.reader);
    outsider = await signIn(server, users.outsider);
  }, 60_000);
  afterAll(async () => {
    await server?.close();
  });

  it('creates a cluster, and refuses a second one of the same name', async () => {
    const created = await admin.request('POST', '/api/v1/clusters', {
      name: 'Assistant social 2025-2026',
      programme: 'Bachelier Assistant social',
      evaluationYear: '2025-2026',
      owner: 'AEQES',
    });
    expect(created.status).toBe(201);
    expect(created.body.cluster).toMatchObject({ owner: 'AEQES', evaluationYear: '2025-2026', planCount: 0 });
    clusterId = created.body.cluster.id;
    const again = await admin.request('POST', '/api/v1/clusters', { name: 'assistant SOCIAL 2025-2026' });
    expect(again.status).toBe(409);
  });

  it('imports each file on its own: the damaged one and the one of no known institution are refused with where, the others stored', async () => {
    const reports = [];
    for (const file of files) {
      const upload = await uploadToCluster(
        admin,
        clusterId,
        { name: basename(file.path), bytes: new Uint8Array(readFileSync(file.path)) },
        file.institution,
      );
      expect(upload.status, `${file.path}: ${JSON.stringify(upload.body)}`).toBe(201);
      reports.push(upload.body.report);
    }
    const damaged = await uploadToCluster(admin, clusterId, broken);
    expect(damaged.status).toBe(400);
    expect(damaged.body.error.code).toBe('FILE_UNREADABLE');
    // The API's errors say where in their message (and the field): the file is named.
    expect(damaged.body.error.message).toContain('plan-abime.docx');
    // The spreadsheet names no institution: without one given, it is refused, not stored nameless.
    const nameless = await uploadToCluster(admin, clusterId, {
      name: 'actions.xlsx',
      bytes: new Uint8Array(readFileSync(files[2]!.path)),
    });
    expect(nameless.status).toBe(400);
    expect(nameless.body.error).toMatchObject({ code: 'BAD_INPUT', field: 'institution' });
    expect(nameless.body.error.message).toContain('actions.xlsx');

    expect(reports.map((r) => [r.institution, r.institutionFrom])).toEqual([
      ['PROMSOC Supérieur Mons-Borinage', 'document'],
      ['Haute Ecole Louvain en Hainaut', 'document'],
      ['Haute École Libre de Bruxelles', 'fallback'],
      ['Haute École des Deux Vallées', 'fallback'],
      ['Northfield College, BSc Nursing (one site)', 'document'],
    ]);
    for (const report of reports) {
      expect(report.ok).toBe(true);
      expect(report.actions).toBeGreaterThan(5);
      stored.push(report.planId);
    }
    // The PDF of the 2026 plan comes with located warnings, as the per-file report shows them.
    expect(reports[1].warnings.some((w: any) => w.location?.page !== undefined)).toBe(true);
    // Plus the small plan with internal notes, added as it is.
    const added = await admin.request('POST', `/api/v1/clusters/${clusterId}/plans`, {
      planIds: [seeded.planId, stored[0]],
    });
    expect(added.status).toBe(200);
    expect(added.body.added).toEqual([seeded.planId]);
  }, 120_000);

  it('shows one row per plan whose figures are those of the stored plan and its dashboard', async () => {
    const page = await admin.get(`/api/v1/clusters/${clusterId}`);
    expect(page.status).toBe(200);
    expect(page.body.cluster.planCount).toBe(6);
    expect(page.body.hiddenPlans).toBe(0);
    expect(page.body.plans.map((p: any) => p.planId).sort()).toEqual([...stored, seeded.planId].sort());
    for (const row of page.body.plans) {
      const plan = (await admin.get(`/api/v1/plans/${row.planId}`)).body.plan;
      const dashboard = (await admin.get(`/api/v1/plans/${row.planId}/dashboard`)).body;
      expect(row.actionCount).toBe(listActions(plan).length);
      expect(row.institution).toBe(plan.institution);
      expect(row.versionLabel).toBe(plan.version.label);
      expect(row.byStatus).toEqual(dashboard.byStatus);
      expect(row.overdue).toBe(dashboard.overdue.length);
      expect(row.recommendations).toBe(dashboard.coverage.recommendations);
      expect(row.answered).toBe(dashboard.coverage.covered);
    }
    // Rows by institution.
    const institutions = page.body.plans.map((p: any) => p.institution);
    expect(institutions).toEqual([...institutions].sort((a: string, b: string) => (a < b ? -1 : 1)));
    const list = await admin.get('/api/v1/clusters');
    expect(list.body.clusters.map((c: any) => [c.name, c.planCount])).toEqual([
      ['Assistant social 2025-2026', 6],
    ]);
  });

  it('shows a change to a plan on the next view of the page, the figures still those of the dashboard', async () => {
    const rowOf = async () =>
      (await admin.get(`/api/v1/clusters/${clusterId}`)).body.plans.find(
        (p: any) => p.planId === seeded.planId,
      );
    const before = await rowOf();
    // The LLN action, in progress with a June 2026 deadline, is overdue today (2026-11-23) until done.
    const done = await admin.request('POST', `/api/v1/actions/${seeded.actions.lln}/status`, {
      revision: 1,
      status: 'done',
      date: '2026-11-20',
    });
    expect(done.status).toBe(200);
    const after = await rowOf();
    const dashboard = (await admin.get(`/api/v1/plans/${seeded.planId}/dashboard`)).body;
    expect(after.byStatus).toEqual(dashboard.byStatus);
    expect(after.overdue).toBe(dashboard.overdue.length);
    expect(after.byStatus.done).toBe(before.byStatus.done + 1);
    expect(after.byStatus.in_progress).toBe(before.byStatus.in_progress - 1);
    expect(after.overdue).toBe(before.overdue - 1);
  });

  it("gives an analyst (a reader over the cluster) the cluster's plans to read, without internal notes or edits", async () => {
    const user = await admin.request('POST', '/api/v1/users', {
      email: 'analyste@aeqes.example',
      name: 'Analyste AEQES',
      password: TEST_PASSWORD,
    });
    const granted = await admin.request('POST', '/api/v1/memberships', {
      userId: user.body.user.id,
      scope: 'cluster',
      scopeId: clusterId,
      role: 'reader',
    });
    expect(granted.status).toBe(201);
    analyst = await signIn(server, 'analyste@aeqes.example');

    const page = await analyst.get(`/api/v1/clusters/${clusterId}`);
    expect(page.status).toBe(200);
    expect(page.body.plans).toHaveLength(6);
    expect(page.body.permissions.canManage).toBe(false);
    expect((await analyst.get('/api/v1/plans')).body.plans).toHaveLength(6);

    const plan = await analyst.get(`/api/v1/plans/${seeded.planId}`);
    expect(plan.status).toBe(200);
    expect(JSON.stringify(plan.body.plan)).not.toContain('Note interne');
    expect(plan.body.permissions.canEditPlan).toBe(false);
    // The coordinator of the plan sees the note the analyst does not.
    expect(JSON.stringify((await coordinator.get(`/api/v1/plans/${seeded.planId}`)).body.plan)).toContain(
      'Note interne',
    );
    const edit = await analyst.request('PATCH', `/api/v1/actions/${seeded.actions.common}`, {
      revision: 1,
      changes: { text: 'Réécrit par l’analyste' },
    });
    expect(edit.status).toBe(403);
    expect(
      (await analyst.request('POST', `/api/v1/clusters/${clusterId}/plans`, { planIds: [seeded.planId] }))
        .status,
    ).toBe(403);

    // A plan outside the cluster stays out of reach; so does a plan taken out of it.
    const other = await seedPermissionPlan(server.database, { title: 'Plan hors groupe' });
    expect((await analyst.get(`/api/v1/plans/${other.planId}`)).status).toBe(404);
    expect(
      (await admin.request('DELETE', `/api/v1/clusters/${clusterId}/plans/${seeded.planId}`)).status,
    ).toBe(200);
    expect((await analyst.get(`/api/v1/plans/${seeded.planId}`)).status).toBe(404);
    expect((await analyst.get(`/api/v1/clusters/${clusterId}`)).body.plans).toHaveLength(5);
    expect(
      (await admin.request('POST', `/api/v1/clusters/${clusterId}/plans`, { planIds: [seeded.planId] }))
        .status,
    ).toBe(200);
  });

  it('answers each cluster endpoint × who as the cluster policy says', async () => {
    // A coordinator of the institution creates a cluster of their own and coordinates it.
    const own = await coordinator.request('POST', '/api/v1/clusters', { name: 'Revue interne 2026' });
    expect(own.status).toBe(201);
    const ownId = own.body.cluster.id;
    const anonymous = new ApiClient(server.baseUrl);
    const who = { admin, coordinator, analyst, reader, outsider, anonymous };
    type Who = keyof typeof who;
    const cases: Array<{ endpoint: string; send: (c: ApiClient) => Promise<number>; allowed: Who[] }> = [
      {
        endpoint: 'GET /clusters/:id',
        send: async (c) => (await c.get(`/api/v1/clusters/${clusterId}`)).status,
        allowed: ['admin', 'analyst'],
      },
      {
        endpoint: 'GET /clusters/:own',
        send: async (c) => (await c.get(`/api/v1/clusters/${ownId}`)).status,
        allowed: ['admin', 'coordinator'],
      },
      {
        endpoint: 'POST /clusters',
        send: async (c) =>
          (await c.request('POST', '/api/v1/clusters', { name: `G ${globalThis.crypto.randomUUID()}` }))
            .status,
        allowed: ['admin', 'coordinator'],
      },
      {
        // Putting a plan in a cluster takes its editor and the cluster's coordinator.
        endpoint: 'POST /clusters/:own/plans',
        send: async (c) => {
          const plan = await seedPermissionPlan(server.database);
          return (await c.request('POST', `/api/v1/clusters/${ownId}/plans`, { planIds: [plan.planId] }))
            .status;
        },
        allowed: ['admin', 'coordinator'],
      },
      {
        endpoint: 'POST /clusters/:id/plans (a plan the coordinator edits)',
        send: async (c) => {
          const plan = await seedPermissionPlan(server.database);
          return (await c.request('POST', `/api/v1/clusters/${clusterId}/plans`, { planIds: [plan.planId] }))
            .status;
        },
        allowed: ['admin'],
      },
      {
        endpoint: 'DELETE /clusters/:id/plans/:planId',
        send: async (c) => {
          const plan = await seedPermissionPlan(server.database);
          await admin.request('POST', `/api/v1/clusters/${clusterId}/plans`, { planIds: [plan.planId] });
          return (await c.request('DELETE', `/api/v1/clusters/${clusterId}/plans/${plan.planId}`)).status;
        },
        allowed: ['admin'],
      },
      {
        endpoint: 'POST /clusters/:id/imports',
        send: async (c) =>
          (
            await uploadToCluster(
              c,
              clusterId,
              { name: 'themes.txt', bytes: new Uint8Array(readFileSync(files[3]!.path)) },
              'Haute École des Deux Vallées',
            )
          ).status,
        allowed: ['admin'],
      },
      {
        endpoint: 'GET /plans/:seeded',
        send: async (c) => (await c.get(`/api/v1/plans/${seeded.planId}`)).status,
        allowed: ['admin', 'coordinator', 'analyst', 'reader'],
      },
      {
        endpoint: 'GET /plans/:seeded/dashboard',
        send: async (c) => (await c.get(`/api/v1/plans/${seeded.planId}/dashboard`)).status,
        allowed: ['admin', 'coordinator', 'analyst', 'reader'],
      },
      {
        endpoint: 'GET /plans/:seeded/audit',
        send: async (c) => (await c.get(`/api/v1/plans/${seeded.planId}/audit`)).status,
        allowed: ['admin', 'coordinator'],
      },
      {
        endpoint: 'GET /plans/:seeded/export?format=json',
        send: async (c) => (await c.get(`/api/v1/plans/${seeded.planId}/export?format=json`)).status,
        allowed: ['admin', 'coordinator', 'analyst', 'reader'],
      },
    ];
    const outcomes: string[] = [];
    const expected: string[] = [];
    for (const testCase of cases) {
      for (const [name, client] of Object.entries(who) as Array<[Who, ApiClient]>) {
        const status = await testCase.send(client);
        const ok = status >= 200 && status < 300;
        outcomes.push(`${testCase.endpoint} | ${name} → ${ok ? 'allowed' : 'denied'} (${status})`);
        expected.push(
          `${testCase.endpoint} | ${name} → ${testCase.allowed.includes(name) ? 'allowed' : 'denied'} (${status})`,
        );
        if (name === 'anonymous') expect(status).toBe(401);
        if (!ok) expect([401, 403, 404]).toContain(status);
      }
    }
    expect(outcomes).toEqual(expected);
  }, 120_000);
});
