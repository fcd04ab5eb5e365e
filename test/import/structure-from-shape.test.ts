import { describe, expect, it } from 'vitest';
import { listActions } from '../../src/core/plan-walk.ts';
import { importText } from '../../src/import/import-file.ts';
import { textCell, type RawCell, type RawDocument } from '../../src/import/raw-document.ts';
import { recognisePlan } from '../../src/import/table-recogniser.ts';

/** A Word-like table: "^" continues the merge of the cell above, every other cell is its text. */
function wordTable(rows: string[][]): RawDocument {
  const cells = rows.map((row) =>
    row.map((text): RawCell => ({ ...textCell(text === '^' ? '' : text), mergedFromAbove: text === '^' })),
  );
  // A merged cell spans the rows below it marked "^".
  cells.forEach((row, r) =>
    row.forEach((cell, c) => {
      if (cell.mergedFromAbove) return;
      let span = 1;
      while (cells[r + span]?.[c]?.mergedFromAbove) span += 1;
      cell.rowSpan = span;
    }),
  );
  return {
    format: 'docx',
    blocks: [{ kind: 'table', index: 1, rows: cells.map((c, i) => ({ sourceRow: i + 1, cells: c })) }],
  };
}

const objectivesOf = (plan: ReturnType<typeof recognisePlan>['plan']) =>
  plan.axes.flatMap((a) => a.objectives.map((o) => [a.title, o.title, o.actions.map((x) => x.text)]));

describe('a grouping column whose header Jalon does not know', () => {
  it('is read as the objectives when its cells are merged over their actions', () => {
    const { plan, warnings, reading } = recognisePlan(
      wordTable([
        ['Orientation', 'Actions', 'Responsable', 'Échéance'],
        ['Mieux accueillir', 'Journée d’accueil', 'Direction', 'septembre 2025'],
        ['^', 'Parrainage', 'Coordination B1', 'octobre 2025'],
        ['^', 'Guide de l’étudiant', 'Secrétariat', 'juin 2026'],
        ['Renforcer les stages', 'Carnet de stage', 'Coordination des stages', 'juin 2026'],
        ['^', 'Visites de mi-parcours', 'MFP', '2025-2026'],
      ]),
    );
    expect(objectivesOf(plan)).toEqual([
      ['', 'Mieux accueillir', ['Journée d’accueil', 'Parrainage', 'Guide de l’étudiant']],
      ['', 'Renforcer les stages', ['Carnet de stage', 'Visites de mi-parcours']],
    ]);
    expect(reading.tables[0]!.columns[0]).toMatchObject({
      label: 'Orientation',
      role: 'objective',
      confidence: 'medium',
      reasons: [
        { code: 'unknown-header', label: 'Orientation' },
        { code: 'merged', min: 2, max: 3 },
      ],
    });
    expect(warnings.find((w) => w.code === 'column-read-from-shape')?.message).toBe(
      'Column "Orientation" has no known header, but its cells are merged over 2–3 rows: it was read as the objectives (change the column\'s role if it is not).',
    );
    expect(warnings.some((w) => w.code === 'unknown-column')).toBe(false);
  });

  it('is read as the objectives when written again on every row, or once above empty cells', () => {
    for (const [rows, code] of [
      [
        [
          'Ligne d’action\tActions\tPorteur',
          'Accueil\tJournée\tDirection',
          'Accueil\tParrainage\tB1',
          'Stages\tCarnet\tMFP',
          'Stages\tVisites\tMFP',
        ],
        'repeated',
      ],
      [
        [
          'Ligne d’action\tActions\tPorteur',
          'Accueil\tJournée\tDirection',
          '\tParrainage\tB1',
          'Stages\tCarnet\tMFP',
          '\tVisites\tMFP',
        ],
        'group-starts',
      ],
    ] as const) {
      const { plan, reading } = importText(rows.join('\n'));
      expect(plan.axes[0]!.objectives.map((o) => [o.title, o.actions.length])).toEqual([
        ['Accueil', 2],
        ['Stages', 2],
      ]);
      expect(reading.tables[0]!.columns[0]!.reasons[1]).toEqual({ code, min: 2, max: 2 });
    }
  });

  it('two of them nest: the outer one is the axes, the inner one the objectives, whatever their order', () => {
    const { plan } = importText(
      [
        'Chantier\tVolet\tAction\tResponsable',
        'Tutorat\tRéussite\tTutorat en B1\tCAR',
        'Tutorat\tRéussite\tTutorat en B2\tCAR',
        'Tests\tRéussite\tTests formatifs\tDAE',
        'Carnet\tStages\tCarnet de stage\tMFP',
        'Carnet\tStages\tGrille de stage\tMFP',
      ].join('\n'),
    );
    // "Volet" has fewer groups, and "Chantier"'s groups lie within its own: it is the outer level.
    expect(objectivesOf(plan)).toEqual([
      ['Réussite', 'Tutorat', ['Tutorat en B1', 'Tutorat en B2']],
      ['Réussite', 'Tests', ['Tests formatifs']],
      ['Stages', 'Carnet', ['Carnet de stage', 'Grille de stage']],
    ]);
  });

  it('a column right of the action, or one whose values change on every row, stays an extra field', () => {
    const { plan, reading } = importText(
      [
        'Repère\tActions\tResponsable\tPublic',
        'A\tJournée d’accueil\tDirection\tB1',
        'B\tParrainage\tCoordination\tB1',
        'C\tCarnet de stage\tMFP\tB3',
      ].join('\n'),
    );
    expect(plan.axes[0]!.objectives).toEqual([]);
    expect(listActions(plan).map((a) => a.action.extra)).toEqual([
      { Repère: 'A', Public: 'B1' },
      { Repère: 'B', Public: 'B1' },
      { Repère: 'C', Public: 'B3' },
    ]);
    expect(reading.tables[0]!.columns.map((c) => [c.label, c.role, c.confidence])).toEqual([
      ['Repère', 'extra', 'low'],
      ['Actions', 'text', 'high'],
      ['Responsable', 'responsibles', 'high'],
      ['Public', 'extra', 'low'],
    ]);
  });
});

