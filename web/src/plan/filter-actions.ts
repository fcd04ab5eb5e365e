import type { ActionContext } from '../../../src/core/plan-walk.ts';
import type { Status } from '../../../src/core/status.ts';
import { foldText } from '../../../src/core/text.ts';
import { isActionOverdue } from './action-deadline.ts';

export interface ActionFilters {
  /** A site code; actions common to all sites match every site. */
  site: string;
  status: Status | 'none' | '';
  responsible: string;
  priority: '' | '1' | '2' | '3' | 'none';
  overdue: boolean;
  text: string;
}

export const emptyFilters: ActionFilters = {
  site: '',
  status: '',
  responsible: '',
  priority: '',
  overdue: false,
  text: '',
};

export function hasActiveFilters(filters: ActionFilters): boolean {
  return (
    filters.site !== '' ||
    filters.status !== '' ||
    filters.responsible !== '' ||
    filters.priority !== '' ||
    filters.overdue ||
    filters.text.trim() !== ''
  );
}

/** Whether an action, in its place in the plan, passes every active filter. */
export function matchesFilters(context: ActionContext, filters: ActionFilters, today: string): boolean {
  const { action } = context;
  if (filters.site && action.sites.length > 0 && !action.sites.includes(filters.site)) return false;
  if (
    filters.status === 'none' ? action.status !== null : filters.status && action.status !== filters.status
  ) {
    return false;
  }
  if (filters.responsible && !action.responsibles.includes(filters.responsible)) return false;
  if (
    filters.priority === 'none'
      ? action.priority !== null
      : filters.priority && String(action.priority) !== filters.priority
  ) {
    return false;
  }
  if (filters.overdue && !isActionOverdue(action, today)) return false;
  const words = foldText(filters.text).split(/\s+/).filter(Boolean);
  if (words.length > 0) {
    const haystack = foldText(
      [
        action.text,
        action.statusLabel ?? '',
        action.deadline ?? '',
        ...action.responsibles,
        ...action.indicators,
        ...action.tasks,
        ...context.objectives.map((objective) => objective.title),
      ].join(' '),
    );
    if (!words.every((word) => haystack.includes(word))) return false;
  }
  return true;
}

/** The ids of the actions that pass the filters. */
export function filterActionIds(
  contexts: ActionContext[],
  filters: ActionFilters,
  today: string,
): Set<string> {
  const ids = new Set<string>();
  for (const context of contexts) {
    if (context.action.id && matchesFilters(context, filters, today)) ids.add(context.action.id);
  }
  return ids;
}

/** Every responsible named in the plan, sorted, for the responsible filter. */
export function listResponsibles(contexts: ActionContext[]): string[] {
  const names = new Set<string>();
  for (const { action } of contexts) for (const name of action.responsibles) names.add(name);
  return [...names].sort((a, b) => a.localeCompare(b, 'fr'));
}
