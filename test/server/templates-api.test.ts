import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listActions } from '../../src/core/plan-walk.ts';
import { templateSchema } from '../../src/core/plan-template.ts';
import type { Plan } from '../../src/core/plan-schema.ts';
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

/** The plan's template: a budget (number) and the audience (several of B1, B2, B3). */
const planTemplate = templateSchema.parse({
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

/** The same without the budget column: moving a plan to it leaves the budgets without a column. */
const withoutBudget = templateSchema.parse({
  ...planTemplate,
  id: 'sans-budget',
  name: { fr: 'Sans budget', en: 'Without budget' },
  columns: planTemplate.columns.filter((c) => c.key !== 'budget'),
});

/** The audience as a number: the words B1, B2 no longer fit. */
const audienceAsNumber = templateSchema.parse({
  ...planTemplate,
  id: 'public-chiffre',
  name: { fr: 'Public chiffré', en: 'Audience as a number' },
  columns: planTemplate.columns.map((c) =>
    c.key === 'public' ? { key: 'public', label: c.label, type: 'number' } : c,
  ),
});

/** An institution's template the document below is written in: two columns of its own. */
const importTemplate = templateSchema.parse({
  id: 'plan-maison',
  name: { fr: 'Plan maison', en: 'House plan' },
  columns: [
    { key: 'text', field: 'text', label: { fr: 'Action', en: 'Action' } },
    { key: 'responsibles', field: 'responsibles', label: { fr: 'Responsable', en: 'Owner' } },
    { key: 'deadline', field: 'deadline', label: { fr: 'Échéance', en: 'Deadline' } },
    { key: 'budget', label: { fr: 'Budget (€)', en: 'Budget (€)' }, type: 'number' },
    { key: 'partenaires', label: { fr: 'Partenaires', en: 'Partners' }, type: 'text' },
  ],
});

const TSV = [
  'Projet\tAction\tResponsable\tÉchéance\tBudget (€)\tPartenaires',
  'Accueil des B1\tOrganiser une journée d’accueil\tDirection\tseptembre 2025\t1500\tCPMS',
  '\tCréer un parrainage B2-B1\tCoordination B1\toctobre 2025\t200\tBDE',
].join('\n');

describe.each(databaseKinds)('templates through the API on %s', (kind) => {
  let server: TestServer;
  let seeded: SeededPlan;
  const as: Record<string, ApiClient> = {};

  beforeAll(async () => {
    server = await startTestServer(kind);
    seeded = await seedPermissionPlan(server.database, { template: planTemplate });
    const users = await seedRoleUsers(server.database, seeded.institutionId);
    for (const who of ['admin', 'coordinator', 'reader', 'outsider'] as const) {
      as[who] = new ApiClient(server.baseUrl);
      expect((await as[who].login(users[who], TEST_PASSWORD)).status).toBe(200);
    }
  });
  afterAll(async () => {
    await server?.close();
  });

  const templatesPath = () => `/api/v1/institutions/${seeded.institutionId}/templates`;

  it('lists the built-in templates; a coordinator duplicates one, edits it (next revision) and deletes it', async () => {
    const listed = await as.reader!.get(templatesPath());
    expect(listed.status).toBe(200);
    expect(listed.body.builtIn.map((t: { id: string }) => t.id)).toEqual(
      expect.arrayContaining(['aeqes-official', 'three-campus', 'subject-priority', 'english-qep']),
    );
    expect(listed.body.own).toEqual([]);

    const created = await as.coordinator!.request('POST', templatesPath(), {
      duplicateOf: 'three-campus',
      id: 'trois-implantations-maison',
      name: { fr: 'Trois implantations (maison)', en: 'Three campuses (ours)' },
    });
    expect(created.status).toBe(201);
    expect(created.body.template).toMatchObject({ revision: 1, template: { basedOn: 'three-campus' } });
    const copy = created.body.template.template;
    const threeCampus = listed.body.builtIn.find((t: { id: string }) => t.id === 'three-campus');
    expect(copy.columns).toEqual(threeCampus.columns);
    // The same id again, or a built-in's id, is refused.
    expect(
      (await as.coordinator!.request('POST', templatesPath(), { duplicateOf: 'aeqes-official', id: copy.id }))
        .status,
    ).toBe(409);
    expect((await as.coordinator!.request('POST', templatesPath(), { template: planTemplate })).status).toBe(
      201,
    );
    // Readers read, never write.
    expect(
      (await as.reader!.request('POST', templatesPath(), { duplicateOf: 'english-qep', id: 'qep' })).status,
    ).toBe(403);
    expect((await as.outsider!.get(templatesPath())).status).toBe(404);

    const edited = {
      ...copy,
      columns: [...copy.columns, { key: 'budget', label: { fr: 'Budget', en: 'Budget' }, type: 'number' }],
    };
    const path = `${templatesPath()}/${copy.id}`;
    const updated = await as.coordinator!.request('PUT', path, { revision: 1, template: edited });
    expect(updated.status).toBe(200);
    expect(updated.body.template.revision).toBe(2);
    expect(updated.body.template.template.columns.at(-1).key).toBe('budget');
    const stale = await as.admin!.request('PUT', path, { revision: 1, template: copy });
    expect(stale.status).toBe(409);
    expect(stale.body.error.field).toBe('revision');

    const own = (await as.reader!.get(templatesPath())).body.own;
    expect(own.map((t: { template: { id: string } }) => t.template.id).sort()).toEqual([
      'avec-budget',
      'trois-implantations-maison',
    ]);
    expect((await as.reader!.request('DELETE', path)).status).toBe(403);
    expect((await as.coordinator!.request('DELETE', path)).status).toBe(200);
    expect((await as.coordinator!.request('DELETE', path)).status).toBe(404);
    expect(
      (await as.reader!.get(templatesPath())).body.own.map(
        (t: { template: { id: string } }) => t.template.id,
      ),
    ).toEqual(['avec-budget']);
  });

  it('changes a plan’s template in one write of its history, refusing a stale revision, and loses no value', async () => {
    const planPath = `/api/v1/plans/${seeded.planId}`;
    const read = async () => (await as.coordinator!.get(planPath)).body;
    const actionId = seeded.actions.common;
    const filled = await as.coordinator!.request('PATCH', `/api/v1/actions/${actionId}`, {
      revision: (await read()).revisions[actionId],
      changes: { customFields: { budget: 1500, public: ['B1', 'B2'] } },
    });
    expect(filled.status).toBe(200);
    for (const template of [withoutBudget, audienceAsNumber])
      expect((await as.admin!.request('POST', templatesPath(), { template })).status).toBe(201);

    const preview = await as.reader!.request('POST', `${planPath}/template/preview`, {
      templateId: 'sans-budget',
    });
    expect(preview.status).toBe(200);
    expect(preview.body).toEqual({ templateId: 'sans-budget', orphanKeys: ['budget'], unfit: [] });
    const unfit = await as.reader!.request('POST', `${planPath}/template/preview`, {
      templateId: 'public-chiffre',
    });
    expect(unfit.body.unfit).toEqual([{ actionId, key: 'public' }]);
    expect(
      (await as.reader!.request('PUT', `${planPath}/template`, { templateId: 'sans-budget', revision: 1 }))
        .status,
    ).toBe(403);

    const before = await read();
    const refused = await as.coordinator!.request('PUT', `${planPath}/template`, {
      templateId: 'public-chiffre',
      revision: before.planRevision,
    });
    expect(refused.status).toBe(400);
    expect(refused.body.error.message).toContain('public');
    const stale = await as.coordinator!.request('PUT', `${planPath}/template`, {
      templateId: 'sans-budget',
      revision: before.planRevision - 1,
    });
    expect(stale.status).toBe(409);
    expect((await read()).plan.template.id).toBe('avec-budget');

    const applied = await as.coordinator!.request('PUT', `${planPath}/template`, {
      templateId: 'sans-budget',
      revision: before.planRevision,
    });
    expect(applied.status).toBe(200);
    expect(applied.body).toMatchObject({ revision: before.planRevision + 1, orphanKeys: ['budget'] });
    const after = await read();
    expect(after.planRevision).toBe(before.planRevision + 1);
    expect(after.plan.template.id).toBe('sans-budget');
    expect(after.plan.template.columns.map((c: { key: string }) => c.key)).toEqual(['text', 'public']);
    // The removed column's value is still the action's, and every other value is as it was.
    const actions = (plan: Plan) => listActions(plan).map(({ action }) => action);
    expect(actions(after.plan).find((a) => a.id === actionId)!.customFields).toEqual({
      budget: 1500,
      public: ['B1', 'B2'],
    });
    expect(actions(after.plan)).toEqual(actions(before.plan));
    // One entry in the plan's history, naming the template before and after.
    const audit = (await as.coordinator!.get(`${planPath}/audit`)).body.entries;
    const entry = audit.find(
      (e: { before: { template?: { id: string } } | null }) => e.before?.template?.id === 'avec-budget',
    );
    expect(entry).toMatchObject({ objectType: 'plan', after: { template: { id: 'sans-budget' } } });
  });

  it('imports a document in the institution’s template into its custom fields, without warning', async () => {
    expect((await as.admin!.request('POST', templatesPath(), { template: importTemplate })).status).toBe(201);
    const warned = await as.coordinator!.request('POST', '/api/v1/imports', { text: TSV, format: 'tsv' });
    expect(warned.status).toBe(201);
    expect(JSON.stringify(warned.body.warnings)).toContain('Partenaires');

    const preview = await as.coordinator!.request('POST', '/api/v1/imports', {
      text: TSV,
      format: 'tsv',
      templateId: 'plan-maison',
    });
    expect(preview.status).toBe(201);
    const text = JSON.stringify(preview.body.warnings);
    expect(text).not.toContain('Partenaires');
    expect(text).not.toContain('Budget');
    expect(preview.body.plan.template.id).toBe('plan-maison');
    expect(listActions(preview.body.plan).map(({ action }) => action.customFields)).toEqual([
      { budget: 1500, partenaires: 'CPMS' },
      { budget: 200, partenaires: 'BDE' },
    ]);

    // Stored as it was previewed: the plan keeps the template and the values.
    const confirmed = await as.coordinator!.request(
      'POST',
      `/api/v1/imports/${preview.body.importId}/confirm`,
      {
        title: 'Plan importé en modèle maison',
        programmeId: seeded.programmeId,
      },
    );
    expect(confirmed.status).toBe(201);
    const stored = (await as.coordinator!.get(`/api/v1/plans/${confirmed.body.planId}`)).body.plan;
    expect(stored.template.id).toBe('plan-maison');
    expect(listActions(stored).map(({ action }) => action.customFields)).toEqual([
      { budget: 1500, partenaires: 'CPMS' },
      { budget: 200, partenaires: 'BDE' },
    ]);

    // A template the importer cannot name is refused by its field.
    const unknown = await as.coordinator!.request('POST', '/api/v1/imports', {
      text: TSV,
      format: 'tsv',
      templateId: 'inconnu',
    });
    expect(unknown.status).toBe(400);
    expect(unknown.body.error.field).toBe('templateId');
  });
});
