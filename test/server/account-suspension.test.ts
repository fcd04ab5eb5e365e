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

describe.each(databaseKinds)('suspended accounts on %s', (kind) => {
  let server: TestServer;
  let seeded: SeededPlan;
  let users: Awaited<ReturnType<typeof seedRoleUsers>>;
  let admin: ApiClient;
  let adminId: string;
  const client = async (email: string) => {
    const c = new ApiClient(server.baseUrl);
    expect((await c.login(email, TEST_PASSWORD)).status).toBe(200);
    return c;
  };

  beforeAll(async () => {
    server = await startTestServer(kind);
    seeded = await seedPermissionPlan(server.database);
    users = await seedRoleUsers(server.database, seeded.institutionId);
    admin = await client(users.admin);
    adminId = (await admin.get('/api/v1/auth/me')).body.user.id;
  });
  afterAll(async () => {
    await server?.close();
  });

  it('refuses a suspended account its session, its token and its password, keeps its name, and lets it back', async () => {
    const contributor = await client(users.contributor);
    const contributorId = (await contributor.get('/api/v1/auth/me')).body.user.id as string;
    const token = (await contributor.request('POST', '/api/v1/auth/tokens', { name: 'script' })).body
      .secret as string;
    const script = new ApiClient(server.baseUrl);
    script.bearer = token;
    expect((await script.get('/api/v1/plans')).status).toBe(200);
    expect(
      (
        await contributor.request('POST', `/api/v1/actions/${seeded.actions.lln}/comments`, {
          text: 'Tutorat lancé',
        })
      ).status,
    ).toBe(201);
    // The session is cached now: the suspension must still reach it on the next request.
    expect((await contributor.get(`/api/v1/plans/${seeded.planId}`)).status).toBe(200);

    const suspended = await admin.request('POST', `/api/v1/users/${contributorId}/suspend`);
    expect(suspended.status).toBe(200);
    expect(suspended.body.user.suspendedAt).toEqual(expect.any(String));

    const session = await contributor.get(`/api/v1/plans/${seeded.planId}`);
    expect(session.status).toBe(401);
    const byToken = await script.get('/api/v1/plans');
    expect(byToken.status).toBe(401);
    expect(byToken.body.error).toMatchObject({ code: 'UNAUTHENTICATED' });
    expect(byToken.body.error.message).toBe(
      'Ce compte est suspendu : adressez-vous à un administrateur de Jalon.',
    );
    const english = await script.request('GET', '/api/v1/plans', undefined, { 'accept-language': 'en' });
    expect(english.body.error.message).toBe('This account is suspended: ask a Jalon administrator.');

    const signIn = await new ApiClient(server.baseUrl).login(users.contributor, TEST_PASSWORD);
    expect(signIn.status).toBe(401);
    expect(signIn.body.error.message).toContain('suspendu');
    // Without the password nobody learns the account is suspended.
    const wrong = await new ApiClient(server.baseUrl).login(users.contributor, 'not the password');
    expect(wrong.body.error.message).toBe('E-mail ou mot de passe incorrect.');

    // Its name stays on what it wrote, and the administration lists it as suspended.
    const history = await admin.get(`/api/v1/actions/${seeded.actions.lln}/history`);
    expect(history.body.entries.find((e: { kind: string }) => e.kind === 'comment')).toMatchObject({
      comment: 'Tutorat lancé',
      user: { id: contributorId, name: 'Anne Contributrice' },
    });
    const listed = (await admin.get('/api/v1/users')).body.users.find(
      (u: { id: string }) => u.id === contributorId,
    );
    expect(listed.suspendedAt).toEqual(expect.any(String));
    expect((await admin.request('POST', `/api/v1/users/${contributorId}/suspend`)).status).toBe(409);

    const reactivated = await admin.request('POST', `/api/v1/users/${contributorId}/reactivate`);
    expect(reactivated.status).toBe(200);
    expect(reactivated.body.user.suspendedAt).toBeNull();
    // The session closed by the suspension stays closed; signing in again works, and so does the token.
    expect((await contributor.get('/api/v1/auth/me')).status).toBe(401);
    const again = await client(users.contributor);
    expect((await again.get(`/api/v1/plans/${seeded.planId}`)).status).toBe(200);
    expect((await script.get('/api/v1/plans')).status).toBe(200);
    expect((await admin.request('POST', `/api/v1/users/${contributorId}/reactivate`)).status).toBe(409);

    // The audit log says who suspended whom, and who reactivated them.
    const audit = await server.database.db
      .select()
      .from(auditLog)
      .where(sql`${auditLog.objectType} = 'user' and ${auditLog.objectId} = ${contributorId}`);
    expect(audit.filter((e) => e.action === 'suspend' || e.action === 'reactivate')).toEqual([
      expect.objectContaining({
        action: 'suspend',
        userId: adminId,
        after: expect.objectContaining({ email: users.contributor, suspendedBy: adminId }),
      }),
      expect.objectContaining({ action: 'reactivate', userId: adminId }),
    ]);
  });

  it('lets only admins suspend and reactivate, never themselves', async () => {
    const coordinator = await client(users.coordinator);
    const readerId = (await (await client(users.reader)).get('/api/v1/auth/me')).body.user.id as string;
    const refused = await coordinator.request('POST', `/api/v1/users/${readerId}/suspend`);
    expect(refused.status).toBe(403);
    expect(refused.body.error.message).toBe(
      'Suspendre ou réactiver un compte est réservé aux administrateurs.',
    );
    const self = await admin.request('POST', `/api/v1/users/${adminId}/suspend`);
    expect(self.status).toBe(400);
    expect(self.body.error.message).toBe('Vous ne pouvez pas suspendre votre propre compte.');
    expect((await admin.request('POST', '/api/v1/users/nobody/suspend')).status).toBe(404);

    // An admin may suspend another admin; the one left active can reactivate them.
    const second = await admin.request('POST', '/api/v1/users', {
      email: 'second-admin@test.example',
      name: 'Deuxième admin',
      role: 'admin',
      password: TEST_PASSWORD,
    });
    expect(second.status).toBe(201);
    const secondAdmin = await client('second-admin@test.example');
    expect((await secondAdmin.request('POST', `/api/v1/users/${adminId}/suspend`)).status).toBe(200);
    expect((await admin.get('/api/v1/users')).status).toBe(401);
    expect((await secondAdmin.request('POST', `/api/v1/users/${adminId}/reactivate`)).status).toBe(200);
    admin = await client(users.admin);
    expect((await admin.get('/api/v1/users')).status).toBe(200);
  });
});
