import type { Plan } from './plan-schema.ts';
import { computeCoverage, computePlanStats, type StatusCounts } from './plan-stats.ts';

/** One plan's row on a cluster page: the dashboard's figures, shrunk to what is compared across institutions. */
export interface ClusterPlanFigures {
  actionCount: number;
  byStatus: StatusCounts;
  /** Actions past their deadline and not closed, as of the day given. */
  overdue: number;
  recommendations: number;
  /** Recommendations answered by an objective or an action, or justified: the dashboard's "covered". */
  answered: number;
}

/**
 * A plan's figures for the cluster page, from the same computations as its dashboard
 * (`computePlanStats`, `computeCoverage`), so the two never disagree.
 */
export function computeClusterPlanFigures(plan: Plan, today: string): ClusterPlanFigures {
  const stats = computePlanStats(plan, today);
  const coverage = computeCoverage(plan);
  return {
    actionCount: stats.total,
    byStatus: stats.byStatus,
    overdue: stats.overdue.length,
    recommendations: coverage.length,
    answered: coverage.filter((c) => c.state !== 'unanswered').length,
  };
}
