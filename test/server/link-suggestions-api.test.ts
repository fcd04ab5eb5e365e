import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LinkSuggestionsPage } from '../../src/core/api/link-suggestions.ts';
import { createUser } from '../../src/server/commands/create-user.ts';
import { storeNewPlan } from '../../src/server/commands/store-plan.ts';
import { databaseKinds } from '../db/test-database.ts';
import { loadLabelledPlans } from '../support/link-suggestion-set.ts';
import {
  ApiClient,
  seedPermissionPlan,
  seedRoleUsers,
  startTestServer,
  TEST_PASSWORD,
  type TestServer,
} from './test-server.ts';

/**
 * Suggested links over HTTP on a real reference plan: the 2015 PROMSOC plan of the shared seeds
 * (seed 002), imported by the real importer with its links removed and the experts'
 * recommendations of the labelled set as its register (test/fixtures/link-suggestions).
 */
describe.each(databaseKinds)('suggested links recommendation ↔ action over HTTP on %s', (kind) => {
  let server: TestServer;
  let planId: string;
  let coordinator: ApiClient;
  let reader: ApiClient;
  let recommendationIds: Map<string, string>;
  const client = async (email: string) => {
    const c = new ApiClient(server.baseUrl);
    expect((await c.login(email, TEST_PASSWORD)).status).toBe(200);
    return c;
  };
  /** The suggestions for a recommendation of the register, by its number ("P3"). */
  const suggestionsOf = (page: LinkSuggestionsPage, number: string) =>
    page.recommendations.find((r) => r.recommendationId === recommendationIds.get(number))?.suggestions;

  beforeAll(async () => {
    server = await startTestServer(kind);
    const labelled = (await loadLabelledPlans()).find((p) => p.id === 'seed-002')!;
    const stored = await storeNewPlan(server.database.db, { actor: null, plan: labelled.plan });
    planId = stored.planId;
    const users = await seedRoleUsers(server.database, stored.institutionId);
    coordinator = await client(users.coordinator);
    reader = await client(users.reader);
    const register = await coordinator.get(`/api/v1/plans/${planId}/recommendations`);
    recommendationIds = new Map(
      register.body.recommendations.map((r: { id: string; number: string }) => [r.number, r.id]),
    );
  });
  afterAll(async () => {
    await server?.close();
  });
  const anActionOf = async (id: string) => {
    const page = await coordinator.get<LinkSuggestionsPage>(`/api/v1/plans/${id}/link-suggestions`);
    return page.body.actions[0]?.actionId;
  };

  it('puts the action that answers a recommendation first, with a score and the words they share', async () => {
    const res = await coordinator.get<LinkSuggestionsPage>(`/api/v1/plans/${planId}/link-suggestions`);
    expect(res.status).toBe(200);
    // Nothing is linked yet: every recommendation of the register is unanswered.
    expect(res.body.recommendations.map((r) => r.recommendationId).sort()).toEqual(
      [...recommendationIds.values()].sort(),
    );
    const p3 = suggestionsOf(res.body, 'P3')!;
    expect(p3[0]).toMatchObject({ kind: 'action' });
    expect(p3[0]!.label).toMatch(/^Formaliser et diffuser une convention type de stage/);
    expect(p3[0]!.score).toBeGreaterThan(0);
    expect(p3[0]!.score).toBeGreaterThanOrEqual(p3[1]?.score ?? 0);
    expect(p3[0]!.sharedTerms.length).toBeGreaterThan(0);
    // The other way: that action answers nothing yet, so it gets P3 among its suggestions.
    const forAction = res.body.actions.find((a) => a.actionId === p3[0]!.id)!;
    expect(forAction.suggestions.map((s) => s.recommendationId)).toContain(recommendationIds.get('P3'));
    expect(res.body.rejected).toEqual([]);
  });

  it('makes an accepted suggestion an ordinary link, recorded in the history, and stops suggesting it', async () => {
    const before = await coordinator.get<LinkSuggestionsPage>(`/api/v1/plans/${planId}/link-suggestions`);
    const target = suggestionsOf(before.body, 'P3')![0]!;
    const p3 = recommendationIds.get('P3')!;
    const res = await coordinator.request<LinkSuggestionsPage>(
      'POST',
      `/api/v1/plans/${planId}/link-suggestions/accept`,
      { recommendationId: p3, targetKind: target.kind, targetId: target.id },
    );
    expect(res.status).toBe(200);
    expect(suggestionsOf(res.body, 'P3')).toBeUndefined();
    expect(res.body.actions.some((a) => a.actionId === target.id)).toBe(false);

    // An ordinary link: the register's coverage counts the action as answering P3.
    const register = await coordinator.get(`/api/v1/plans/${planId}/recommendations`);
    const coverage = register.body.coverage.find(
      (c: { recommendation: { id: string } }) => c.recommendation.id === p3,
    );
    expect(coverage.state).not.toBe('unanswered');
    expect(coverage.actions.map((a: { id: string }) => a.id)).toContain(target.id);
    // …and the action's history shows the edit, by the coordinator.
    const history = await coordinator.get(`/api/v1/actions/${target.id}/history`);
    expect(history.status).toBe(200);
    expect(JSON.stringify(history.body)).toContain('Coordination qualité');
    expect(JSON.stringify(history.body)).toContain('recommendationIds');

    // Still gone on a fresh read; accepting it again changes nothing.
    const after = await coordinator.get<LinkSuggestionsPage>(`/api/v1/plans/${planId}/link-suggestions`);
    expect(suggestionsOf(after.body, 'P3')).toBeUndefined();
    const again = await coordinator.request('POST', `/api/v1/plans/${planId}/link-suggestions/accept`, {
      recommendationId: p3,
      targetKind: target.kind,
      targetId: target.id,
    });
    expect(again.status).toBe(200);
  });

  it('never suggests a rejected pair again, in either direction, until the rejection is undone', async () => {
    const before = await coordinator.get<LinkSuggestionsPage>(`/api/v1/plans/${planId}/link-suggestions`);
    // A recommendation with two suggestions or more: rejecting the first makes the second first.
    const [rejectedKey, otherKey] = [...recommendationIds.keys()].filter(
      (key) => (suggestionsOf(before.body, key)?.length ?? 0) >= 2,
    ) as [string, string];
    const p2 = recommendationIds.get(rejectedKey)!;
    const [first, second] = suggestionsOf(before.body, rejectedKey)!;
    const pair = { recommendationId: p2, targetKind: first!.kind, targetId: first!.id };
    const res = await coordinator.request<LinkSuggestionsPage>(
      'POST',
      `/api/v1/plans/${planId}/link-suggestions/reject`,
      pair,
    );
    expect(res.status).toBe(200);
    const ids = (page: LinkSuggestionsPage) => suggestionsOf(page, rejectedKey)!.map((s) => s.id);
    expect(ids(res.body)).not.toContain(first!.id);
    expect(ids(res.body)[0]).toBe(second!.id);
    expect(res.body.rejected).toEqual([
      expect.objectContaining({
        ...pair,
        key: expect.stringContaining(rejectedKey),
        label: first!.label,
        rejectedBy: 'Coordination qualité',
      }),
    ]);
    const actionSide = (page: LinkSuggestionsPage) =>
      page.actions.find((a) => a.actionId === first!.id)?.suggestions.map((s) => s.recommendationId) ?? [];
    expect(actionSide(res.body)).not.toContain(p2);

    // Other writes to the plan and a second rejection do not bring it back.
    const other = suggestionsOf(res.body, otherKey)![0]!;
    await coordinator.request('POST', `/api/v1/plans/${planId}/link-suggestions/accept`, {
      recommendationId: recommendationIds.get(otherKey),
      targetKind: other.kind,
      targetId: other.id,
    });
    expect(
      (await coordinator.request('POST', `/api/v1/plans/${planId}/link-suggestions/reject`, pair)).status,
    ).toBe(200);
    const later = await coordinator.get<LinkSuggestionsPage>(`/api/v1/plans/${planId}/link-suggestions`);
    expect(ids(later.body)).not.toContain(first!.id);
    expect(actionSide(later.body)).not.toContain(p2);
    expect(later.body.rejected).toHaveLength(1);

    // The rejection was recorded in the plan's history.
    const changes = await server.database.db.execute(
      `select action, object_id from audit_log where plan_id = '${planId}' and action like 'link-suggestion.%'`,
    );
    const rows = (changes as unknown as { rows: Array<{ action: string; object_id: string }> }).rows;
    expect(rows).toEqual([{ action: 'link-suggestion.reject', object_id: p2 }]);

    // Undone: suggested again.
    const query = new URLSearchParams(pair).toString();
    const undone = await coordinator.request<LinkSuggestionsPage>(
      'DELETE',
      `/api/v1/plans/${planId}/link-suggestions/rejections?${query}`,
    );
    expect(undone.status).toBe(200);
    expect(ids(undone.body)[0]).toBe(first!.id);
    expect(undone.body.rejected).toEqual([]);
    expect(
      (await coordinator.request('DELETE', `/api/v1/plans/${planId}/link-suggestions/rejections?${query}`))
        .status,
    ).toBe(404);
  });

  it('accepts an objective as the answer, through the objective’s own edit', async () => {
    const other = await seedPermissionPlan(server.database, { institution: 'Haute École des objectifs' });
    const admin = new ApiClient(server.baseUrl);
    await createUser(server.database.db, {
      actor: null,
      email: 'objectifs@test.example',
      name: 'Admin objectifs',
      role: 'admin',
      password: TEST_PASSWORD,
    });
    expect((await admin.login('objectifs@test.example', TEST_PASSWORD)).status).toBe(200);
    const register = await admin.get(`/api/v1/plans/${other.planId}/recommendations`);
    const replaced = await admin.request('PUT', `/api/v1/plans/${other.planId}/recommendations`, {
      etag: register.body.etag,
      text: 'Recommandation 1 : accompagner les étudiants par un tutorat entre pairs',
    });
    const recommendationId = replaced.body.recommendations[0].id as string;
    const res = await admin.request<LinkSuggestionsPage>(
      'POST',
      `/api/v1/plans/${other.planId}/link-suggestions/accept`,
      { recommendationId, targetKind: 'objective', targetId: other.objectiveId },
    );
    expect(res.status).toBe(200);
    expect(res.body.recommendations).toEqual([]);
    const coverage = (await admin.get(`/api/v1/plans/${other.planId}/recommendations`)).body.coverage[0];
    expect(coverage.objectives.map((o: { id: string }) => o.id)).toContain(other.objectiveId);
    const history = await admin.get(`/api/v1/objectives/${other.objectiveId}/history`);
    expect(JSON.stringify(history.body)).toContain('Admin objectifs');
    // An action of another plan is not a target of this one.
    expect(
      (
        await admin.request('POST', `/api/v1/plans/${other.planId}/link-suggestions/accept`, {
          recommendationId,
          targetKind: 'action',
          targetId: (await anActionOf(planId))!,
        })
      ).status,
    ).toBe(404);
  });

  it('refuses a pair that is not of this plan', async () => {
    const res = await coordinator.request('POST', `/api/v1/plans/${planId}/link-suggestions/reject`, {
      recommendationId: 'no-such-recommendation',
      targetKind: 'action',
      targetId: 'no-such-action',
    });
    expect(res.status).toBe(404);
    const bad = await coordinator.request('POST', `/api/v1/plans/${planId}/link-suggestions/accept`, {
      recommendationId: recommendationIds.get('P1'),
      targetKind: 'axis',
      targetId: 'x',
    });
    expect(bad.status).toBe(400);
  });

  it('refuses a reader: the suggestions are for those who may edit the links', async () => {
    expect((await reader.get(`/api/v1/plans/${planId}/link-suggestions`)).status).toBe(403);
    const before = await coordinator.get<LinkSuggestionsPage>(`/api/v1/plans/${planId}/link-suggestions`);
    const key = [...recommendationIds.keys()].find((k) => suggestionsOf(before.body, k)?.length)!;
    const [first] = suggestionsOf(before.body, key)!;
    const pair = {
      recommendationId: recommendationIds.get(key),
      targetKind: first!.kind,
      targetId: first!.id,
    };
    expect(
      (await reader.request('POST', `/api/v1/plans/${planId}/link-suggestions/accept`, pair)).status,
    ).toBe(403);
    expect(
      (await reader.request('POST', `/api/v1/plans/${planId}/link-suggestions/reject`, pair)).status,
    ).toBe(403);
    const after = await coordinator.get<LinkSuggestionsPage>(`/api/v1/plans/${planId}/link-suggestions`);
    expect(suggestionsOf(after.body, key)).toEqual(suggestionsOf(before.body, key));
  });
});
