import { describe, expect, it } from 'vitest';
import { assignIds } from '../../../src/core/plan-walk.ts';
import { buildPlan } from '../../../test/factories/build-plan.ts';
import { buildDashboard } from '../dashboard/dashboard-model.ts';
import { buildCoverage } from './recommendation-coverage.ts';

describe('recommendation coverage', () => {
  const plan = assignIds(
    buildPlan({
      actionCount: 40,
      recommendations: [
        { criterion: '3', number: '6', text: 'Renforcer l’apprentissage du travail de groupe.' },
        { criterion: '4', number: '9', text: 'Associer les alumni.' },
      ],
    }),
  );
  const rows = buildCoverage(plan);

  it('keeps the register, marks an unanswered recommendation and adds those only cited', () => {
    const unanswered = rows.find((r) => r.criterion === '4' && r.number === '9');
    expect(unanswered?.answers).toEqual([]);
    expect(unanswered?.citedOnly).toBe(false);
    expect(rows.some((r) => r.citedOnly && r.answers.length > 0)).toBe(true);
    const cited = rows.find((r) => r.citedOnly)!;
    expect(cited.answers[0]!.kind).toBe('objective');
  });

  it('carries the register entry’s id, to justify it or link it; none for a cited-only one', () => {
    const unanswered = rows.find((r) => r.criterion === '4' && r.number === '9')!;
    expect(unanswered.id).toBe(plan.recommendations.find((r) => r.number === '9')!.id);
    expect(unanswered.state).toBe('unanswered');
    expect(rows.filter((r) => r.citedOnly).every((r) => r.id === null)).toBe(true);
  });

  it('feeds the dashboard’s coverage figure', () => {
    const dashboard = buildDashboard(plan, '2026-11-23');
    expect(dashboard.coverage.recommendations).toBe(rows.length);
    expect(dashboard.coverage.covered).toBe(rows.filter((r) => r.answers.length > 0).length);
  });
});
