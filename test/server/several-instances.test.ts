import { readdirSync } from 'node:fs';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrationsFolder, openDatabase } from '../../src/db/connection.ts';
import { createEmptyPostgresDatabase } from '../db/test-database.ts';
import { startSmtpSink } from '../support/smtp-sink.ts';
import { startServeProcess, type ServeProcess } from './serve-process.ts';
import {
  ApiClient,
  seedPermissionPlan,
  seedRoleUsers,
  TEST_PASSWORD,
  type SeededPlan,
} from './test-server.ts';
import { timeUntil } from '../support/time-until.ts';

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
  let smtp: Awaited<ReturnType<typeof startSmtpSink>>;
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
    smtp = await startSmtpSink();
    // The day's reminders are due from midnight: both servers find them due as they start.
    const env = {
      DATABASE_URL: database.url,
      JALON_SMTP_HOST: '127.0.0.1',
      JALON_SMTP_PORT: String(smtp.port),
      JALON_REMINDER_HOUR: '0',
    };
    [a, b] = await Promise.all([startServeProcess(env), startServeProcess(env)]);
  }, 120_000);
  afterAll(async () => {
    await Promise.all([a?.stop(), b?.stop()]);
    await smtp?.close();
    await database?.drop();
  });

  it("sends the day's reminder digests once, though the job was due on both servers", async () => {
    await timeUntil(async () => smtp.received.length > 0, 20_000);
    // Leave the other server time to send a second copy, if it were to.
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    expect(smtp.received.map((mail) => mail.to)).toEqual([['anne@test.example']]);
    const runs = [a.output(), b.output()].filter((output) => /rappels : 1 envoyé/.test(output));
    expect(runs).toHaveLength(1);
  });

  it('counts sign-in attempts across both servers: ten a minute per address and e-mail, not ten each', async () => {
    const attempt = (server: ServeProcess) =>
      new ApiClient(server.baseUrl).login('nobody@test.example', 'not the password');
    const statuses: number[] = [];
    for (let i = 0; i < 6; i++) {
      statuses.push((await attempt(a)).status, (await attempt(b)).status);
    }
    expect(statuses.slice(0, 10)).toEqual(Array(10).fill(401));
    expect(statuses.slice(10)).toEqual([429, 429]);
    // Another e-mail from the same address is not held back.
    expect((await new ApiClient(b.baseUrl).login(users.coordinator, TEST_PASSWORD)).status).toBe(200);
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

describe('two jalon serve processes started at once on an empty PostgreSQL database', () => {
  it('migrate it once and load the demo data once, and both serve it', async () => {
    const database = await createEmptyPostgresDatabase();
    const servers: ServeProcess[] = [];
    try {
      const started = await Promise.allSettled([
        startServeProcess({ DATABASE_URL: database.url }, []),
        startServeProcess({ DATABASE_URL: database.url }, []),
      ]);
      for (const result of started) if (result.status === 'fulfilled') servers.push(result.value);
      for (const result of started) if (result.status === 'rejected') throw result.reason;
      const migrations = readdirSync(migrationsFolder).filter((file) => file.endsWith('.sql'));
      const client = new pg.Client({ connectionString: database.url });
      await client.connect();
      try {
        const applied = await client.query('select hash from drizzle.__drizzle_migrations');
        expect(applied.rows).toHaveLength(migrations.length);
        const admins = await client.query("select id from users where email = 'admin@jalon.example'");
        expect(admins.rows).toHaveLength(1);
        const plans = await client.query('select title from plans');
        expect(plans.rows).toHaveLength(2);
      } finally {
        await client.end();
      }
      // The demo accounts were printed by the one that loaded them.
      const printed = servers.filter((server) => /admin\s+admin@jalon\.example/.test(server.output()));
      expect(printed).toHaveLength(1);
      for (const server of servers) {
        expect((await fetch(`${server.baseUrl}/api/health`)).status).toBe(200);
      }
    } finally {
      await Promise.all(servers.map((server) => server.stop()));
      await database.drop();
    }
  }, 120_000);
});
