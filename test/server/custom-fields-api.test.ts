import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { templateSchema } from '../../src/core/plan-template.ts';
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

/** A plan whose template adds a budget (number) and the audience (several of B1, B2, B3). */
const template = templateSchema.parse({
  id: 'avec-budget',
  name: { fr: 'Avec budget', en: 'With budget' },
  columns: [
    { key: 'text', field: 'text', label: { fr: 'Actions', en: 'Actions' } },
    { key: 'budget', label: { fr: 'Budget (€)', en: 'Budget (€)' }, type: 'number' },
    {
      key: 'public',
      label: { fr: 'Public visé', en: 'Audience' },
      type: 'choice',
      options: ['B1', 'B2', 'B3'],
      multiple: true,
    },
  ],
});

describe.each(databaseKinds)('custom fields through the API on %s', (kind) => {
  let server: TestServer;
  let seeded: SeededPlan;
  const coordinator = () => client;
  let client: ApiClient;

  beforeAll(async () => {
    server = await startTestServer(kind);
    seeded = await seedPermissionPlan(server.database, { template });
    const users = await seedRoleUsers(server.database, seeded.institutionId);
    client = new ApiClient(server.baseUrl);
    expect((await client.login(users.coordinator, TEST_PASSWORD)).status).toBe(200);
  });
  afterAll(async () => {
    await server?.close();
  });

  const revisionOf = async (actionId: string) =>
    (await coordinator().get(`/api/v1/plans/${seeded.planId}`)).body.revisions[actionId] as number;

  it('a coordinator fills the template’s own fields of an action, and reads them back with the plan', async () => {
    const actionId = seeded.actions.common;
    const res = await coordinator().request('PATCH', `/api/v1/actions/${actionId}`, {
      revision: await revisionOf(actionId),
      changes: { customFields: { budget: 1500, public: ['B1', 'B2'] } },
    });
    expect(res.status).toBe(200);
    expect(res.body.action.customFields).toEqual({ budget: 1500, public: ['B1', 'B2'] });
    const plan = (await coordinator().get(`/api/v1/plans/${seeded.planId}`)).body.plan;
    expect(plan.template.columns.map((c: { key: string }) => c.key)).toEqual(['text', 'budget', 'public']);
    const action = plan.axes[0].objectives[0].objectives[0].actions.find(
      (a: { id: string }) => a.id === actionId,
    );
    expect(action.customFields).toEqual({ budget: 1500, public: ['B1', 'B2'] });
  });

  it('refuses a value the template’s type does not allow, naming the field', async () => {
    const actionId = seeded.actions.lln;
    const res = await coordinator().request('PATCH', `/api/v1/actions/${actionId}`, {
      revision: await revisionOf(actionId),
      changes: { customFields: { budget: 'beaucoup' } },
    });
    expect(res.status).toBe(400);
    expect(res.body.error).toMatchObject({
      field: 'customFields.budget',
      message: 'Action invalide (customFields.budget) : attendu : un nombre, reçu : un texte.',
    });
    const created = await coordinator().request('POST', `/api/v1/objectives/${seeded.objectiveId}/actions`, {
      action: { text: 'Nouvelle', customFields: { public: ['M1'] } },
    });
    expect(created.status).toBe(400);
    expect(created.body.error.field).toBe('customFields.public.0');
  });
});
