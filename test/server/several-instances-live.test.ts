import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/db/connection.ts';
import { createEmptyPostgresDatabase } from '../db/test-database.ts';
import { SseClient } from '../support/sse-client.ts';
import { startServeProcess, type ServeProcess } from './serve-process.ts';
import {
  ApiClient,
  seedPermissionPlan,
  seedRoleUsers,
  TEST_PASSWORD,
  type SeededPlan,
} from './test-server.ts';

describe('live streams across two jalon serve processes on one PostgreSQL database', () => {
  let database: Awaited<ReturnType<typeof createEmptyPostgresDatabase>>;
  let a: ServeProcess;
  let b: ServeProcess;
  let seeded: SeededPlan;
  let users: Awaited<ReturnType<typeof seedRoleUsers>>;
  const streams: SseClient[] = [];
  const signIn = async (server: ServeProcess, email: string) => {
    const client = new ApiClient(server.baseUrl);
    expect((await client.login(email, TEST_PASSWORD)).status).toBe(200);
    return client;
  };
  const openStream = async (server: ServeProcess, client: ApiClient, lastEventId: string | null = null) => {
    const stream = await SseClient.open(
      `${server.baseUrl}/api/v1/plans/${seeded.planId}/events`,
      { cookie: client.cookie! },
      lastEventId,
    );
    expect(stream.status).toBe(200);
    streams.push(stream);
    await stream.until((events) => events.find((e) => e.event === 'presence'));
    return stream;
  };

  beforeAll(async () => {
    database = await createEmptyPostgresDatabase();
    const handle = await openDatabase({ url: database.url, poolSize: 2 });
    seeded = await seedPermissionPlan(handle);
    users = await seedRoleUsers(handle, seeded.institutionId);
    await handle.close();
    const env = { DATABASE_URL: database.url };
    [a, b] = await Promise.all([startServeProcess(env), startServeProcess(env)]);
  }, 120_000);
  afterAll(async () => {
    await Promise.all(streams.map((s) => s.close()));
    await Promise.all([a?.stop(), b?.stop()]);
    await database?.drop();
  });

  it('brings a status changed on A to a stream on B within a second', async () => {
    const reader = await signIn(b, users.reader);
    const stream = await openStream(b, reader);
    const editor = await signIn(a, users.site_editor);
    const revision = (await editor.get(`/api/v1/plans/${seeded.planId}`)).body.revisions[seeded.actions.lln];
    const written = performance.now();
    const res = await editor.request('POST', `/api/v1/actions/${seeded.actions.lln}/status`, {
      revision,
      status: 'done',
      date: '2026-06-30',
    });
    expect(res.status).toBe(200);
    const event = await stream.until((events) => events.find((e) => e.event === 'change'), 1_000);
    expect(event.at - written).toBeLessThan(1_000);
    expect(event.data.change).toMatchObject({
      action: 'status',
      objectId: seeded.actions.lln,
      user: { name: 'Éditeur LLN' },
      status: { to: 'done' },
    });
  });

  it('resumes on B, with Last-Event-ID, a stream dropped on A, without missing what was written meanwhile', async () => {
    const coordinator = await signIn(a, users.coordinator);
    const onA = await openStream(a, coordinator);
    const edit = async (server: ServeProcess, status: string) => {
      const c = server === a ? coordinator : await signIn(b, users.coordinator);
      const revision = (await c.get(`/api/v1/plans/${seeded.planId}`)).body.revisions[seeded.actions.mons];
      const res = await c.request('POST', `/api/v1/actions/${seeded.actions.mons}/status`, {
        revision,
        status,
        date: '2026-06-30',
      });
      expect(res.status).toBe(200);
    };
    await edit(a, 'in_progress');
    await onA.until((events) => events.find((e) => e.event === 'change'));
    await onA.close();
    await edit(a, 'done');
    await edit(b, 'planned');
    const sameSessionOnB = new ApiClient(b.baseUrl);
    sameSessionOnB.cookie = coordinator.cookie;
    const onB = await openStream(b, sameSessionOnB, onA.lastEventId);
    const replayed = await onB.until((events) => {
      const changes = events.filter((e) => e.event === 'change');
      return changes.length >= 2 && changes;
    });
    expect(replayed.map((e) => e.data.change.status.to)).toEqual(['done', 'planned']);
  });

  it('shows on B who is editing a row, said on A, and that they stopped', async () => {
    const reader = await signIn(b, users.reader);
    const stream = await openStream(b, reader);
    const contributor = await signIn(a, users.contributor);
    const said = performance.now();
    const res = await contributor.request('POST', `/api/v1/plans/${seeded.planId}/presence`, {
      objectId: seeded.actions.lln,
    });
    expect(res.status).toBe(200);
    const editing = await stream.until(
      (events) => events.find((e) => e.event === 'presence' && e.data.editors.length > 0),
      1_000,
    );
    expect(editing.at - said).toBeLessThan(1_000);
    expect(editing.data.editors).toEqual([
      { user: { id: expect.any(String), name: 'Anne Contributrice' }, objectId: seeded.actions.lln },
    ]);
    await contributor.request('POST', `/api/v1/plans/${seeded.planId}/presence`, { objectId: null });
    await stream.until(
      (events) => events.at(-1)?.event === 'presence' && events.at(-1)!.data.editors.length === 0,
      1_000,
    );
  });
});
