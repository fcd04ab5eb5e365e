import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/db/connection.ts';
import { createEmptyPostgresDatabase } from '../db/test-database.ts';
import { startServeProcess, type ServeProcess } from './serve-process.ts';
import {
  ApiClient,
  seedPermissionPlan,
  seedRoleUsers,
  TEST_PASSWORD,
  type SeededPlan,
} from './test-server.ts';

/** Asks until `check` holds, for at most `withinMs`: how long it took. */
async function timeUntil(check: () => Promise<boolean>, withinMs: number): Promise<number> {
  const started = Date.now();
  for (;;) {
    if (await check()) return Date.now() - started;
    if (Date.now() - started > withinMs) throw new Error(`still not so after ${withinMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

function actionText(body: any, actionId: string): string | undefined {
  const walk = (objectives: any[]): any[] =>
    objectives.flatMap((o) => [...(o.actions ?? []), ...walk(o.objectives ?? [])]);
  const actions = body.plan.axes.flatMap((axis: any) => walk(axis.objectives));
  return actions.find((a: any) => a.id === actionId)?.text;
}

describe('two jalon serve processes on one PostgreSQL database', () => {
  let database: Awaited<ReturnType<typeof createEmptyPostgresDatabase>>;
  let a: ServeProcess;
  let b: ServeProcess;
  let seeded: SeededPlan;
  let users: Awaited<ReturnType<typeof seedRoleUsers>>;
  const signIn = async (server: ServeProcess, email: string) => {
    const client = new ApiClient(server.baseUrl);
    expect((await client.login(email, TEST_PASSWORD)).status).toBe(200);
    return client;
  };
  /** The same browser session sent to the other instance (as a proxy without stickiness does). */
  const sameSessionOn = (client: ApiClient, server: ServeProcess) => {
    const other = new ApiClient(server.baseUrl);
    other.cookie = client.cookie;
    other.csrfToken = client.csrfToken;
    return other;
  };

  beforeAll(async () => {
    database = await createEmptyPostgresDatabase();
    const handle = await openDatabase({ url: database.url, poolSize: 2 });
    seeded = await seedPermissionPlan(handle);
    users = await seedRoleUsers(handle, seeded.institutionId);
    await handle.close();
    [a, b] = await Promise.all([
      startServeProcess({ DATABASE_URL: database.url }),
      startServeProcess({ DATABASE_URL: database.url }),
    ]);
  }, 120_000);
  afterAll(async () => {
    await Promise.all([a?.stop(), b?.stop()]);
    await database?.drop();
  });

  it('reads on B, at once, what was written on A, though B had the plan in its cache', async () => {
    const onA = await signIn(a, users.coordinator);
    const onB = sameSessionOn(onA, b);
    const before = await onB.get(`/api/v1/plans/${seeded.planId}`);
    expect(actionText(before.body, seeded.actions.mons)).toBe('MONS : ateliers de méthode');

    const patched = await onA.request('PATCH', `/api/v1/actions/${seeded.actions.mons}`, {
      revision: before.body.revisions[seeded.actions.mons],
      changes: { text: 'MONS : ateliers de méthode, écrits sur A' },
    });
    expect(patched.status).toBe(200);
    const after = await onB.get(`/api/v1/plans/${seeded.planId}`);
    expect(actionText(after.body, seeded.actions.mons)).toBe('MONS : ateliers de méthode, écrits sur A');
    expect(after.body.planRevision).toBeGreaterThan(before.body.planRevision);
  });

  it('refuses on B, within a second, a role revoked on A', async () => {
    const admin = await signIn(a, users.admin);
    const outsiderId = (await admin.get('/api/v1/users')).body.users.find(
      (u: { email: string }) => u.email === users.outsider,
    ).id;
    const granted = await admin.request('POST', '/api/v1/memberships', {
      userId: outsiderId,
      scope: 'plan',
      scopeId: seeded.planId,
      role: 'reader',
    });
    expect(granted.status).toBe(201);
    const outsiderOnB = await signIn(b, users.outsider);
    // B now holds the outsider's session with its reader role in its cache (kept 5 s).
    expect((await outsiderOnB.get(`/api/v1/plans/${seeded.planId}`)).status).toBe(200);

    expect((await admin.request('DELETE', `/api/v1/memberships/${granted.body.membership.id}`)).status).toBe(
      200,
    );
    const took = await timeUntil(
      async () => (await outsiderOnB.get(`/api/v1/plans/${seeded.planId}`)).status === 404,
      1_000,
    );
    expect(took).toBeLessThan(1_000);
  });

  it('refuses on B, within a second, a session signed out on A', async () => {
    const onA = await signIn(a, users.reader);
    const onB = sameSessionOn(onA, b);
    expect((await onB.get('/api/v1/auth/me')).status).toBe(200);

    expect((await onA.request('POST', '/api/v1/auth/logout', {})).status).toBe(200);
    const took = await timeUntil(async () => (await onB.get('/api/v1/auth/me')).status === 401, 1_000);
    expect(took).toBeLessThan(1_000);
  });

  it('confirms on B an import previewed on A, and A then lets the importer coordinate it', async () => {
    const onA = await signIn(a, users.coordinator);
    const onB = sameSessionOn(onA, b);
    const tsv =
      'Description des actions\tDegré de priorité\tResponsable(s)\nRevoir les fiches UE\t**\tCoordination\n';
    const preview = await onA.request('POST', '/api/v1/imports', { text: tsv, format: 'tsv' });
    expect(preview.status).toBe(201);

    const confirmed = await onB.request('POST', `/api/v1/imports/${preview.body.importId}/confirm`, {
      title: 'Plan importé sur A, confirmé sur B',
    });
    expect(confirmed.status).toBe(201);
    // A had this session cached without the new plan's coordinator role.
    await timeUntil(async () => {
      const read = await onA.get(`/api/v1/plans/${confirmed.body.planId}`);
      return read.status === 200 && read.body.permissions.canEditPlan === true;
    }, 1_000);
    const read = await onA.get(`/api/v1/plans/${confirmed.body.planId}`);
    expect(read.body.plan.title).toBe('Plan importé sur A, confirmé sur B');
  });
});
