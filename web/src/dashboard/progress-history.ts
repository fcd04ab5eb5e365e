import { nextTerm, termOf, type Term, type TermSlot } from '../../../src/core/academic-calendar.ts';
import type { StatusChangesResponse } from '../../../src/core/api/plans.ts';
import type { Plan } from '../../../src/core/plan-schema.ts';
import type { StatusCounts } from '../../../src/core/plan-stats.ts';
import { listActions } from '../../../src/core/plan-walk.ts';
import { statusValues, type Status } from '../../../src/core/status.ts';
import { actionDueDate } from '../plan/action-deadline.ts';

export type StatusChange = StatusChangesResponse['changes'][number];

export interface HistoryPoint {
  year: string;
  term: Term;
  /** "Q1 26-27" */
  label: string;
  /** The day the statuses are counted at: the quadrimester's last day, or today for the current one. */
  asOf: string;
  /** The quadrimester holding today. */
  current: boolean;
  /** How many actions had each status on `asOf`; null for a quadrimester still to come. */
  counts: StatusCounts | null;
  /** Actions due by the end of the quadrimester. */
  due: number;
}

export interface ProgressHistory {
  /** Every action of the plan as it is now (the history counts these, see buildProgressHistory). */
  total: number;
  points: HistoryPoint[];
  /** The date of the earliest recorded status change; null when none was recorded. */
  firstChange: string | null;
}

/**
 * The last day a quadrimester holds, as `termOf` places dates: Q1 ends on 31 January, Q2 on
 * 31 August (July and August fall in Q2, as plans place them).
 */
export function slotEnd(slot: TermSlot): string {
  const next = Number(slot.year.slice(0, 4)) + 1;
  return slot.term === 'Q1' ? `${next}-01-31` : `${next}-08-31`;
}

const slotKey = (slot: TermSlot) => `${slot.year} ${slot.term}`;
const emptyCounts = (): StatusCounts =>
  ({ ...Object.fromEntries(statusValues.map((s) => [s, 0])), none: 0 }) as StatusCounts;

/**
 * How the plan's actions stood at the end of each quadrimester, rebuilt from the dated status
 * changes, and how many were due by then.
 *
 * Forward from the first known status: before its first recorded change an action had the
 * status that change started from (the status it was imported or created with); an action with
 * no recorded change had its status as imported all along. Each change counts from the date it
 * took effect (changes are ordered by that date, a back-dated change falling into place). The
 * current quadrimester is counted today, from the plan's current statuses: they are what the
 * plan says now, even where an edit changed a status outside the status history.
 *
 * The actions counted are the plan's current ones: a deleted action's changes are left out,
 * and an action added later counts from the start with the status it was created with.
 */
export function buildProgressHistory(plan: Plan, changes: StatusChange[], today: string): ProgressHistory {
  const actions = listActions(plan).map(({ action }) => action);
  const known = new Set(actions.map((action) => action.id ?? ''));
  const relevant = changes.filter((change) => known.has(change.actionId));
  const byAction = new Map<string, StatusChange[]>();
  for (const change of relevant) {
    const list = byAction.get(change.actionId) ?? [];
    list.push(change);
    byAction.set(change.actionId, list);
  }
  const timelines = actions.map((action) => {
    const recorded = byAction.get(action.id ?? '') ?? [];
    // Array.prototype.sort is stable: changes of one day keep the order they were recorded in.
    const dated = [...recorded].sort((a, b) => a.date.localeCompare(b.date));
    return {
      initial: recorded.length > 0 ? recorded[0]!.from : action.status,
      dated,
      current: action.status,
      due: actionDueDate(action),
    };
  });
  const firstChange = relevant.reduce<string | null>(
    (first, change) => (first === null || change.date < first ? change.date : first),
    null,
  );
  const dues = timelines.map((line) => line.due).filter((due): due is string => due !== null);
  const starts = [firstChange, ...dues].filter((date): date is string => date !== null).sort();
  const todaySlot = termOf(today);
  if (actions.length === 0) return { total: 0, points: [], firstChange };
  const firstSlot = starts.length > 0 && starts[0]! < today ? termOf(starts[0]!) : todaySlot;
  const lastDue = dues.length > 0 ? dues.reduce((a, b) => (a > b ? a : b)) : today;
  const lastSlot = termOf(lastDue > today ? lastDue : today);

  const points: HistoryPoint[] = [];
  let slot = firstSlot;
  for (let guard = 0; guard < 120; guard++) {
    const end = slotEnd(slot);
    const current = slotKey(slot) === slotKey(todaySlot);
    const past = end < today;
    let counts: StatusCounts | null = null;
    if (current || past) {
      counts = emptyCounts();
      for (const line of timelines) {
        const status = current ? line.current : statusOn(line.initial, line.dated, end);
        counts[status ?? 'none']++;
      }
    }
    points.push({
      year: slot.year,
      term: slot.term,
      label: `${slot.term} ${slot.year.slice(2, 4)}-${slot.year.slice(7, 9)}`,
      asOf: current ? today : end,
      current,
      counts,
      due: timelines.filter((line) => line.due !== null && line.due <= end).length,
    });
    if (slotKey(slot) === slotKey(lastSlot)) break;
    slot = nextTerm(slot);
  }
  return { total: actions.length, points, firstChange };
}

/** The status after the last change that took effect on or before `day`, else the initial one. */
function statusOn(initial: Status | null, dated: StatusChange[], day: string): Status | null {
  let status = initial;
  for (const change of dated) {
    if (change.date > day) break;
    status = change.to;
  }
  return status;
}
