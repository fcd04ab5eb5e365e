import {
  academicYearsBetween,
  normaliseAcademicYear,
  termOf,
  termPeriod,
  termSlotsOf,
  type Term,
} from '../../../src/core/academic-calendar.ts';
import type { Objective, Plan } from '../../../src/core/plan-schema.ts';

export interface TimelineColumn {
  year: string;
  term: Term;
  key: string;
}

export interface TimelineRow {
  kind: 'axis' | 'objective';
  id: string;
  title: string;
  /** 0 for a general objective, 1 for an operational objective under it. */
  depth: number;
  scope: 'all' | 'some' | null;
  isNew: boolean;
  completionNote: string | null;
  /** Keys of the columns ("2025-2026:Q1") the objective runs in. */
  slots: Set<string>;
}

export interface Timeline {
  columns: TimelineColumn[];
  rows: TimelineRow[];
}

export const slotKey = (year: string, term: Term) => `${year}:${term}`;

/**
 * The synthesis timeline: axes and their objectives against academic years split in Q1/Q2.
 * Years come from the plan's own timeline header and its objectives; a year missing between two
 * others (seed 000 skips 2026-2027) is filled in, since the calendar has no hole.
 */
export function buildTimeline(plan: Plan): Timeline {
  const rows: TimelineRow[] = [];
  const years = new Set<string>();
  for (const year of plan.timelineYears) {
    const normal = normaliseAcademicYear(year);
    if (normal) years.add(normal);
  }
  const visit = (objective: Objective, depth: number) => {
    const slots = objectiveSlots(objective);
    for (const key of slots) years.add(key.slice(0, 9));
    rows.push({
      kind: 'objective',
      id: objective.id ?? '',
      title: objective.title,
      depth,
      scope: objective.scope ?? deriveScope(plan, objective),
      isNew: objective.isNew,
      completionNote: objective.completionNote,
      slots,
    });
    for (const child of objective.objectives) visit(child, depth + 1);
  };
  for (const axis of plan.axes) {
    rows.push({
      kind: 'axis',
      id: axis.id ?? '',
      title: axis.number ? `${axis.number}. ${axis.title}` : axis.title,
      depth: 0,
      scope: null,
      isNew: false,
      completionNote: null,
      slots: new Set(),
    });
    for (const objective of axis.objectives) visit(objective, 0);
    for (const sub of axis.subdimensions) for (const objective of sub.objectives) visit(objective, 0);
  }
  const sorted = [...years].sort();
  const all = sorted.length > 0 ? academicYearsBetween(sorted[0]!, sorted[sorted.length - 1]!) : [];
  const columns = all.flatMap((year) =>
    (['Q1', 'Q2'] as const).map((term) => ({ year, term, key: slotKey(year, term) })),
  );
  return { columns, rows };
}

/** The objective's own timeline, or the quadrimesters its actions' deadlines cover. */
function objectiveSlots(objective: Objective): Set<string> {
  if (objective.timeline.length > 0)
    return new Set(objective.timeline.map((slot) => slotKey(slot.year, slot.term)));
  const slots = new Set<string>();
  for (const action of objective.actions) {
    const period = action.deadlinePeriod;
    if (period?.from && period.to)
      for (const slot of termSlotsOf(period)) slots.add(slotKey(slot.year, slot.term));
  }
  return slots;
}

/** All sites when an action is common to all or the actions cover every site of the plan. */
function deriveScope(plan: Plan, objective: Objective): 'all' | 'some' | null {
  if (plan.sites.length <= 1) return 'all';
  const covered = new Set<string>();
  let common = false;
  let count = 0;
  const collect = (node: Objective) => {
    for (const action of node.actions) {
      count++;
      if (action.sites.length === 0) common = true;
      for (const site of action.sites) covered.add(site);
    }
    node.objectives.forEach(collect);
  };
  collect(objective);
  if (count === 0) return null;
  return common || plan.sites.every((site) => covered.has(site.code)) ? 'all' : 'some';
}

/** Where today falls: the column and how far through it (0 to 1), or null outside the timeline. */
export function locateToday(
  columns: TimelineColumn[],
  today: string,
): { key: string; fraction: number } | null {
  const slot = termOf(today);
  const key = slotKey(slot.year, slot.term);
  if (!columns.some((column) => column.key === key)) return null;
  const period = termPeriod(slot);
  const start = Date.parse(period.from);
  const end = Date.parse(period.to);
  const fraction = Math.min(1, Math.max(0, (Date.parse(today) - start) / (end - start)));
  return { key, fraction };
}
