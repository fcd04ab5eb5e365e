import { describe, expect, it } from 'vitest';
import { planSchema } from './plan-schema.ts';
import { computeCoverage, computePlanStats } from './plan-stats.ts';

const plan = planSchema.parse({
  title: 'Plan',
  sites: [
    { code: 'LLN', name: 'Louvain-la-Neuve' },
    { code: 'MONS', name: 'Mons' },
  ],
  recommendations: [
    { criterion: '3', number: '6', text: 'Renforcer le travail de groupe' },
    { criterion: '3', number: '4', text: 'Améliorer la recherche de stages' },
    {
      criterion: '1',
      number: '13',
      text: 'Évaluer les enseignements',
      justification: 'Traité par le plan institutionnel',
    },
    { criterion: '2', number: '1', text: 'Ouvrir à la recherche' },
  ],
  axes: [
    {
      title: 'Axe 1',
      objectives: [
        {
          title: 'Fournir les outils du travail à plusieurs',
          references: ['Critère 3, Recommandation 6'],
          actions: [
            {
              text: '',
              responsibles: ['Directions'],
              status: 'in_progress',
              deadline: 'Juin 2026',
              deadlinePeriod: { from: '2026-06-01', to: '2026-06-30' },
            },
            { text: 'Ateliers', sites: ['LLN'], responsibles: ['CAR'], status: 'done' },
            {
              text: 'Tutorat',
              sites: ['MONS'],
              responsibles: ['CAR'],
              status: 'planned',
              deadlinePeriod: { from: null, to: '2025-12-31' },
            },
            { text: 'Bourse aux stages', sites: ['MONS'], status: 'dropped', references: ['C3-R4'] },
          ],
        },
      ],
    },
  ],
});

describe('computePlanStats', () => {
  const stats = computePlanStats(plan, '2026-06-10');
  it('counts actions by status, axis and site', () => {
    expect(stats.total).toBe(4);
    expect(stats.byStatus).toMatchObject({ in_progress: 1, done: 1, planned: 1, dropped: 1, none: 0 });
    expect(stats.bySite.map((s) => [s.site, s.total])).toEqual([
      ['common', 1],
      ['LLN', 1],
      ['MONS', 2],
    ]);
    expect(stats.byAxis[0]).toMatchObject({ title: 'Axe 1', total: 4 });
  });
  it('lists overdue and soon-due open actions', () => {
    expect(stats.overdue.map((a) => a.text)).toEqual(['Tutorat']);
    expect(stats.dueSoon.map((a) => a.text)).toEqual(['']);
  });
  it('ranks responsibles by open work and computes progress without dropped actions', () => {
    expect(stats.byResponsible[0]).toEqual({ responsible: 'CAR', open: 1, total: 2 });
    expect(stats.progress).toBeCloseTo(1 / 3);
  });
});

describe('computeCoverage', () => {
  it('links recommendations to objectives and actions and flags the unanswered ones', () => {
    const coverage = computeCoverage(plan);
    expect(coverage.map((c) => [c.key, c.state])).toEqual([
      ['C3-R6', 'answered'],
      ['C3-R4', 'answered'],
      ['C1-R13', 'justified'],
      ['C2-R1', 'unanswered'],
    ]);
    expect(coverage[0]!.objectives.map((o) => o.title)).toEqual([
      'Fournir les outils du travail à plusieurs',
    ]);
    expect(coverage[1]!.actions.map((a) => a.text)).toEqual(['Bourse aux stages']);
  });
});