describe('shape and header words', () => {
  it('a "Critère" column grouping the objectives is the axes, and the disagreement is warned', () => {
    const { plan, warnings, reading } = importText(
      [
        'Critère\tObjectif\tAction\tResponsable',
        'Critère 1 – Politique qualité\tFormaliser la démarche\tCharte qualité\tCQ',
        'Critère 1 – Politique qualité\tFormaliser la démarche\tCommission qualité\tDirection',
        'Critère 1 – Politique qualité\tAssocier les étudiants\tDélégués formés\tCQ',
        'Critère 3 – Cohérence interne\tCartographier les acquis\tMatrice UE\tDAE',
      ].join('\n'),
    );
    expect(plan.axes.map((a) => [a.number, a.title, a.objectives.map((o) => o.title)])).toEqual([
      ['1', 'Politique qualité', ['Formaliser la démarche', 'Associer les étudiants']],
      ['3', 'Cohérence interne', ['Cartographier les acquis']],
    ]);
    expect(reading.tables[0]!.columns[0]).toMatchObject({
      role: 'axis',
      headerRole: 'references',
      confidence: 'low',
    });
    expect(warnings.find((w) => w.code === 'column-shape-disagrees')?.location?.column).toBe('Critère');
  });

  it('an objective column whose values change on every row is read as its header says, with less confidence', () => {
    const { plan, reading } = importText(
      [
        'Objectif\tAction\tResponsable',
        'Mieux accueillir\tJournée\tDirection',
        'Mieux former\tAteliers\tDAE',
      ].join('\n'),
    );
    expect(plan.axes[0]!.objectives.map((o) => o.title)).toEqual(['Mieux accueillir', 'Mieux former']);
    expect(reading.tables[0]!.columns[0]).toMatchObject({
      role: 'objective',
      confidence: 'medium',
      reasons: [{ code: 'header', label: 'Objectif' }, { code: 'varies' }],
    });
  });

  it('the coordinator’s mapping wins over both', () => {
    const text = ['Orientation\tActions\tPorteur', 'Accueil\tJournée\tDirection', '\tParrainage\tB1'].join(
      '\n',
    );
    const { plan, reading } = importText(text, { mapping: { orientation: 'extra', PORTEUR: 'notes' } });
    expect(plan.axes[0]!.objectives).toEqual([]);
    expect(listActions(plan).map((a) => [a.action.text, a.action.notes, a.action.extra])).toEqual([
      ['Journée', 'Direction', { Orientation: 'Accueil' }],
      ['Parrainage', 'B1', {}],
    ]);
    expect(reading.tables[0]!.columns.map((c) => [c.role, c.reasons[0]!.code])).toEqual([
      ['extra', 'mapping'],
      ['text', 'header'],
      ['notes', 'mapping'],
    ]);
  });

  it('a mapping names a header Jalon knows no word of, and the table is read with it', () => {
    const text = ['Projet\tDémarche\tQui fait', 'Accueil\tJournée\tDirection', '\tParrainage\tB1'].join('\n');
    const { plan } = importText(text, { mapping: { Démarche: 'text', 'Qui fait': 'responsibles' } });
    expect(
      listActions(plan).map((a) => [a.objectives.at(-1)?.title, a.action.text, a.action.responsibles]),
    ).toEqual([
      ['Accueil', 'Journée', ['Direction']],
      ['Accueil', 'Parrainage', ['B1']],
    ]);
  });
});
