import { parseDeadline } from '../../../src/core/academic-calendar.ts';
import type { Action } from '../../../src/core/plan-schema.ts';
import { isClosedStatus } from '../../../src/core/status.ts';

/** The last day an action is due (ISO), from its parsed period or its deadline text. */
export function actionDueDate(action: Pick<Action, 'deadline' | 'deadlinePeriod'>): string | null {
  if (action.deadlinePeriod?.to) return action.deadlinePeriod.to;
  if (!action.deadline) return null;
  return parseDeadline(action.deadline).period?.to ?? null;
}

/** An open action whose deadline is past. */
export function isActionOverdue(
  action: Pick<Action, 'deadline' | 'deadlinePeriod' | 'status'>,
  today: string,
): boolean {
  if (isClosedStatus(action.status)) return false;
  const due = actionDueDate(action);
  return due !== null && due < today;
}

/** An open action due within the next `days` days. */
export function isActionDueSoon(
  action: Pick<Action, 'deadline' | 'deadlinePeriod' | 'status'>,
  today: string,
  days = 60,
): boolean {
  if (isClosedStatus(action.status)) return false;
  const due = actionDueDate(action);
  if (due === null || due < today) return false;
  const limit = new Date(`${today}T00:00:00Z`);
  limit.setUTCDate(limit.getUTCDate() + days);
  return due <= limit.toISOString().slice(0, 10);
}

/** Today as an ISO date in the user's time zone. */
export function todayIso(now: Date = new Date()): string {
  const offset = now.getTimezoneOffset() * 60_000;
  return new Date(now.getTime() - offset).toISOString().slice(0, 10);
}
