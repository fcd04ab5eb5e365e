import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditLog } from '../../src/db/schema/index.ts';
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

describe.each(databaseKinds)('organisation and accounts over HTTP on %s', (kind) => {
  let server: TestServer;
  let seeded: SeededPlan;
  let users: Awaited<ReturnType<typeof seedRoleUsers>>;
  let admin: ApiClient;
  const client = async (email: string) => {
    const c = new ApiClient(server.baseUrl);
    expect((await c.login(email, TEST_PASSWORD)).status).toBe(200);
    return c;
  };
  const auditOf = async (objectType: string, objectId: string) =>
    server.database.db
      .select()
      .from(auditLog)
      .where(sql`${auditLog.objectType} = ${objectType} and ${auditLog.objectId} = ${objectId}`);

  beforeAll(async () => {
    server = await startTestServer(kind);
    seeded = await seedPermissionPlan(server.database);
    users = await seedRoleUsers(server.database, seeded.institutionId);
    admin = await client(users.admin);
  });
  afterAll(async () => {
    await server?.close();
  });

  it('creates institutions, programmes and sites through commands that leave an audit entry', async () => {
    const institution = await admin.request('POST', '/api/v1/institutions', { name: 'Université de test' });
    expect(institution.status).toBe(201);
    const institutionId = institution.body.institution.id as string;
    expect((await admin.request('POST', '/api/v1/institutions', { name: 'université DE TEST' })).status).toBe(
      409,
    );
    const programme = await admin.request('POST', '/api/v1/programmes', {
      institutionId,
      name: 'Master en sciences',
    });
    expect(programme.status).toBe(201);
    expect(programme.body.programme).toMatchObject({ institutionId, name: 'Master en sciences' });
    const unknown = await admin.request('POST', '/api/v1/programmes', { institutionId: 'nope', name: 'x' });
    expect(unknown.status).toBe(400);
    expect(unknown.body.error.field).toBe('institutionId');
    const site = await admin.request('POST', '/api/v1/sites', { institutionId, code: 'NAM', name: 'Namur' });
    expect(site.status).toBe(201);
    const duplicate = await admin.request('POST', '/api/v1/sites', {
      institutionId,
      code: 'NAM',
      name: 'Namur bis',
    });
    expect(duplicate.status).toBe(409);
    expect(duplicate.body.error.field).toBe('code');
    expect(
      (await admin.request('POST', '/api/v1/sites', { institutionId: 'nope', code: 'X', name: 'X' })).status,
    ).toBe(400);

    expect(await auditOf('institution', institutionId)).toHaveLength(1);
    expect(await auditOf('programme', programme.body.programme.id)).toHaveLength(1);
    expect(await auditOf('site', site.body.site.id)).toEqual([
      expect.objectContaining({ action: 'create', after: expect.objectContaining({ code: 'NAM' }) }),
    ]);
    expect((await admin.get('/api/v1/programmes')).body.programmes).toContainEqual(programme.body.programme);
    const coordinator = await client(users.coordinator);
    expect((await coordinator.request('POST', '/api/v1/institutions', { name: 'Autre' })).status).toBe(403);
  });

  it('revokes a role: the user loses access to the plan at once', async () => {
    const editor = await client(users.site_editor);
    expect((await editor.get(`/api/v1/plans/${seeded.planId}`)).status).toBe(200);
    const list = await admin.get(`/api/v1/memberships?scope=institution&scopeId=${seeded.institutionId}`);
    const membership = list.body.memberships.find((m: { role: string }) => m.role === 'site_editor');
    expect((await editor.request('DELETE', `/api/v1/memberships/${membership.id}`)).status).toBe(403);
    expect((await admin.request('DELETE', `/api/v1/memberships/${membership.id}`)).status).toBe(200);
    expect((await editor.get(`/api/v1/plans/${seeded.planId}`)).status).toBe(404);
    expect((await admin.request('DELETE', `/api/v1/memberships/${membership.id}`)).status).toBe(404);
    expect(await auditOf('membership', membership.id)).toEqual([
      expect.objectContaining({ action: 'revoke', before: expect.objectContaining({ role: 'site_editor' }) }),
    ]);
  });

  it('deletes an account: its sessions and tokens stop working, what it wrote stays', async () => {
    const reader = await client(users.reader);
    const token = (await reader.request('POST', '/api/v1/auth/tokens', { name: 'script' })).body
      .secret as string;
    const readerId = (await reader.get('/api/v1/auth/me')).body.user.id as string;
    const contributor = await client(users.contributor);
    await contributor.request('POST', `/api/v1/actions/${seeded.actions.lln}/comments`, {
      text: 'commentaire',
    });
    const contributorId = (await contributor.get('/api/v1/auth/me')).body.user.id as string;

    expect((await reader.request('DELETE', `/api/v1/users/${contributorId}`)).status).toBe(403);
    expect((await admin.request('DELETE', `/api/v1/users/${readerId}`)).status).toBe(200);
    expect((await reader.get('/api/v1/auth/me')).status).toBe(401);
    const script = new ApiClient(server.baseUrl);
    script.bearer = token;
    expect((await script.get('/api/v1/plans')).status).toBe(401);
    expect((await new ApiClient(server.baseUrl).login(users.reader, TEST_PASSWORD)).status).toBe(401);
    expect((await admin.request('DELETE', `/api/v1/users/${readerId}`)).status).toBe(404);

    expect((await admin.request('DELETE', `/api/v1/users/${contributorId}`)).status).toBe(200);
    const history = await admin.get(`/api/v1/actions/${seeded.actions.lln}/history`);
    expect(history.body.entries.find((e: { kind: string }) => e.kind === 'comment')).toMatchObject({
      comment: 'commentaire',
      user: { id: contributorId, name: 'compte supprimé' },
    });
    const adminId = (await admin.get('/api/v1/auth/me')).body.user.id as string;
    const self = await admin.request('DELETE', `/api/v1/users/${adminId}`);
    expect(self.status).toBe(400);
    expect(self.body.error.message).toContain('propre compte');
    expect(await auditOf('user', readerId)).toContainEqual(
      expect.objectContaining({ action: 'delete', before: expect.objectContaining({ email: users.reader }) }),
    );
  });
});
