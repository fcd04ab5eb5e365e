import { describe, expect, it } from 'vitest';
import { assignIds, listActions, listObjectives } from '../../src/core/plan-walk.ts';
import type { Plan } from '../../src/core/plan-schema.ts';
import { exportPlan } from '../../src/export/index.ts';
import { importBytes, importText } from '../../src/import/import-file.ts';
import { buildPlan } from '../factories/build-plan.ts';

/**
 * Jalon's own flat sheets (the XLSX "Actions" and "Objectifs" sheets, the CSV): their machine
 * columns are read as fields, an action's values stay apart from its objective's, and the
 * objectives sheet gives back what the actions sheet cannot hold.
 */
async function roundTrip(plan: Plan, format: 'xlsx' | 'csv', maxCells?: number): Promise<Plan> {
  const { bytes } = await exportPlan(plan, { format });
  return (await importBytes({ name: `plan.${format}`, bytes }, maxCells ? { maxCells } : {})).plan;
}

const csv = (lines: string[]) => importText(`${lines.join('\n')}\n`, { format: 'csv' });

describe('identifiers', () => {
  it.each(['xlsx', 'csv'] as const)(
    'come back on every action through %s, and on objectives through xlsx',
    async (format) => {
      const plan = assignIds(buildPlan());
      const again = await roundTrip(plan, format);
      expect(listActions(again).map((a) => a.action.id)).toEqual(listActions(plan).map((a) => a.action.id));
      if (format === 'xlsx') {
        expect(listObjectives(again).map((o) => o.objective.id)).toEqual(
          listObjectives(plan).map((o) => o.objective.id),
        );
      }
    },
  );

  it('are left out, with a warning, when a copied row repeats one', () => {
    const { plan } = csv([
      'Description des actions,Responsable(s),Identifiant Jalon',
      'Former les tuteurs,Direction,a1',
      'Former les maîtres de stage,Direction,a1',
    ]);
    expect(listActions(plan).map((a) => a.action.id)).toEqual(['a1', undefined]);
    expect(plan.warnings.map((w) => w.code)).toContain('duplicate-id');
  });
});

describe('machine columns', () => {
  it('take the status from "Code statut" over the label, and read the label when the code is empty', () => {
    const { plan } = csv([
      'Description des actions,Etat de réalisation,Code statut',
      'A,Réalisé pour B1 en cours pour B2,done',
      'B,En cours,',
      'C,Comme prévu,planned',
    ]);
    expect(listActions(plan).map(({ action }) => [action.status, action.statusLabel])).toEqual([
      ['done', 'Réalisé pour B1 en cours pour B2'],
      ['in_progress', 'En cours'],
      ['planned', 'Comme prévu'],
    ]);
    expect(plan.warnings.map((w) => w.code)).not.toContain('unknown-status');
  });

  it('keep a status code, a type or a date they cannot read as an extra field', () => {
    const { plan } = csv(['Description des actions,Code statut,Type,Début', 'A,peut-être,Formation,bientôt']);
    expect(listActions(plan)[0]!.action).toMatchObject({
      kind: 'action',
      status: null,
      extra: { 'Code statut': 'peut-être', Type: 'Formation', Début: 'bientôt' },
    });
    expect(plan.warnings.map((w) => w.code)).toEqual(
      expect.arrayContaining(['unknown-status', 'unknown-date']),
    );
  });

  it('read "Type" as action or step and "Début" / "Fin" as the ends of the period', () => {
    const { plan } = csv([
      'Description des actions,Échéance(s),Début,Fin,Type',
      'Analyse,septembre 2026 - décembre 2026,2026-10-01,,étape',
      'Depuis,depuis septembre 2015,,,action',
    ]);
    expect(listActions(plan).map(({ action }) => [action.kind, action.deadlinePeriod])).toEqual([
      ['step', { from: '2026-10-01', to: '2026-12-31' }],
      ['action', { from: '2015-09-01', to: null }],
    ]);
    expect(plan.columns.map((c) => c.key)).toEqual(['text', 'deadline']);
  });

  it('leave "Date de fin" a deadline next to "Date de début"', () => {
    const { plan } = csv(['Action,Date de début,Date de fin', 'A,01/09/2026,30/06/2027']);
    expect(listActions(plan)[0]!.action).toMatchObject({
      deadline: '30/06/2027',
      deadlinePeriod: { from: '2026-09-01', to: '2027-06-30' },
    });
  });
});

