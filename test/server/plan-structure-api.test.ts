import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../src/db/connection.ts';
import {
  actions,
  auditLog,
  memberships,
  objectives,
  plans,
  subdimensions,
} from '../../src/db/schema/index.ts';
import { databaseKinds } from '../db/test-database.ts';
import {
  ApiClient,
  seedPermissionPlan,
  seedRoleUsers,
  startTestServer,
  TEST_PASSWORD,
  type TestServer,
} from './test-server.ts';

async function count(
  db: Database,
  table: typeof actions | typeof objectives | typeof subdimensions,
  planId: string,
) {
  const [row] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(table)
    .where(eq(table.planId, planId));
  return row!.n;
}

describe.each(databaseKinds)('plan structure and plan fields over HTTP on %s', (kind) => {
  let server: TestServer;
  let users: Awaited<ReturnType<typeof seedRoleUsers>>;
  let institutionId: string;
  let coordinator: ApiClient;
  let editor: ApiClient;
  const client = async (email: string) => {
    const c = new ApiClient(server.baseUrl);
    expect((await c.login(email, TEST_PASSWORD)).status).toBe(200);
    return c;
  };
  const fresh = () => seedPermissionPlan(server.database);
  const readPlan = async (planId: string) => (await coordinator.get(`/api/v1/plans/${planId}`)).body;

  beforeAll(async () => {
    server = await startTestServer(kind);
    institutionId = (await fresh()).institutionId;
    users = await seedRoleUsers(server.database, institutionId);
    coordinator = await client(users.coordinator);
    editor = await client(users.site_editor);
  });
  afterAll(async () => {
    await server?.close();
  });

  it('adds axes, sub-dimensions, general and operational objectives at their positions', async () => {
    const seeded = await fresh();
    const first = await coordinator.request('POST', `/api/v1/plans/${seeded.planId}/axes`, {
      axis: { number: '0', title: 'Axe 0 : gouvernance' },
      position: 0,
    });
    expect(first.status).toBe(201);
    expect(first.body).toMatchObject({ revision: 1, axis: { number: '0', title: 'Axe 0 : gouvernance' } });
    const last = await coordinator.request('POST', `/api/v1/plans/${seeded.planId}/axes`, {
      axis: { title: 'Axe 2 : international' },
    });
    const axisId = last.body.axis.id as string;

    const sub = await coordinator.request('POST', `/api/v1/axes/${axisId}/subdimensions`, {
      subdimension: { number: '2.1', title: 'Mobilité' },
    });
    expect(sub.status).toBe(201);
    const subId = sub.body.subdimension.id as string;
    const general = await coordinator.request('POST', `/api/v1/subdimensions/${subId}/objectives`, {
      objective: { title: 'Objectif général 2.1', guarantor: 'RI' },
    });
    expect(general.status).toBe(201);
    const generalId = general.body.objective.id as string;
    const opB = await coordinator.request('POST', `/api/v1/objectives/${generalId}/objectives`, {
      objective: { title: 'Opérationnel B' },
    });
    const opA = await coordinator.request('POST', `/api/v1/objectives/${generalId}/objectives`, {
      objective: { title: 'Opérationnel A' },
      position: 0,
    });
    expect([opA.status, opB.status]).toEqual([201, 201]);
    const straight = await coordinator.request('POST', `/api/v1/axes/${seeded.axisId}/objectives`, {
      objective: { title: 'Objectif sans sous-dimension' },
      position: 99,
    });
    expect(straight.status).toBe(201);
    const action = await coordinator.request('POST', `/api/v1/objectives/${opA.body.objective.id}/actions`, {
      action: { text: 'Partir en Erasmus', sites: ['LLN'] },
    });
    expect(action.status).toBe(201);

    const { plan, revisions } = await readPlan(seeded.planId);
    expect(plan.axes.map((a: { title: string }) => a.title)).toEqual([
      'Axe 0 : gouvernance',
      'Axe 1 : accompagner les étudiants',
      'Axe 2 : international',
    ]);
    expect(plan.axes[1].objectives.map((o: { title: string }) => o.title)).toEqual([
      'Objectif général 1.1',
      'Objectif sans sous-dimension',
    ]);
    const storedSub = plan.axes[2].subdimensions[0];
    expect(storedSub).toMatchObject({ id: subId, number: '2.1', title: 'Mobilité' });
    expect(storedSub.objectives[0]).toMatchObject({ title: 'Objectif général 2.1', guarantor: 'RI' });
    expect(storedSub.objectives[0].objectives.map((o: { title: string }) => o.title)).toEqual([
      'Opérationnel A',
      'Opérationnel B',
    ]);
    expect(storedSub.objectives[0].objectives[0].actions[0].text).toBe('Partir en Erasmus');
    expect(revisions[subId]).toBe(1);
    expect(revisions[axisId]).toBe(1);

    const history = await coordinator.get(`/api/v1/objectives/${generalId}/history`);
    expect(history.body.entries).toEqual([
      expect.objectContaining({
        kind: 'edit',
        before: null,
        after: expect.objectContaining({ title: 'Objectif général 2.1' }),
      }),
    ]);
    // Children sent along with a new node would be lost: refused instead.
    const withChildren = await coordinator.request('POST', `/api/v1/axes/${axisId}/objectives`, {
      objective: { title: 'x', actions: [{ text: 'perdue' }] },
    });
    expect(withChildren.status).toBe(400);
    expect(withChildren.body.error.field).toBe('objective');
    // Shaping the plan is the coordinators': a site editor may not, an outsider does not see it.
    expect(
      (await editor.request('POST', `/api/v1/plans/${seeded.planId}/axes`, { axis: { title: 'Axe' } }))
        .status,
    ).toBe(403);
    const outsider = await client(users.outsider);
    expect(
      (
        await outsider.request('POST', `/api/v1/axes/${axisId}/subdimensions`, {
          subdimension: { title: 's' },
        })
      ).status,
    ).toBe(404);
  });

  it('deletes an objective with its operational objectives and their actions, at the revision read', async () => {
    const seeded = await fresh();
    const generalId = seeded.plan.axes[0]!.objectives[0]!.id!;
    const sibling = await coordinator.request('POST', `/api/v1/axes/${seeded.axisId}/objectives`, {
      objective: { title: 'Objectif général 1.2' },
    });
    expect(await count(server.database.db, objectives, seeded.planId)).toBe(3);
    const stale = await coordinator.request('DELETE', `/api/v1/objectives/${generalId}?revision=2`);
    expect(stale.status).toBe(409);
    expect(stale.body.current).toMatchObject({ revision: 1, objective: { title: 'Objectif général 1.1' } });
    expect((await editor.request('DELETE', `/api/v1/objectives/${generalId}?revision=1`)).status).toBe(403);

    expect((await coordinator.request('DELETE', `/api/v1/objectives/${generalId}?revision=1`)).status).toBe(
      200,
    );
    // The operational objective under it and its three actions are gone; the sibling moved up.
    expect(await count(server.database.db, objectives, seeded.planId)).toBe(1);
    expect(await count(server.database.db, actions, seeded.planId)).toBe(0);
    const { plan } = await readPlan(seeded.planId);
    expect(plan.axes[0].objectives).toEqual([expect.objectContaining({ id: sibling.body.objective.id })]);
    const [row] = await server.database.db
      .select({ position: objectives.position })
      .from(objectives)
      .where(eq(objectives.id, sibling.body.objective.id));
    expect(row!.position).toBe(0);
    // The audit keeps the whole subtree: nothing deleted is beyond recovery.
    const audit = await coordinator.get(`/api/v1/plans/${seeded.planId}/audit`);
    expect(audit.body.entries[0]).toMatchObject({
      action: 'delete',
      objectType: 'objective',
      objectId: generalId,
    });
    expect(audit.body.entries[0].before.objectives[0].actions.map((a: { text: string }) => a.text)).toEqual([
      'LLN : tutorat par les pairs',
      'MONS : ateliers de méthode',
      'Action commune : charte de stage',
    ]);
  });

  it('edits and deletes sub-dimensions and axes with their contents', async () => {
    const seeded = await fresh();
    const sub = await coordinator.request('POST', `/api/v1/axes/${seeded.axisId}/subdimensions`, {
      subdimension: { number: '1.1', title: 'Accueil' },
    });
    const subId = sub.body.subdimension.id as string;
    await coordinator.request('POST', `/api/v1/subdimensions/${subId}/actions`, {
      action: { text: 'Journée d’accueil' },
    });
    const renamed = await coordinator.request('PATCH', `/api/v1/subdimensions/${subId}`, {
      revision: 1,
      changes: { title: 'Accueil des étudiants' },
    });
    expect(renamed.body).toMatchObject({
      revision: 2,
      subdimension: { number: '1.1', title: 'Accueil des étudiants' },
    });
    expect(
      (
        await coordinator.request('PATCH', `/api/v1/subdimensions/${subId}`, {
          revision: 1,
          changes: { title: 'x' },
        })
      ).status,
    ).toBe(409);
    expect((await coordinator.get(`/api/v1/subdimensions/${subId}/history`)).body.entries).toHaveLength(2);

    expect((await coordinator.request('DELETE', `/api/v1/subdimensions/${subId}?revision=2`)).status).toBe(
      200,
    );
    expect(await count(server.database.db, subdimensions, seeded.planId)).toBe(0);
    expect(await count(server.database.db, actions, seeded.planId)).toBe(3);

    expect((await coordinator.request('DELETE', `/api/v1/axes/${seeded.axisId}?revision=1`)).status).toBe(
      200,
    );
    expect(await count(server.database.db, objectives, seeded.planId)).toBe(0);
    expect(await count(server.database.db, actions, seeded.planId)).toBe(0);
    expect((await readPlan(seeded.planId)).plan.axes).toEqual([]);
    expect((await coordinator.get(`/api/v1/axes/${seeded.axisId}/history`)).status).toBe(404);
  });

  it("updates the plan's own fields at the plan revision, and answers 409 to a stale one", async () => {
    const seeded = await fresh();
    const read = await readPlan(seeded.planId);
    const revision = read.planRevision as number;
    expect(revision).toBeGreaterThan(0);
    const changes = {
      title: 'Plan d’action actualisé 2027',
      institution: 'Haute École renommée',
      programme: 'Bachelier AS (horaire décalé)',
      sites: [...seeded.plan.sites, { code: 'CHARLEROI', name: 'Charleroi' }],
      period: { from: '2026-2027', to: '2030-2031' },
      version: { label: 'Plan d’action actualisé 2027', date: 'septembre 2027', kind: 'updated' },
      sections: [{ title: 'Contexte', level: 1, text: 'Une nouvelle évaluation.' }],
      signatories: [{ role: 'Directrice', name: 'A. B.' }],
      statusLegend: 'R : réalisé',
    };
    const updated = await coordinator.request('PATCH', `/api/v1/plans/${seeded.planId}`, {
      revision,
      changes,
    });
    expect(updated.status).toBe(200);
    expect(updated.body.revision).toBe(revision + 1);
    expect(updated.body.plan).toMatchObject({
      ...changes,
      sections: [{ ...changes.sections[0], footnotes: [] }],
    });
    expect(updated.body.plan).not.toHaveProperty('axes');
    const after = await readPlan(seeded.planId);
    expect(after.planRevision).toBe(revision + 1);
    expect(after.plan).toMatchObject({ title: changes.title, statusLegend: 'R : réalisé' });
    expect(after.plan.axes).toHaveLength(1);
    const listed = (await coordinator.get('/api/v1/plans')).body.plans.find(
      (p: { id: string }) => p.id === seeded.planId,
    );
    expect(listed).toMatchObject({
      title: changes.title,
      versionLabel: 'Plan d’action actualisé 2027',
      siteCodes: ['LLN', 'MONS', 'MONTIGNIES', 'CHARLEROI'],
    });
    const sites = (await coordinator.get(`/api/v1/sites?institutionId=${seeded.institutionId}`)).body.sites;
    expect(sites.map((s: { code: string }) => s.code)).toContain('CHARLEROI');

    const stale = await coordinator.request('PATCH', `/api/v1/plans/${seeded.planId}`, {
      revision,
      changes: { title: 'écrase' },
    });
    expect(stale.status).toBe(409);
    expect(stale.body.current).toMatchObject({ revision: revision + 1, plan: { title: changes.title } });
    // Any write in the plan moves its revision: the plan update after an action edit must read again.
    await coordinator.request('POST', `/api/v1/actions/${seeded.actions.common}/comments`, { text: 'vu' });
    expect(
      (
        await coordinator.request('PATCH', `/api/v1/plans/${seeded.planId}`, {
          revision: revision + 1,
          changes: { title: 't' },
        })
      ).status,
    ).toBe(409);

    const current = (await readPlan(seeded.planId)).planRevision;
    const dropMons = await coordinator.request('PATCH', `/api/v1/plans/${seeded.planId}`, {
      revision: current,
      changes: { sites: seeded.plan.sites.filter((s) => s.code !== 'MONS') },
    });
    expect(dropMons.status).toBe(400);
    expect(dropMons.body.error).toMatchObject({ code: 'BAD_INPUT', field: 'changes.sites' });
    expect(dropMons.body.error.message).toContain('MONS');
    const unknownField = await coordinator.request('PATCH', `/api/v1/plans/${seeded.planId}`, {
      revision: current,
      changes: { axes: [] },
    });
    expect(unknownField.status).toBe(400);
    expect(
      (
        await editor.request('PATCH', `/api/v1/plans/${seeded.planId}`, {
          revision: current,
          changes: { title: 'x' },
        })
      ).status,
    ).toBe(403);
    const audit = await coordinator.get(`/api/v1/plans/${seeded.planId}/audit`);
    const planEdit = audit.body.entries.find(
      (e: { objectType: string; action: string }) => e.objectType === 'plan' && e.action === 'update',
    );
    expect(Object.keys(planEdit.after).sort()).toEqual(Object.keys(changes).sort());
    expect(planEdit.before.title).toBe('Plan d’action actualisé 2026');
  });

  it('deletes a plan with everything in it, the roles given over it included, at the plan revision', async () => {
    const seeded = await fresh();
    const admin = await client(users.admin);
    const readerId = (await admin.get('/api/v1/users')).body.users.find(
      (u: { email: string }) => u.email === users.outsider,
    ).id;
    const granted = await admin.request('POST', '/api/v1/memberships', {
      userId: readerId,
      scope: 'plan',
      scopeId: seeded.planId,
      role: 'reader',
    });
    expect(granted.status).toBe(201);
    await coordinator.request('POST', `/api/v1/actions/${seeded.actions.lln}/comments`, {
      text: 'à garder ?',
    });
    const revision = (await readPlan(seeded.planId)).planRevision;
    expect(
      (await editor.request('DELETE', `/api/v1/plans/${seeded.planId}?revision=${revision}`)).status,
    ).toBe(403);
    expect(
      (await coordinator.request('DELETE', `/api/v1/plans/${seeded.planId}?revision=${revision - 1}`)).status,
    ).toBe(409);
    expect(
      (await coordinator.request('DELETE', `/api/v1/plans/${seeded.planId}?revision=${revision}`)).status,
    ).toBe(200);

    expect((await coordinator.get(`/api/v1/plans/${seeded.planId}`)).status).toBe(404);
    expect((await coordinator.get(`/api/v1/plans/${seeded.planId}/dashboard`)).status).toBe(404);
    expect((await coordinator.get(`/api/v1/actions/${seeded.actions.lln}/history`)).status).toBe(404);
    const db = server.database.db;
    expect(await db.select().from(plans).where(eq(plans.id, seeded.planId))).toEqual([]);
    expect(await count(db, actions, seeded.planId)).toBe(0);
    expect(await db.select().from(memberships).where(eq(memberships.scopeId, seeded.planId))).toEqual([]);
    const [deletion] = await db
      .select()
      .from(auditLog)
      .where(eq(auditLog.objectId, seeded.planId))
      .orderBy(sql`${auditLog.id} desc`)
      .limit(1);
    expect(deletion).toMatchObject({ action: 'delete', objectType: 'plan' });
    expect((deletion!.before as { axes: unknown[] }).axes).toHaveLength(1);
    expect(
      (await coordinator.request('DELETE', `/api/v1/plans/${seeded.planId}?revision=${revision}`)).status,
    ).toBe(404);
  });
  it('deletes a plan while its actions are being edited: every answer is 200, 404 or 409, and nothing of it remains', async () => {
    const seeded = await fresh();
    const writers = await Promise.all([1, 2, 3, 4].map(() => client(users.coordinator)));
    const revision = (await readPlan(seeded.planId)).planRevision;
    const edits = writers.flatMap((c, i) =>
      Object.values(seeded.actions).map((id) =>
        c.request('PATCH', `/api/v1/actions/${id}`, { revision: 1, changes: { text: `édition ${i}` } }),
      ),
    );
    const deletion = coordinator.request('DELETE', `/api/v1/plans/${seeded.planId}?revision=${revision}`);
    const statuses = (await Promise.all([deletion, ...edits])).map((r) => r.status);
    for (const status of statuses) expect([200, 404, 409]).toContain(status);
    // The deletion either went through, or lost to an edit and must be retried at the new revision.
    if ((await deletion).status !== 200) {
      const latest = (await readPlan(seeded.planId)).planRevision;
      expect(
        (await coordinator.request('DELETE', `/api/v1/plans/${seeded.planId}?revision=${latest}`)).status,
      ).toBe(200);
    }
    expect(await count(server.database.db, actions, seeded.planId)).toBe(0);
    expect(await server.database.db.select().from(plans).where(eq(plans.id, seeded.planId))).toEqual([]);
  });
});
