import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { planSchema, type Plan } from '../../src/core/plan-schema.ts';
import { listActions } from '../../src/core/plan-walk.ts';
import type { DatabaseHandle } from '../../src/db/connection.ts';
import { loadPlan, loadPlanWithRevisions, savePlan } from '../../src/db/repositories/plan-tree.ts';
import { buildPlan } from '../factories/build-plan.ts';
import { databaseKinds, openTestDatabase } from './test-database.ts';
import { importFile } from '../../src/import/index.ts';
import { SEED_000, SEED_002, seedFile } from '../support/shared-files.ts';

/** The two reference plans as the importer reads them from the shared seeds. */
async function referencePlans(): Promise<Plan[]> {
  return Promise.all(
    [SEED_000, SEED_002].map(async (seed) => (await importFile(seedFile(`${seed}.txt`))).plan),
  );
}

describe.each(databaseKinds)('plan storage on %s', (kind) => {
  let handle: DatabaseHandle;
  beforeAll(async () => {
    handle = await openTestDatabase(kind);
  });
  afterAll(async () => {
    await handle?.close();
  });

  it('loads back exactly the plan it stored, hostile texts and all', async () => {
    const plan = buildPlan({ actionCount: 120, hostile: true });
    const id = await savePlan(handle.db, plan);
    const loaded = await loadPlan(handle.db, id);
    expect(loaded).toEqual(plan);
    expect(planSchema.parse(loaded)).toEqual(plan);
  });

  it('keeps actions under sub-dimensions and straight under axes, nested objectives and extra columns', async () => {
    const plan = planSchema.parse({
      title: 'Plan AEQES',
      sites: [{ code: 'HE', name: 'Siège' }],
      axes: [
        {
          number: '2',
          title: 'Pertinence',
          actions: [{ text: "Action sous l'axe", extra: { Couleur: 'vert' } }],
          subdimensions: [
            {
              number: '2.1',
              title: 'Sous-dimension',
              actions: [{ text: 'Première', priority: 3 }, { text: 'Deuxième' }],
              objectives: [{ title: 'OG', objectives: [{ title: 'OO', actions: [{ text: 'Profonde' }] }] }],
            },
          ],
        },
      ],
      extra: { 'Colonne inconnue': 'valeur' },
    });
    const id = await savePlan(handle.db, plan);
    expect(await loadPlan(handle.db, id)).toEqual(plan);
  });

  it('stores each reference plan losslessly', async () => {
    const plans = await referencePlans();
    expect(plans).toHaveLength(2);
    // Both are real plans, not empty shells: the 2026 plan has dozens of actions.
    expect(plans.map((p) => listActions(p).length).every((n) => n >= 10)).toBe(true);
    for (const plan of plans) {
      const id = await savePlan(handle.db, plan);
      const loaded = await loadPlanWithRevisions(handle.db, id);
      expect(loaded?.plan).toEqual(plan);
      expect(Object.values(loaded?.revisions ?? {}).every((r) => r === 1)).toBe(true);
    }
  });

  it('answers null for a plan that does not exist', async () => {
    expect(await loadPlan(handle.db, 'no-such-plan')).toBeNull();
  });
});
