import { sql } from 'drizzle-orm';
import { readdirSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrationsFolder, openDatabase } from '../../src/db/connection.ts';
import { announceAccountChange } from '../../src/server/change-bus.ts';
import { createEmptyPostgresDatabase, databaseKinds } from '../db/test-database.ts';
import { startTcpProxy, type TcpProxy } from '../support/tcp-proxy.ts';
import { startServeProcess, type ServeProcess } from './serve-process.ts';
import {
  ApiClient,
  seedPermissionPlan,
  seedRoleUsers,
  startTestServer,
  TEST_PASSWORD,
  type SeededPlan,
  type TestServer,
} from './test-server.ts';
import { startPrivatePostgres, type PrivatePostgres } from '../support/private-postgres.ts';
import { timeUntil } from '../support/time-until.ts';

/**
 * PostgreSQL going away under a running server. The PostgreSQL of this machine is shared with
 * every other test, so it is not stopped: the server reaches it through a TCP relay the test cuts
 * (connections ended, new ones refused, as a stopped server does) and restores on the same port.
 */
describe('a jalon serve process whose PostgreSQL goes away and comes back', () => {
  let database: Awaited<ReturnType<typeof createEmptyPostgresDatabase>>;
  let proxy: TcpProxy;
  let server: ServeProcess;
  let seeded: SeededPlan;
  let users: Awaited<ReturnType<typeof seedRoleUsers>>;

  beforeAll(async () => {
    database = await createEmptyPostgresDatabase();
    const handle = await openDatabase({ url: database.url, poolSize: 2 });
    seeded = await seedPermissionPlan(handle);
    users = await seedRoleUsers(handle, seeded.institutionId);
    await handle.close();
    const real = new URL(database.url);
    proxy = await startTcpProxy({ host: real.hostname, port: Number(real.port || 5432) });
    const relayed = new URL(database.url);
    relayed.port = String(proxy.port);
    server = await startServeProcess({ DATABASE_URL: relayed.toString() });
  }, 120_000);
  afterAll(async () => {
    await server?.stop();
    await proxy?.close();
    await database?.drop();
  });

  it('answers 503 with a clear message while it is down, and serves again once it is back, without a restart', async () => {
    const coordinator = new ApiClient(server.baseUrl);
    expect((await coordinator.login(users.coordinator, TEST_PASSWORD)).status).toBe(200);
    const planPath = `/api/v1/plans/${seeded.planId}`;
    expect((await coordinator.get(planPath)).status).toBe(200);
    expect((await coordinator.get('/api/ready')).body).toMatchObject({ ready: true, database: 'postgres' });

    await proxy.cut();
    const read = await coordinator.get(planPath);
    expect(read.status).toBe(503);
    expect(read.headers.get('retry-after')).toBe('5');
    expect(read.body.error).toEqual({
      code: 'DATABASE_UNAVAILABLE',
      message:
        'La base de données est injoignable pour le moment : rien n’a été enregistré, réessayez dans quelques secondes.',
      field: null,
    });
    const write = await coordinator.request(
      'PATCH',
      `/api/v1/actions/${seeded.actions.mons}`,
      { revision: 1, changes: { priority: 3 } },
      { 'accept-language': 'en' },
    );
    expect(write.status).toBe(503);
    expect(write.body.error.message).toMatch(/^The database cannot be reached right now: nothing was saved/);
    expect((await coordinator.get('/api/ready')).status).toBe(503);
    // The process itself is alive: a restart policy must leave it be.
    expect((await coordinator.get('/api/health')).status).toBe(200);

    await proxy.restore();
    await timeUntil(async () => (await coordinator.get('/api/ready')).status === 200, 15_000);
    expect((await coordinator.get(planPath)).status).toBe(200);
    const retried = await coordinator.request('PATCH', `/api/v1/actions/${seeded.actions.mons}`, {
      revision: 1,
      changes: { priority: 3 },
    });
    expect(retried.status).toBe(200);
  });

  it('hears the other servers again after the outage: its change bus reconnected by itself', async () => {
    const reader = new ApiClient(server.baseUrl);
    expect((await reader.login(users.reader, TEST_PASSWORD)).status).toBe(200);
    expect((await reader.get('/api/v1/auth/me')).status).toBe(200);
    await proxy.cut();
    await proxy.restore();
    await timeUntil(async () => (await reader.get('/api/ready')).status === 200, 15_000);
    // Give the listener its own reconnection (0.1 s, then longer), then sign the reader out
    // elsewhere: straight in the database, announced as another server would.
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    expect((await reader.get('/api/v1/auth/me')).status).toBe(200);
    const elsewhere = await openDatabase({ url: database.url, poolSize: 1 });
    try {
      await elsewhere.db.execute(sql`delete from sessions`);
      await announceAccountChange(elsewhere.db, null);
    } finally {
      await elsewhere.close();
    }
    const took = await timeUntil(async () => (await reader.get('/api/v1/auth/me')).status === 401, 1_000);
    expect(took).toBeLessThan(1_000);
  });
});

describe('a jalon serve process whose PostgreSQL server is stopped and started again', () => {
  let postgres: PrivatePostgres;
  let server: ServeProcess;
  let seeded: SeededPlan;
  let users: Awaited<ReturnType<typeof seedRoleUsers>>;

  beforeAll(async () => {
    postgres = await startPrivatePostgres();
    const handle = await openDatabase({ url: postgres.url, poolSize: 2 });
    seeded = await seedPermissionPlan(handle);
    users = await seedRoleUsers(handle, seeded.institutionId);
    await handle.close();
    server = await startServeProcess({ DATABASE_URL: postgres.url });
  }, 120_000);
  afterAll(async () => {
    await server?.stop();
    await postgres?.destroy();
  });

  it('answers 503 while the server is down and serves again once it is started, without a restart of Jalon', async () => {
    const coordinator = new ApiClient(server.baseUrl);
    expect((await coordinator.login(users.coordinator, TEST_PASSWORD)).status).toBe(200);
    const planPath = `/api/v1/plans/${seeded.planId}`;
    expect((await coordinator.get(planPath)).status).toBe(200);

    await postgres.stop();
    const write = await coordinator.request('PATCH', `/api/v1/actions/${seeded.actions.mons}`, {
      revision: 1,
      changes: { priority: 3 },
    });
    expect(write.status).toBe(503);
    expect(write.body.error.code).toBe('DATABASE_UNAVAILABLE');
    expect((await coordinator.get('/api/ready')).status).toBe(503);
    expect((await coordinator.get('/api/health')).status).toBe(200);

    await postgres.start();
    await timeUntil(async () => (await coordinator.get('/api/ready')).status === 200, 15_000);
    // Nothing of the refused write was stored: the same revision is still the current one.
    const retried = await coordinator.request('PATCH', `/api/v1/actions/${seeded.actions.mons}`, {
      revision: 1,
      changes: { priority: 3 },
    });
    expect(retried.status).toBe(200);
    expect((await coordinator.get(planPath)).status).toBe(200);
  });
});

describe.each(databaseKinds)('readiness on %s', (kind) => {
  let test: TestServer;
  beforeAll(async () => {
    test = await startTestServer(kind);
  });
  afterAll(async () => {
    await test?.close();
  });

  it('says ready once the database answers and holds every migration', async () => {
    const migrations = readdirSync(migrationsFolder).filter((file) => file.endsWith('.sql')).length;
    const ready = await new ApiClient(test.baseUrl).get('/api/ready');
    expect(ready.status).toBe(200);
    expect(ready.body).toEqual({ ready: true, database: kind, migrations });
  });
});
