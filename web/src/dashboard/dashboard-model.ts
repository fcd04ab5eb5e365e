import { academicYearsBetween, termOf, termPeriod, type Term } from '../../../src/core/academic-calendar.ts';
import type { Plan } from '../../../src/core/plan-schema.ts';
import { computePlanStats, type PlanStats } from '../../../src/core/plan-stats.ts';
import { listActions } from '../../../src/core/plan-walk.ts';
import { isClosedStatus } from '../../../src/core/status.ts';
import { actionDueDate } from '../plan/action-deadline.ts';
import { buildCoverage } from '../recommendations/recommendation-coverage.ts';

export interface ProgressPoint {
  year: string;
  term: Term;
  label: string;
  /** Actions due by the end of this quadrimester. */
  due: number;
  /** Of those, the ones done, implemented or dropped today. */
  closed: number;
}

export interface Dashboard {
  stats: PlanStats;
  progress: ProgressPoint[];
  coverage: { recommendations: number; covered: number };
}

/**
 * Everything the dashboard charts, computed from the plan the page already holds (core's
 * statistics plus progress per quadrimester), so that the charts agree with the plan table and
 * follow its edits without another request.
 */
export function buildDashboard(plan: Plan, today: string): Dashboard {
  const coverage = buildCoverage(plan);
  return {
    stats: computePlanStats(plan, today),
    progress: buildProgress(plan),
    coverage: {
      recommendations: coverage.length,
      covered: coverage.filter((row) => row.answers.length > 0).length,
    },
  };
}

/**
 * Per quadrimester, how many actions were due by its end and how many of those are closed now.
 * Statuses imported from a document carry no date, so this measures progress against the
 * schedule rather than a dated history.
 */
export function buildProgress(plan: Plan): ProgressPoint[] {
  const dues = listActions(plan)
    .map(({ action }) => ({ due: actionDueDate(action), closed: isClosedStatus(action.status) }))
    .filter((entry): entry is { due: string; closed: boolean } => entry.due !== null);
  if (dues.length === 0) return [];
  const sorted = dues.map((entry) => entry.due).sort();
  const years = academicYearsBetween(termOf(sorted[0]!).year, termOf(sorted[sorted.length - 1]!).year);
  return years.flatMap((year) =>
    (['Q1', 'Q2'] as const).map((term) => {
      const end = termPeriod({ year, term }).to;
      const dueBy = dues.filter((entry) => entry.due <= end);
      return {
        year,
        term,
        label: `${term} ${year.slice(2, 4)}-${year.slice(7, 9)}`,
        due: dueBy.length,
        closed: dueBy.filter((entry) => entry.closed).length,
      };
    }),
  );
}