describe("an action's own values next to its objective's", () => {
  const { plan } = csv([
    "Objectif,Garant de l'objectif,Résultats attendus,Description des actions,Garant de l'action,Résultats attendus de l'action",
    'Réussir,Direction,Plus de réussite,Tutorat,Coordination,Dix tuteurs',
    'Réussir,Direction,Plus de réussite,Remédiation,,',
  ]);

  it('go to the action, and the objective keeps its own', () => {
    const objective = plan.axes[0]!.objectives[0]!;
    expect(objective).toMatchObject({
      title: 'Réussir',
      guarantor: 'Direction',
      expectedResults: ['Plus de réussite'],
    });
    expect(objective.actions.map((a) => [a.text, a.guarantor, a.expectedResults])).toEqual([
      ['Tutorat', 'Coordination', ['Dix tuteurs']],
      ['Remédiation', null, []],
    ]);
  });

  it('are the plan columns of the action, the plain ones those of the objective', () => {
    expect(plan.columns.map((c) => c.key)).toEqual([
      'objective',
      'objective:guarantor',
      'objective:expectedResults',
      'text',
      'guarantor',
      'expectedResults',
    ]);
  });
});

describe('the XLSX objectives sheet', () => {
  it('restores timelines, scopes, new flags, completion notes and objectives without actions, in order', async () => {
    const plan = buildPlan();
    const general = plan.axes[1]!.objectives[0]!;
    general.objectives.splice(1, 0, {
      ...general.objectives[0]!,
      title: 'Un objectif sans action',
      actions: [],
      objectives: [],
      completionNote: 'Action terminée en 2021-2022',
    });
    const again = await roundTrip(plan, 'xlsx');
    const fields = (p: Plan) =>
      listObjectives(p).map(({ objective: o, parents }) => ({
        path: [...parents.map((x) => x.title), o.title].join(' > '),
        timeline: o.timeline,
        scope: o.scope,
        scopeSites: o.scopeSites,
        isNew: o.isNew,
        completionNote: o.completionNote,
        steeringLevel: o.steeringLevel,
        guarantor: o.guarantor,
      }));
    expect(fields(again)).toEqual(fields(plan));
  });

  it('never becomes actions, however few quadrimester columns it has', async () => {
    const plan = buildPlan();
    for (const { objective } of listObjectives(plan))
      objective.timeline = objective.timeline.length ? [{ year: '2025-2026', term: 'Q1' }] : [];
    const again = await roundTrip(plan, 'xlsx');
    expect(listActions(again)).toHaveLength(listActions(plan).length);
    expect(again.timelineYears).toEqual(['2025-2026']);
  });
});

describe('formula guards', () => {
  it.each(['xlsx', 'csv'] as const)('are taken off texts again when %s is read', async (format) => {
    const plan = buildPlan({ hostile: true });
    const again = await roundTrip(plan, format);
    const guarded = (p: Plan) =>
      listActions(p)
        .map(({ action }) => action.text)
        .filter((t) => /^[=+\-@]/.test(t));
    expect(guarded(again)).toEqual(guarded(plan));
    expect(guarded(plan).length).toBeGreaterThan(2);
  });
});

describe('a plan read back from a Jalon sheet, published again as a document', () => {
  it.each(['xlsx', 'csv'] as const)(
    'keeps the objective\'s references in its own column, not under "Références de l\'action" (%s)',
    async (format) => {
      const plan = buildPlan({
        axes: [
          {
            number: '1',
            title: 'Enseignement',
            objectives: [
              {
                title: 'Améliorer les stages',
                references: ['Critère 3, Recommandation 1'],
                guarantor: 'DD',
                actions: [{ text: 'Former les tuteurs' }, { text: 'Rédiger un guide' }],
              },
            ],
          },
        ],
      });
      const fromSheet = await roundTrip(plan, format);
      expect(fromSheet.columns).toContainEqual({ key: 'references', label: "Références de l'action" });
      const { bytes } = await exportPlan(fromSheet, { format: 'docx' });
      const again = (await importBytes({ name: 'plan.docx', bytes })).plan;
      expect(listObjectives(again).map((o) => [o.objective.title, o.objective.references])).toEqual([
        ['Améliorer les stages', ['Critère 3, Recommandation 1']],
      ]);
      expect(listActions(again).map((a) => a.action.references)).toEqual([[], []]);
    },
  );
});

describe('a large plan through its XLSX', () => {
  it('comes back with every objective in its place and every action (3,000 actions)', async () => {
    const plan = buildPlan({ actionCount: 3000 });
    // 115,000 cells: over the 50,000 an import reads by default (JALON_IMPORT_MEMORY_MB of 1,200 would do).
    const again = await roundTrip(plan, 'xlsx', 120_000);
    const paths = (p: Plan) =>
      listObjectives(p).map(({ objective, parents }) =>
        [...parents.map((o) => o.title), objective.title].join(' › '),
      );
    expect(paths(again)).toEqual(paths(plan));
    expect(listActions(again)).toHaveLength(listActions(plan).length);
  }, 60_000);
});
