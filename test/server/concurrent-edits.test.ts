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

const CLIENTS = 12;

describe.each(databaseKinds)('concurrent edits of one action on %s', (kind) => {
  let server: TestServer;
  let seeded: SeededPlan;
  const clients: ApiClient[] = [];

  beforeAll(async () => {
    server = await startTestServer(kind, { poolSize: 8 });
    seeded = await seedPermissionPlan(server.database);
    const users = await seedRoleUsers(server.database, seeded.institutionId);
    for (let i = 0; i < CLIENTS; i++) {
      const c = new ApiClient(server.baseUrl);
      expect((await c.login(users.coordinator, TEST_PASSWORD)).status).toBe(200);
      clients.push(c);
    }
  });
  afterAll(async () => {
    await server?.close();
  });

  const readRevision = async (c: ApiClient, actionId: string) =>
    (await c.get(`/api/v1/plans/${seeded.planId}`)).body.revisions[actionId] as number;

  it('lets exactly one of the clients that read the same revision win; the others get 409 with the winner’s state', async () => {
    const actionId = seeded.actions.common;
    for (let round = 0; round < 4; round++) {
      const revisions = await Promise.all(clients.map((c) => readRevision(c, actionId)));
      expect(new Set(revisions).size).toBe(1);
      const responses = await Promise.all(
        clients.map((c, i) =>
          c.request('PATCH', `/api/v1/actions/${actionId}`, {
            revision: revisions[0],
            changes: { text: `round ${round} client ${i}` },
          }),
        ),
      );
      const winners = responses.filter((r) => r.status === 200);
      const losers = responses.filter((r) => r.status === 409);
      expect(winners).toHaveLength(1);
      expect(losers).toHaveLength(CLIENTS - 1);
      const winnerText = winners[0]!.body.action.text;
      for (const loser of losers) {
        expect(loser.body.current).toEqual({
          revision: revisions[0]! + 1,
          action: expect.objectContaining({ text: winnerText }),
        });
      }
    }
    const history = await clients[0]!.get(`/api/v1/actions/${actionId}/history`);
    const edits = history.body.entries.filter((e: { kind: string }) => e.kind === 'edit');
    expect(edits).toHaveLength(4);
    // Each edit starts from the previous winner's text: nothing was overwritten unseen.
    for (let i = 1; i < edits.length; i++) expect(edits[i].before.text).toBe(edits[i - 1].after.text);
  });

  it('loses no update when every client retries its read-modify-write after a 409', async () => {
    const actionId = seeded.actions.mons;
    const addIndicator = async (c: ApiClient, marker: string) => {
      for (let attempt = 0; attempt < 100; attempt++) {
        const plan = (await c.get(`/api/v1/plans/${seeded.planId}`)).body;
        const action = plan.plan.axes[0].objectives[0].objectives[0].actions.find(
          (a: { id: string }) => a.id === actionId,
        );
        const res = await c.request('PATCH', `/api/v1/actions/${actionId}`, {
          revision: plan.revisions[actionId],
          changes: { indicators: [...action.indicators, marker] },
        });
        if (res.status === 200) return attempt;
        expect(res.status).toBe(409);
      }
      throw new Error(`${marker} never got through`);
    };
    const attempts = await Promise.all(clients.map((c, i) => addIndicator(c, `indicateur ${i}`)));
    expect(attempts.some((n) => n > 0)).toBe(true);
    const final = (await clients[0]!.get(`/api/v1/plans/${seeded.planId}`)).body;
    const action = final.plan.axes[0].objectives[0].objectives[0].actions.find(
      (a: { id: string }) => a.id === actionId,
    );
    expect([...action.indicators].sort()).toEqual(clients.map((_, i) => `indicateur ${i}`).sort());
    expect(final.revisions[actionId]).toBe(1 + CLIENTS);
  });
});
