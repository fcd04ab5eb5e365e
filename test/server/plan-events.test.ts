import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databaseKinds } from '../db/test-database.ts';
import { SseClient } from '../support/sse-client.ts';
import {
  ApiClient,
  seedPermissionPlan,
  seedRoleUsers,
  startTestServer,
  TEST_PASSWORD,
  type SeededPlan,
  type TestServer,
} from './test-server.ts';

const METRICS_TOKEN = 'live-stream-metrics-token';

/** The jalon_sse_clients gauge as /metrics shows it. */
async function openStreamsMetric(baseUrl: string): Promise<number> {
  const text = await (
    await fetch(`${baseUrl}/metrics`, { headers: { authorization: `Bearer ${METRICS_TOKEN}` } })
  ).text();
  const line = /^jalon_sse_clients (\d+)$/m.exec(text);
  if (!line) throw new Error(`no jalon_sse_clients in /metrics:\n${text.slice(0, 500)}`);
  return Number(line[1]);
}

describe.each(databaseKinds)('the live stream of a plan on %s', (kind) => {
  let server: TestServer;
  let closed = false;
  let seeded: SeededPlan;
  let users: Awaited<ReturnType<typeof seedRoleUsers>>;
  const streams: SseClient[] = [];
  const client = async (email: string) => {
    const c = new ApiClient(server.baseUrl);
    expect((await c.login(email, TEST_PASSWORD)).status).toBe(200);
    return c;
  };
  const openStream = async (
    c: ApiClient | null,
    lastEventId: string | null = null,
    planId = seeded.planId,
  ) => {
    const stream = await SseClient.open(
      `${server.baseUrl}/api/v1/plans/${planId}/events`,
      c?.cookie ? { cookie: c.cookie } : {},
      lastEventId,
    );
    streams.push(stream);
    return stream;
  };
  /** The action's current revision, as the page would know it. */
  const revisionOf = async (c: ApiClient, actionId: string): Promise<number> =>
    (await c.get(`/api/v1/plans/${seeded.planId}`)).body.revisions[actionId];
  const setStatus = async (c: ApiClient, actionId: string, status: string) => {
    const res = await c.request('POST', `/api/v1/actions/${actionId}/status`, {
      revision: await revisionOf(c, actionId),
      status,
      date: '2026-06-30',
    });
    expect(res.status).toBe(200);
  };
  const editAction = async (c: ApiClient, actionId: string, changes: object) => {
    const res = await c.request('PATCH', `/api/v1/actions/${actionId}`, {
      revision: await revisionOf(c, actionId),
      changes,
    });
    expect(res.status).toBe(200);
  };

  beforeAll(async () => {
    server = await startTestServer(kind, { metricsToken: METRICS_TOKEN });
    seeded = await seedPermissionPlan(server.database);
    users = await seedRoleUsers(server.database, seeded.institutionId);
  });
  afterAll(async () => {
    await Promise.all(streams.map((s) => s.close()));
    if (!closed) await server?.close();
  });

  it('sends a change made by someone else at once: who, what, its id, in words only', async () => {
    const coordinator = await client(users.coordinator);
    const editor = await client(users.site_editor);
    const stream = await openStream(coordinator);
    expect(stream.status).toBe(200);
    expect(stream.headers?.get('content-type')).toMatch(/^text\/event-stream/);
    expect(stream.headers?.get('x-accel-buffering')).toBe('no');
    expect(stream.headers?.get('cache-control')).toContain('no-cache');
    // Who is editing what is the first thing a stream says.
    await stream.until((events) => events.find((e) => e.event === 'presence'));

    await setStatus(editor, seeded.actions.lln, 'done');
    const [event] = await stream.until((events) => {
      const changes = events.filter((e) => e.event === 'change');
      return changes.length > 0 && changes;
    });
    expect(event!.id).toMatch(/^\d+$/);
    expect(event!.data).toMatchObject({
      change: {
        id: event!.id,
        action: 'status',
        objectType: 'action',
        objectId: seeded.actions.lln,
        user: { name: 'Éditeur LLN' },
        label: 'LLN : tutorat par les pairs',
        status: { from: 'in_progress', to: 'done' },
      },
    });
    const plan = await coordinator.get(`/api/v1/plans/${seeded.planId}`);
    expect(event!.data.planRevision).toBe(plan.body.planRevision);
  });

  it('replays, on reconnection with Last-Event-ID, every change missed in between, once and in order', async () => {
    const reader = await client(users.reader);
    const coordinator = await client(users.coordinator);
    const first = await openStream(reader);
    await first.until((events) => events.find((e) => e.event === 'presence'));
    await setStatus(coordinator, seeded.actions.mons, 'in_progress');
    await first.until((events) => events.find((e) => e.event === 'change'));
    const resumeFrom = first.lastEventId!;
    await first.close();

    // While the reader is away: a status, a comment, an edit, a new objective.
    await setStatus(coordinator, seeded.actions.mons, 'done');
    expect(
      (
        await coordinator.request('POST', `/api/v1/actions/${seeded.actions.common}/comments`, {
          text: 'Charte signée',
        })
      ).status,
    ).toBe(201);
    await editAction(coordinator, seeded.actions.common, { text: 'Action commune : charte de stage signée' });
    const missed = (await coordinator.get(`/api/v1/plans/${seeded.planId}/changes?limit=3`)).body.changes
      .map((c: { id: string }) => c.id)
      .toReversed();

    const again = await openStream(reader, resumeFrom);
    const replayed = await again.until((events) => {
      const changes = events.filter((e) => e.event === 'change');
      return changes.length >= 3 && changes;
    });
    expect(replayed.map((e) => e.id)).toEqual(missed);
    expect(replayed.map((e) => e.data.change.action)).toEqual(['status', 'comment', 'update']);
    expect(replayed.map((e) => Number(e.id))).toEqual(
      replayed.map((e) => Number(e.id)).toSorted((x, y) => x - y),
    );
    expect(replayed.every((e) => Number(e.id) > Number(resumeFrom))).toBe(true);
    // The comment's text stays with the comments endpoint.
    expect(JSON.stringify(replayed)).not.toContain('Charte signée');

    // Then it goes on live, without sending any of the replayed changes again.
    await setStatus(coordinator, seeded.actions.mons, 'planned');
    const all = await again.until((events) => {
      const changes = events.filter((e) => e.event === 'change');
      return changes.length >= 4 && changes;
    });
    expect(all.map((e) => e.id)).toEqual([
      ...missed,
      (await coordinator.get(`/api/v1/plans/${seeded.planId}/changes?limit=1`)).body.changes[0].id,
    ]);
    expect(new Set(all.map((e) => e.id)).size).toBe(all.length);
  });

  it('never carries an internal note to a reader, nor an edit of notes only', async () => {
    const reader = await client(users.reader);
    const coordinator = await client(users.coordinator);
    const readerStream = await openStream(reader);
    const coordinatorStream = await openStream(coordinator);
    await readerStream.until((events) => events.find((e) => e.event === 'presence'));
    await coordinatorStream.until((events) => events.find((e) => e.event === 'presence'));

    await editAction(coordinator, seeded.actions.lln, { notes: 'Secret : budget à revoir' });
    await editAction(coordinator, seeded.actions.lln, { notes: 'Secret : budget revu', priority: 3 });
    const coordinatorSaw = await coordinatorStream.until((events) => {
      const changes = events.filter((e) => e.event === 'change');
      return changes.length >= 2 && changes;
    });
    expect(coordinatorSaw.map((e) => e.data.change.fields)).toEqual([[], ['priority']]);
    const readerSaw = await readerStream.until((events) => {
      const changes = events.filter((e) => e.event === 'change');
      return changes.length >= 1 && changes;
    });
    // Give the notes-only edit every chance to arrive, were it sent.
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(readerStream.changes()).toHaveLength(1);
    expect(readerSaw[0]!.data.change).toMatchObject({ action: 'update', fields: ['priority'] });
    const text = JSON.stringify(readerStream.events) + JSON.stringify(coordinatorStream.events);
    expect(text).not.toContain('Secret');
    expect(text).not.toContain('Note interne');
    expect(text).not.toContain('notes');
  });

  it('tells every stream of the plan who is editing which action, until they stop', async () => {
    const reader = await client(users.reader);
    const contributor = await client(users.contributor);
    const stream = await openStream(reader);
    await stream.until((events) => events.find((e) => e.event === 'presence'));
    const said = await contributor.request('POST', `/api/v1/plans/${seeded.planId}/presence`, {
      objectId: seeded.actions.lln,
    });
    expect(said).toMatchObject({ status: 200, body: { ok: true, expiresInSeconds: 30 } });
    const editing = await stream.until((events) =>
      events.find((e) => e.event === 'presence' && e.data.editors.length > 0),
    );
    expect(editing.data.editors).toEqual([
      { user: { id: expect.any(String), name: 'Anne Contributrice' }, objectId: seeded.actions.lln },
    ]);
    // A stream opened now learns it at once.
    const late = await openStream(reader);
    const first = await late.until((events) => events.find((e) => e.event === 'presence'));
    expect(first.data.editors).toHaveLength(1);

    await contributor.request('POST', `/api/v1/plans/${seeded.planId}/presence`, { objectId: null });
    await stream.until(
      (events) => events.at(-1)?.event === 'presence' && events.at(-1)!.data.editors.length === 0,
    );

    // A reader edits nothing; someone without a role on the plan does not learn it exists.
    expect(
      (await reader.request('POST', `/api/v1/plans/${seeded.planId}/presence`, { objectId: null })).status,
    ).toBe(403);
    expect(
      (await contributor.request('POST', `/api/v1/plans/${seeded.planId}/presence`, { objectId: 7 })).status,
    ).toBe(400);
  });

  it('answers 401 without a session and 404 to someone with no role on the plan', async () => {
    expect((await openStream(null)).status).toBe(401);
    const outsider = await client(users.outsider);
    expect((await openStream(outsider)).status).toBe(404);
    const other = await seedPermissionPlan(server.database, { title: 'Un autre plan' });
    const reader = await client(users.reader);
    // The reader's role is on the institution: the other plan is there too.
    expect((await openStream(reader, null, other.planId)).status).toBe(200);
    expect((await openStream(outsider, null, other.planId)).status).toBe(404);
  });

  it('ends a stream when its session is signed out, and refuses the reconnection', async () => {
    const reader = await client(users.reader);
    const stream = await openStream(reader);
    await stream.until((events) => events.find((e) => e.event === 'presence'));
    expect((await reader.request('POST', '/api/v1/auth/logout', {})).status).toBe(200);
    await stream.ending(2_000);
    expect(stream.ended).toBe(true);
    // What the browser's automatic reconnection would get with the old cookie.
    expect((await openStream(reader, stream.lastEventId)).status).toBe(401);
  });

  it('counts open streams in /metrics, down again when one closes', async () => {
    const reader = await client(users.reader);
    const before = await openStreamsMetric(server.baseUrl);
    const one = await openStream(reader);
    await openStream(reader);
    await one.until((events) => events.find((e) => e.event === 'presence'));
    expect(await openStreamsMetric(server.baseUrl)).toBe(before + 2);
    await one.close();
    for (let i = 0; i < 50 && (await openStreamsMetric(server.baseUrl)) !== before + 1; i++) {
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    expect(await openStreamsMetric(server.baseUrl)).toBe(before + 1);
  });

  it('ends its streams when the server closes, so that shutting down does not wait for them', async () => {
    const reader = await client(users.reader);
    const stream = await openStream(reader);
    await stream.until((events) => events.find((e) => e.event === 'presence'));
    const started = performance.now();
    closed = true;
    await server.close();
    await stream.ending(2_000);
    expect(stream.ended).toBe(true);
    expect(performance.now() - started).toBeLessThan(3_000);
  });
});
