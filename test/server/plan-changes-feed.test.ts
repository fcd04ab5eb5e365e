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

describe.each(databaseKinds)('recent changes of a plan over HTTP on %s', (kind) => {
  let server: TestServer;
  let seeded: SeededPlan;
  let users: Awaited<ReturnType<typeof seedRoleUsers>>;
  const client = async (email: string) => {
    const c = new ApiClient(server.baseUrl);
    expect((await c.login(email, TEST_PASSWORD)).status).toBe(200);
    return c;
  };

  beforeAll(async () => {
    server = await startTestServer(kind);
    seeded = await seedPermissionPlan(server.database);
    users = await seedRoleUsers(server.database, seeded.institutionId);
    const coordinator = await client(users.coordinator);
    const editor = await client(users.site_editor);
    await coordinator.request('PATCH', `/api/v1/actions/${seeded.actions.common}`, {
      revision: 1,
      changes: { notes: 'Secret : budget à revoir', priority: 2 },
    });
    await editor.request('POST', `/api/v1/actions/${seeded.actions.lln}/status`, {
      revision: 1,
      status: 'done',
      date: '2026-06-30',
      comment: 'Terminé',
    });
    await editor.request('POST', `/api/v1/actions/${seeded.actions.lln}/comments`, { text: 'Bilan envoyé' });
    await coordinator.request('PATCH', `/api/v1/objectives/${seeded.objectiveId}`, {
      revision: 1,
      changes: { guarantor: 'DAE' },
    });
    const admin = await client(users.admin);
    const outsiderId = (await admin.get('/api/v1/users')).body.users.find(
      (u: { email: string }) => u.email === users.outsider,
    ).id;
    await admin.request('POST', '/api/v1/memberships', {
      userId: outsiderId,
      scope: 'plan',
      scopeId: seeded.planId,
      role: 'reader',
    });
  });
  afterAll(async () => {
    await server?.close();
  });

  it('shows readers, campus editors and contributors who changed what, newest first, in words only', async () => {
    for (const who of ['reader', 'contributor', 'site_editor'] as const) {
      const c = await client(users[who]);
      const feed = await c.get(`/api/v1/plans/${seeded.planId}/changes`);
      expect(feed.status).toBe(200);
      expect(
        feed.body.changes.map((e: { action: string; objectType: string }) => `${e.action} ${e.objectType}`),
      ).toEqual(['update objective', 'comment action', 'status action', 'update action', 'import plan']);
      const [objective, comment, status, edit, imported] = feed.body.changes;
      expect(objective).toMatchObject({
        user: { name: 'Coordination qualité' },
        objectId: seeded.objectiveId,
        label: 'Objectif opérationnel 1.1.1',
        fields: ['guarantor'],
      });
      expect(comment).toMatchObject({ user: { name: 'Éditeur LLN' }, label: 'LLN : tutorat par les pairs' });
      expect(status).toMatchObject({
        label: 'LLN : tutorat par les pairs',
        status: { from: 'in_progress', to: 'done' },
      });
      // The internal note changed too: the feed names the public field only, and never a payload.
      expect(edit).toMatchObject({ label: 'Action commune : charte de stage', fields: ['priority'] });
      expect(imported).toMatchObject({ user: null, label: 'Plan d’action actualisé 2026' });
      const text = JSON.stringify(feed.body);
      expect(text).not.toContain('Secret');
      expect(text).not.toContain('Bilan envoyé');
      expect(text).not.toContain('Note interne');
      expect(feed.body.changes[0]).not.toHaveProperty('before');
      // Who was given which role is the admins' business.
      expect(text).not.toContain('membership');
    }
  });

  it('pages back with `before`, and answers 404 to someone without a role on the plan', async () => {
    const reader = await client(users.reader);
    const first = await reader.get(`/api/v1/plans/${seeded.planId}/changes?limit=2`);
    expect(first.body.changes).toHaveLength(2);
    expect(first.body.nextBefore).toBe(first.body.changes[1].id);
    const second = await reader.get(
      `/api/v1/plans/${seeded.planId}/changes?limit=2&before=${first.body.nextBefore}`,
    );
    expect(second.body.changes.map((e: { action: string }) => e.action)).toEqual(['status', 'update']);
    const last = await reader.get(
      `/api/v1/plans/${seeded.planId}/changes?limit=2&before=${second.body.nextBefore}`,
    );
    expect(last.body).toMatchObject({ changes: [{ action: 'import' }], nextBefore: null });
    expect((await reader.get(`/api/v1/plans/${seeded.planId}/changes?limit=0`)).status).toBe(400);

    const stranger = await client('outsider@test.example');
    // The outsider was given a reader role on this very plan in beforeAll: a plan-scope role reads it.
    expect((await stranger.get(`/api/v1/plans/${seeded.planId}/changes`)).status).toBe(200);
    const other = await seedPermissionPlan(server.database, { title: 'Un autre plan' });
    expect((await stranger.get(`/api/v1/plans/${other.planId}/changes`)).status).toBe(404);
    expect((await new ApiClient(server.baseUrl).get(`/api/v1/plans/${other.planId}/changes`)).status).toBe(
      401,
    );
  });
});
