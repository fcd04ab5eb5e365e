import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { listActions } from '../../src/core/plan-walk.ts';
import { importFile, importText } from '../../src/import/import-file.ts';

const fixture = (name: string) => fileURLToPath(new URL(`../fixtures/import/${name}`, import.meta.url));

describe('a "Sujet | Description des actions | …" plan with numbered rows and the status in the deadline cell', async () => {
  const { plan } = await importFile(fixture('plan-sujets-numerotes.tsv'));
  const actions = listActions(plan).map((a) => a.action);

  it('makes each subject an objective owning the actions below it', () => {
    expect(plan.title).toBe("Plan d'action 2024-2027");
    expect(plan.axes[0]!.objectives.map((o) => [o.title, o.actions.length])).toEqual([
      ['Communication interne', 2],
      ['Stages', 2],
    ]);
    expect(plan.axes[0]!.objectives[0]!.extra).toEqual({ 'N°': '1' });
    expect(actions[0]!.extra).toEqual({ 'N°': '1.1' });
  });

  it('reads "A partir de juin 2015 (en cours)" as a deadline and a status, and expected results per action', () => {
    expect(actions[0]).toMatchObject({
      status: 'in_progress',
      deadlinePeriod: { from: '2015-06-01', to: null },
    });
    expect(actions[2]).toMatchObject({ status: 'done', expectedResults: ['Convention commune'] });
    expect(plan.axes[0]!.objectives[1]!.expectedResults).toEqual([]);
  });
});

describe("the AEQES template with the experts' recommendation in the first column", async () => {
  const { plan } = await importFile(fixture('recommandations-aeqes.tsv'));
  const actions = listActions(plan).map((a) => a.action);

  it('keeps each recommendation with its wording, and builds the register from it', () => {
    expect(actions[0]!.references).toEqual(['C1-R2 : Formaliser la politique qualité']);
    expect(plan.recommendations).toEqual([
      { criterion: '1', number: '2', text: 'Formaliser la politique qualité', justification: null },
      { criterion: '3', number: '1', text: 'Renforcer les stages', justification: null },
    ]);
  });

  it('reads progress percentages as statuses, keeping them as written', () => {
    expect(actions.map((a) => [a.status, a.statusLabel])).toEqual([
      ['done', '100 %'],
      ['in_progress', '50 %'],
      ['in_progress', 'En cours'],
    ]);
  });
});

describe('a table with a two-row header ("Suivi" over "Statut | Commentaire")', () => {
  it('reads the columns from the second header row', () => {
    const { plan } = importText(
      'Objectif\tAction\tResponsable\tSuivi\t\nObjectif\tAction\tResponsable\tStatut\tCommentaire\nAméliorer X\tFaire Y\tDirection\tEn cours\tRAS\n',
    );
    expect(plan.axes[0]!.objectives.map((o) => o.title)).toEqual(['Améliorer X']);
    expect(plan.axes[0]!.objectives[0]!.actions[0]).toMatchObject({ status: 'in_progress', notes: 'RAS' });
  });
});

describe('a short pasted text opening with its axis line ("Axe 1 : Enseignement") right above the table', () => {
  it('makes that line the axis of the table, with its number and title', () => {
    for (const text of [
      'Axe 1 : Enseignement\nObjectif\tActions\tResponsable\nAméliorer les stages\tFormer les tuteurs\tDirection',
      'Axe 1 : Enseignement\n\nActions\tResponsable\tStatut\nFormer les tuteurs\tDirection\tEn cours',
    ]) {
      const { plan } = importText(text);
      expect(plan.axes.map((a) => [a.number, a.title])).toEqual([['1', 'Enseignement']]);
      expect(plan.institution).toBeNull();
      expect(listActions(plan).map((a) => a.action.text)).toEqual(['Former les tuteurs']);
    }
  });

  it('still reads the cover lines above the axis line', () => {
    const { plan } = importText(
      "Plan d'action 2024-2027\nHaute Ecole de Namur\nAxe 2 : Recherche\nActions\tResponsable\nCréer un comité\tDirection",
    );
    expect(plan.title).toBe("Plan d'action 2024-2027");
    expect(plan.institution).toBe('Haute Ecole de Namur');
    expect(plan.axes.map((a) => [a.number, a.title])).toEqual([['2', 'Recherche']]);
  });
});
