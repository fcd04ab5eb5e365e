import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { duplicateTemplate, findBuiltInTemplate } from '../../src/core/built-in-templates.ts';
import { planSchema } from '../../src/core/plan-schema.ts';
import { listActions } from '../../src/core/plan-walk.ts';
import { templateSchema } from '../../src/core/plan-template.ts';
import type { DatabaseHandle } from '../../src/db/connection.ts';
import { loadPlan, savePlan } from '../../src/db/repositories/plan-tree.ts';
import {
  deleteTemplate,
  findActionsByCustomField,
  findTemplate,
  listTemplates,
  saveTemplate,
} from '../../src/db/repositories/templates.ts';
import { institutions, programmes } from '../../src/db/schema/index.ts';
import { databaseKinds, openTestDatabase } from './test-database.ts';

/** The three-campus template with two columns of the institution's own. */
const ownTemplate = templateSchema.parse({
  ...duplicateTemplate(findBuiltInTemplate('three-campus')!, 'helha-social'),
  name: { fr: 'HELHa social', en: 'HELHa social work' },
  columns: [
    ...findBuiltInTemplate('three-campus')!.columns,
    { key: 'budget', label: { fr: 'Budget (€)', en: 'Budget (€)' }, type: 'number' },
    {
      key: 'public',
      label: { fr: 'Public visé', en: 'Audience' },
      type: 'choice',
      options: ['B1', 'B2', 'B3', 'MDP'],
      multiple: true,
    },
  ],
  statuses: [
    ...findBuiltInTemplate('three-campus')!.statuses,
    { label: { fr: 'Clôturé', en: 'Closed' }, status: 'done' },
  ],
});

describe.each(databaseKinds)('templates and custom fields on %s', (kind) => {
  let handle: DatabaseHandle;
  beforeAll(async () => {
    handle = await openTestDatabase(kind);
    await handle.db.insert(institutions).values({ id: 'helha', name: 'HELHa' });
    await handle.db.insert(programmes).values([
      { id: 'as', institutionId: 'helha', name: 'Bachelier assistant social' },
      { id: 'ed', institutionId: 'helha', name: 'Bachelier éducateur' },
    ]);
  });
  afterAll(async () => {
    await handle?.close();
  });

  it('stores an institution’s template and gives it back whole; saving it again is its next revision', async () => {
    const stored = await saveTemplate(handle.db, { institutionId: 'helha' }, ownTemplate);
    expect(stored.template).toEqual(ownTemplate);
    expect(stored.revision).toBe(1);
    const edited = templateSchema.parse({
      ...ownTemplate,
      document: { ...ownTemplate.document, orientation: 'portrait' },
    });
    const again = await saveTemplate(handle.db, { institutionId: 'helha' }, edited);
    expect(again.id).toBe(stored.id);
    expect(again.revision).toBe(2);
    expect((await findTemplate(handle.db, { institutionId: 'helha' }, 'helha-social'))?.template).toEqual(
      edited,
    );
  });

  it('a programme’s version overrides the institution’s for that programme only', async () => {
    const forAs = templateSchema.parse({
      ...ownTemplate,
      name: { fr: 'HELHa social (AS)', en: 'HELHa (AS)' },
    });
    await saveTemplate(handle.db, { institutionId: 'helha', programmeId: 'as' }, forAs);
    await saveTemplate(
      handle.db,
      { institutionId: 'helha' },
      duplicateTemplate(findBuiltInTemplate('aeqes-official')!, 'helha-aeqes'),
    );
    const names = async (programmeId: string | null) =>
      (await listTemplates(handle.db, { institutionId: 'helha', programmeId })).map(
        (t) => t.template.name.fr,
      );
    expect(await names('as')).toEqual(['AEQES (modèle officiel)', 'HELHa social (AS)']);
    expect(await names('ed')).toEqual(['AEQES (modèle officiel)', 'HELHa social']);
    expect(await names(null)).toEqual(['AEQES (modèle officiel)', 'HELHa social']);
    expect(
      await deleteTemplate(handle.db, { institutionId: 'helha', programmeId: 'as' }, 'helha-social'),
    ).toBe(true);
    expect(await names('as')).toEqual(['AEQES (modèle officiel)', 'HELHa social']);
  });

  it('stores a plan’s template and its actions’ custom values losslessly, and finds actions by a custom value', async () => {
    const plan = planSchema.parse({
      title: 'Plan actualisé 2026',
      template: ownTemplate,
      sites: [{ code: 'LLN', name: 'Louvain-la-Neuve' }],
      axes: [
        {
          number: '1',
          title: 'Accompagnement',
          objectives: [
            {
              title: 'Soutenir la réussite en B1',
              actions: [
                {
                  text: 'Tutorat',
                  statusLabel: 'Clôturé',
                  status: 'done',
                  customFields: { budget: 1500, public: ['B1'] },
                },
                { text: 'Ateliers', customFields: { budget: 200, public: ['B1', 'B2'] } },
                { text: 'Séminaire MDP', customFields: { public: ['MDP'], ancienneColonne: 'gardée' } },
              ],
            },
          ],
        },
      ],
    });
    const id = await savePlan(handle.db, plan);
    const loaded = await loadPlan(handle.db, id);
    expect(loaded).toEqual(plan);
    expect(loaded?.template).toEqual(ownTemplate);
    const ids = listActions(plan).map(({ action }) => action.id);
    expect(await findActionsByCustomField(handle.db, id, 'public', 'B1')).toEqual([ids[0], ids[1]]);
    expect(await findActionsByCustomField(handle.db, id, 'budget', 200)).toEqual([ids[1]]);
    expect(await findActionsByCustomField(handle.db, id, 'ancienneColonne', 'gardée')).toEqual([ids[2]]);
  });
});
