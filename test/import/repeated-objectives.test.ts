import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { importBytes, importText } from '../../src/import/import-file.ts';

const header = 'Objectif\tActions\tResponsable\tRésultats attendus\tEtat de réalisation';
const table = (rows: string[]) => [header, ...rows].join('\n');

describe('an objective written again on each of its rows (the AEQES "Résultats attendus" column)', () => {
  it('is one objective with one action per row, each keeping its own expected results', () => {
    const { plan, warnings } = importText(
      table([
        'Améliorer les stages\tRédiger un guide des stages\tDirection\tUn guide publié\tEn cours',
        'Améliorer les stages\tFormer les tuteurs\tCoordination\tTuteurs formés\tÀ venir',
        'Améliorer les stages\tÉvaluer les stages\tQualité\tUn rapport annuel\tRéalisé',
      ]),
    );
    const objectives = plan.axes[0]!.objectives;
    expect(objectives).toHaveLength(1);
    expect(objectives[0]!.title).toBe('Améliorer les stages');
    expect(objectives[0]!.expectedResults).toEqual([]);
    expect(objectives[0]!.actions.map((a) => [a.text, a.expectedResults, a.status])).toEqual([
      ['Rédiger un guide des stages', ['Un guide publié'], 'in_progress'],
      ['Former les tuteurs', ['Tuteurs formés'], 'planned'],
      ['Évaluer les stages', ['Un rapport annuel'], 'done'],
    ]);
    expect(warnings.filter((w) => w.code.startsWith('repeated-objective'))).toEqual([]);
  });

  it('keeps expected results repeated identically on the objective', () => {
    const { plan } = importText(
      table([
        'Améliorer les stages\tRédiger un guide\tDirection\tDes stages mieux suivis\tEn cours',
        'Améliorer les stages\tFormer les tuteurs\tCoordination\tDes stages mieux suivis\tÀ venir',
      ]),
    );
    const [objective] = plan.axes[0]!.objectives;
    expect(objective!.expectedResults).toEqual(['Des stages mieux suivis']);
    expect(objective!.actions.map((a) => a.expectedResults)).toEqual([[], []]);
  });

  it('keeps per-row references on each action too, and the next objective apart', () => {
    const { plan } = importText(
      [
        'Objectif\tRéférence aux recommandations\tActions\tRésultats attendus',
        'Améliorer les stages\tC3-R1\tRédiger un guide\tUn guide',
        'Améliorer les stages\tC3-R2\tFormer les tuteurs\tTuteurs formés',
        'Mieux informer\tC1-R4\tPublier une lettre\tUne lettre par mois',
      ].join('\n'),
    );
    const objectives = plan.axes[0]!.objectives;
    expect(objectives.map((o) => [o.title, o.actions.length])).toEqual([
      ['Améliorer les stages', 2],
      ['Mieux informer', 1],
    ]);
    expect(objectives[0]!.actions.map((a) => a.references)).toEqual([['C3-R1'], ['C3-R2']]);
    expect(objectives[0]!.references).toEqual([]);
  });

  it('stays two objectives when the steering level changes (another objective of the same title)', () => {
    const { plan, warnings } = importText(
      [
        'Objectif\tNiveau de pilotage\tRésultats attendus\tActions locales\tEtat de réalisation',
        'Associer les enseignants\tCoordination renforcée\tUn comité\tCréer un comité\tRéalisé',
        'Associer les enseignants\tActions locales\tUn comité\tLLN : Former les enseignants\tEn cours',
        '\t\t\tMONS : Organiser des midis\tEn cours',
      ].join('\n'),
    );
    const objectives = plan.axes[0]!.objectives;
    expect(objectives.map((o) => [o.steeringLevel?.value, o.actions.length])).toEqual([
      ['reinforced_coordination', 1],
      ['local_actions', 2],
    ]);
    expect(objectives.map((o) => o.expectedResults)).toEqual([['Un comité'], ['Un comité']]);
    expect(warnings.map((w) => w.code)).toContain('repeated-objective-title');
  });

  it('keeps expected results merged over the rows of a spreadsheet objective on the objective', async () => {
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('Plan');
    sheet.addRow(['Objectif', 'Actions', 'Responsable', 'Résultats attendus']);
    sheet.addRow(['Améliorer les stages', 'Rédiger un guide', 'Direction', 'Des stages mieux suivis']);
    sheet.addRow(['', 'Former les tuteurs', 'Coordination', '']);
    sheet.addRow(['Mieux informer', 'Publier une lettre', 'Direction', 'Une lettre par mois']);
    sheet.addRow(['', 'Ouvrir un forum', 'Délégués', 'Un forum actif']);
    sheet.mergeCells('A2:A3');
    sheet.mergeCells('D2:D3');
    sheet.mergeCells('A4:A5');
    const bytes = new Uint8Array(await workbook.xlsx.writeBuffer());
    const { plan } = await importBytes({ name: 'plan.xlsx', bytes });
    const objectives = plan.axes[0]!.objectives;
    expect(objectives[0]!.expectedResults).toEqual(['Des stages mieux suivis']);
    expect(objectives[0]!.actions.map((a) => a.expectedResults)).toEqual([[], []]);
    // Not merged and filled on each action's row: each action's.
    expect(objectives[1]!.expectedResults).toEqual([]);
    expect(objectives[1]!.actions.map((a) => a.expectedResults)).toEqual([
      ['Une lettre par mois'],
      ['Un forum actif'],
    ]);
  });
});

describe('a large sheet of repeated objectives', () => {
  it('imports 6,000 rows as their 1,200 objectives, each with its five actions', () => {
    const topics = ['stages', 'réussite', 'mobilité', 'tutorat', 'horaires', 'évaluation', 'langues'];
    const rows: string[] = [];
    for (let i = 0; i < 6000; i++) {
      const objective = Math.floor(i / 5);
      rows.push(
        [
          `Objectif ${objective} : améliorer ${topics[objective % 7]} et ${topics[(objective * 3) % 7]}`,
          `Action ${i} sur ${topics[i % 7]}`,
          'Direction',
          `Résultat ${i}`,
          ['En cours', 'Réalisé', 'À venir'][i % 3],
        ].join('\t'),
      );
    }
    const { plan } = importText(table(rows));
    const objectives = plan.axes[0]!.objectives;
    expect(objectives).toHaveLength(1200);
    expect(objectives.every((o) => o.actions.length === 5)).toBe(true);
    expect(objectives[7]!.actions[2]!.expectedResults).toEqual(['Résultat 37']);
  }, 120_000);
});
