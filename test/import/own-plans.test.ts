import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { listActions } from '../../src/core/plan-walk.ts';
import { importFile } from '../../src/import/import-file.ts';

const fixture = (name: string) => fileURLToPath(new URL(`../fixtures/import/${name}`, import.meta.url));

describe('an English CSV plan with other column names and order and a Campus column', async () => {
  const { plan, format, warnings } = await importFile(fixture('quality-plan-en.csv'));
  const actions = listActions(plan).map((a) => a.action);

  it('is read as CSV with its axes, goals and six actions', () => {
    expect(format).toBe('csv');
    expect(plan.axes.map((a) => [a.number, a.title])).toEqual([
      ['1', 'Teaching and learning'],
      ['2', 'Links with the profession'],
    ]);
    expect(plan.axes[1]!.objectives.map((o) => o.title)).toEqual([
      'Involve employers in programme review',
      'Support work placements',
    ]);
    expect(actions).toHaveLength(6);
    expect(warnings.filter((w) => w.code === 'repeated-objective')).toEqual([]);
  });

  it('reads sites from the Campus column, "Common" and "Tournai + Mouscron" meaning every site', () => {
    expect(plan.sites).toEqual([
      { code: 'TOURNAI', name: 'Tournai' },
      { code: 'MOUSCRON', name: 'Mouscron' },
    ]);
    expect(actions.map((a) => a.sites)).toEqual([
      ['TOURNAI'],
      ['MOUSCRON'],
      [],
      [],
      ['TOURNAI'],
      ['MOUSCRON'],
    ]);
  });

  it('reads English statuses, priorities in words, digits and stars, real dates and quarters', () => {
    expect(actions.map((a) => a.status)).toEqual([
      'in_progress',
      'planned',
      'done',
      'planned',
      'postponed',
      'postponed',
    ]);
    expect(actions.map((a) => a.priority)).toEqual([3, 2, 3, 2, 1, null]);
    expect(actions[0]!.deadline).toBe('2026-03-31');
    expect(actions[1]!.deadlinePeriod).toEqual({ from: '2026-02-01', to: '2026-06-30' });
    expect(actions[5]!.deadlinePeriod).toEqual({ from: '2026-12-31', to: '2026-12-31' });
  });

  it('splits owners and multi-line KPI cells and keeps references as written', () => {
    expect(actions[0]!.responsibles).toEqual(['Programme director', 'course coordinators']);
    expect(actions[1]!.indicators).toEqual(['Response rate', 'Number of changes made after the survey']);
    expect(actions[1]!.references).toEqual(['Criterion 2, Recommendation 4']);
    expect(plan.recommendations.map((r) => `${r.criterion}/${r.number}`)).toEqual([
      '2/3',
      '2/4',
      'null/5',
      '4/1',
      '3/null',
    ]);
    expect(actions[1]!.conditions).toBe('500 EUR');
  });
});

describe('a French Markdown plan with pipe tables, one table per axis, one site', async () => {
  const { plan, format } = await importFile(fixture('plan-de-suivi.md'));
  const actions = listActions(plan).map((a) => a.action);

  it('reads the cover, the narrative and the signature', () => {
    expect(format).toBe('md');
    expect(plan.title).toBe('Plan de suivi 2024-2027');
    expect(plan.institution).toBe('Haute École des Arts Appliqués');
    expect(plan.programme).toBe('Bachelier en design graphique');
    expect(plan.period).toEqual({ from: '2024-2025', to: '2026-2027' });
    expect(plan.sections.map((s) => s.title)).toEqual(['Introduction']);
    expect(plan.signatories).toEqual([{ role: 'La commission qualité', name: 'Marie DUPUIS' }]);
  });

  it('puts each objective under its axis with its actions, continuation rows included', () => {
    expect(plan.axes.map((a) => a.title)).toEqual(['Cohérence du programme', 'Ouverture internationale']);
    expect(plan.axes[0]!.objectives.map((o) => [o.title, o.actions.length])).toEqual([
      ['Harmoniser les fiches descriptives', 2],
      ['Renforcer les liens entre ateliers', 1],
    ]);
    expect(actions.map((a) => a.status)).toEqual([
      'done',
      'in_progress',
      'planned',
      'postponed',
      'planned',
      'dropped',
    ]);
    expect(actions.every((a) => a.sites.length === 0)).toBe(true);
  });

  it('splits <br> and "- a - b" lists', () => {
    expect(actions[0]!.indicators).toEqual(['Fiches publiées', 'Taux de fiches conformes']);
    expect(actions[2]!.text).toBe(
      "Organiser deux projets transversaux par an\nMutualiser un jury de fin d'année",
    );
    expect(actions[4]!.responsibles).toEqual(['Relations internationales', 'enseignants de langues']);
  });
});
