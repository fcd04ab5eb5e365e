import type { Plan, Recommendation } from './plan-schema.ts';
import { listActions, listObjectives } from './plan-walk.ts';
import { parseRecommendationRefs, recommendationKey } from './recommendation-reference.ts';
import { isClosedStatus, statusValues, type Status } from './status.ts';

export type StatusCounts = Record<Status | 'none', number>;

const emptyCounts = (): StatusCounts =>
  ({ ...Object.fromEntries(statusValues.map((s) => [s, 0])), none: 0 }) as StatusCounts;

export interface PlanStats {
  total: number;
  byStatus: StatusCounts;
  byAxis: Array<{
    axisId: string | undefined;
    number: string | null;
    title: string;
    counts: StatusCounts;
    total: number;
  }>;
  /** Per site code; "common" for actions shared by all sites. */
  bySite: Array<{ site: string; counts: StatusCounts; total: number }>;
  byResponsible: Array<{ responsible: string; open: number; total: number }>;
  overdue: Array<{
    id: string | undefined;
    text: string;
    sites: string[];
    due: string;
    status: Status | null;
  }>;
  dueSoon: Array<{
    id: string | undefined;
    text: string;
    sites: string[];
    due: string;
    status: Status | null;
  }>;
  /** Share of actions done or implemented among those not dropped, 0..1. */
  progress: number;
}

/**
 * The figures a dashboard shows, computed from the plan itself: status by axis and by site,
 * workload per responsible, overdue actions (past their deadline and not closed) and those due in
 * the next `soonDays` days, as of `today` (an ISO date).
 */
export function computePlanStats(plan: Plan, today: string, soonDays = 30): PlanStats {
  const stats: PlanStats = {
    total: 0,
    byStatus: emptyCounts(),
    byAxis: [],
    bySite: [],
    byResponsible: [],
    overdue: [],
    dueSoon: [],
    progress: 0,
  };
  const axes = new Map(
    plan.axes.map((axis) => [
      axis,
      { axisId: axis.id, number: axis.number, title: axis.title, counts: emptyCounts(), total: 0 },
    ]),
  );
  const sites = new Map<string, { site: string; counts: StatusCounts; total: number }>();
  const responsibles = new Map<string, { responsible: string; open: number; total: number }>();
  const soonLimit = addDays(today, soonDays);
  for (const { action, axis } of listActions(plan)) {
    const key = action.status ?? 'none';
    stats.total++;
    stats.byStatus[key]++;
    const axisEntry = axes.get(axis)!;
    axisEntry.counts[key]++;
    axisEntry.total++;
    for (const site of action.sites.length > 0 ? action.sites : ['common']) {
      const entry = sites.get(site) ?? { site, counts: emptyCounts(), total: 0 };
      entry.counts[key]++;
      entry.total++;
      sites.set(site, entry);
    }
    for (const name of action.responsibles) {
      const entry = responsibles.get(name) ?? { responsible: name, open: 0, total: 0 };
      entry.total++;
      if (!isClosedStatus(action.status)) entry.open++;
      responsibles.set(name, entry);
    }
    const due = action.deadlinePeriod?.to;
    if (due && !isClosedStatus(action.status)) {
      const item = { id: action.id, text: action.text, sites: action.sites, due, status: action.status };
      if (due < today) stats.overdue.push(item);
      else if (due <= soonLimit) stats.dueSoon.push(item);
    }
  }
  stats.byAxis = [...axes.values()];
  stats.bySite = [...sites.values()];
  stats.byResponsible = [...responsibles.values()].sort(
    (a, b) => b.open - a.open || a.responsible.localeCompare(b.responsible),
  );
  stats.overdue.sort((a, b) => a.due.localeCompare(b.due));
  stats.dueSoon.sort((a, b) => a.due.localeCompare(b.due));
  const counted = stats.total - stats.byStatus.dropped;
  stats.progress = counted > 0 ? (stats.byStatus.done + stats.byStatus.implemented) / counted : 0;
  return stats;
}

function addDays(isoDate: string, days: number): string {
  const d = new Date(`${isoDate}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

export interface CoverageEntry {
  recommendation: Recommendation;
  key: string;
  objectives: Array<{ id: string | undefined; title: string }>;
  actions: Array<{ id: string | undefined; text: string }>;
  state: 'answered' | 'justified' | 'unanswered';
}

/**
 * Which recommendation of the register is answered by which objectives and actions (through
 * their references, "Critère 3, Recommandation 6"), and which are left unanswered or justified.
 * A reference naming only a criterion answers every recommendation of that criterion; an
 * explicit link (`recommendationIds`) answers the one it names.
 */
export function computeCoverage(plan: Plan): CoverageEntry[] {
  const entries = plan.recommendations.map((recommendation) => ({
    recommendation,
    key: recommendationKey(recommendation),
    objectives: [] as CoverageEntry['objectives'],
    actions: [] as CoverageEntry['actions'],
    state: 'unanswered' as CoverageEntry['state'],
  }));
  const matching = (references: string[], ids: string[]) => {
    const refs = references.flatMap(parseRecommendationRefs);
    return entries.filter(
      (e) =>
        (e.recommendation.id !== undefined && ids.includes(e.recommendation.id)) ||
        refs.some(
          (r) =>
            (r.criterion === e.recommendation.criterion || r.criterion === null) &&
            (r.number === e.recommendation.number || (r.number === null && r.criterion !== null)),
        ),
    );
  };
  for (const { objective } of listObjectives(plan)) {
    for (const entry of matching(objective.references, objective.recommendationIds))
      entry.objectives.push({ id: objective.id, title: objective.title });
  }
  for (const { action } of listActions(plan)) {
    for (const entry of matching(action.references, action.recommendationIds))
      entry.actions.push({ id: action.id, text: action.text });
  }
  for (const entry of entries) {
    if (entry.objectives.length > 0 || entry.actions.length > 0) entry.state = 'answered';
    else if (entry.recommendation.justification) entry.state = 'justified';
  }
  return entries;
}
