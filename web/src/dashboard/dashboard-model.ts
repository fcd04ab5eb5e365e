import type { Plan } from '../../../src/core/plan-schema.ts';
import { computePlanStats, type PlanStats } from '../../../src/core/plan-stats.ts';
import { buildCoverage } from '../recommendations/recommendation-coverage.ts';

export interface Dashboard {
  stats: PlanStats;
  coverage: { recommendations: number; covered: number };
}

/**
 * The dashboard's figures of the plan as it is now, computed from the plan the page already
 * holds (core's statistics and recommendation coverage), so that the charts agree with the plan
 * table and follow its edits without another request. Progress over time needs the dated status
 * history as well: see progress-history.ts.
 */
export function buildDashboard(plan: Plan, today: string): Dashboard {
  const coverage = buildCoverage(plan);
  return {
    stats: computePlanStats(plan, today),
    coverage: {
      recommendations: coverage.length,
      covered: coverage.filter((row) => row.answers.length > 0).length,
    },
  };
}
