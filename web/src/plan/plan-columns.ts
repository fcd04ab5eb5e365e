import { actionSchema, type Action, type Column, type Objective } from '../../../src/core/plan-schema.ts';

/** Columns shown when a plan carries no template of its own (a plan made in Jalon). */
export const defaultActionColumns: Column[] = [
  { key: 'text', label: 'Action' },
  { key: 'sites', label: 'Implantations' },
  { key: 'responsibles', label: 'Responsables' },
  { key: 'deadline', label: 'Échéance' },
  { key: 'priority', label: 'Priorité' },
  { key: 'indicators', label: 'Indicateurs' },
  { key: 'status', label: 'État de réalisation' },
];

const actionFields = new Set(Object.keys(actionSchema.shape));
const objectiveFields = new Set([
  'title',
  'references',
  'steeringLevel',
  'guarantor',
  'expectedResults',
  'completionNote',
  'notes',
]);

export interface ResolvedColumns {
  /** Columns the objective itself answers (reference, steering level, guarantor…), shown above its actions. */
  objectiveColumns: Column[];
  /** Columns of the actions table, in the template's order. */
  actionColumns: Column[];
}

/** "objective.guarantor" → "guarantor"; the key without its owner prefix. */
export function fieldOf(key: string): string {
  return key.replace(/^(action|objective)\./, '');
}

/**
 * Splits the template of an objective's table between the objective and its actions. A column
 * both can hold (expected results, references) goes to the actions when one of them fills it,
 * and to the objective otherwise, so that the table has no column that is empty throughout.
 */
export function resolveColumns(
  planColumns: Column[],
  objective: Objective | null,
  actions: Action[],
): ResolvedColumns {
  const template = objective?.columns?.length
    ? objective.columns
    : planColumns.length
      ? planColumns
      : defaultActionColumns;
  const objectiveColumns: Column[] = [];
  const actionColumns: Column[] = [];
  for (const column of template) {
    const field = fieldOf(column.key);
    const forObjective =
      column.key.startsWith('objective.') || (!actionFields.has(field) && objectiveFields.has(field));
    const forAction =
      column.key.startsWith('action.') || column.key.startsWith('extra:') || actionFields.has(field);
    if (field === 'title' && !column.key.startsWith('action.')) continue;
    if (forObjective && !forAction) {
      objectiveColumns.push(column);
    } else if (forAction && objective && objectiveFields.has(field) && !column.key.startsWith('action.')) {
      const actionsFill = actions.some((action) => !isEmptyValue(readActionCell(action, column.key)));
      (actionsFill ? actionColumns : objectiveColumns).push(column);
    } else if (forAction) {
      actionColumns.push(column);
    }
  }
  if (!actionColumns.some((column) => fieldOf(column.key) === 'text'))
    actionColumns.unshift({ key: 'text', label: 'Action' });
  if (!actionColumns.some((column) => fieldOf(column.key) === 'status')) {
    actionColumns.push({ key: 'status', label: 'État de réalisation' });
  }
  return { objectiveColumns, actionColumns };
}

export function readActionCell(action: Action, key: string): unknown {
  if (key.startsWith('extra:')) return action.extra[key.slice('extra:'.length)] ?? null;
  return (action as Record<string, unknown>)[fieldOf(key)] ?? null;
}

export function readObjectiveCell(objective: Objective, key: string): unknown {
  if (key.startsWith('extra:')) return objective.extra[key.slice('extra:'.length)] ?? null;
  return (objective as Record<string, unknown>)[fieldOf(key)] ?? null;
}

export function isEmptyValue(value: unknown): boolean {
  if (value === null || value === undefined || value === '') return true;
  if (Array.isArray(value)) return value.length === 0;
  return false;
}
