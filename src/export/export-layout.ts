import { formatCustomFieldValue } from '../core/custom-fields.ts';
import type { Action, Axis, Column, Objective, Plan } from '../core/plan-schema.ts';
import { formatTemplatePriority, orderColumns, type Template } from '../core/plan-template.ts';
import { statusLabel } from '../core/status.ts';

/**
 * `original` reproduces the institution's own column template (plan.columns, or an objective's
 * own `columns` for an "Etape" table); `aeqes` is the agency's template.
 */
export const exportLayouts = ['original', 'aeqes'] as const;
export type ExportLayout = (typeof exportLayouts)[number];

export const aeqesColumns: Column[] = [
  { key: 'text', label: 'Description des actions' },
  { key: 'priority', label: 'Degré de priorité' },
  { key: 'responsibles', label: 'Responsable(s)' },
  { key: 'statusDeadline', label: 'Degré de réalisation / Échéance(s)' },
  { key: 'expectedResults', label: 'Résultats attendus' },
  { key: 'conditions', label: 'Conditions de réalisation' },
];

/** Column keys naming the objective's title (the unnamed first column of the 2026 plan). */
const objectiveTitleKeys = new Set(['objective', 'objectiveTitle', 'title']);
/** Fields an objective row can fill; an action of the same table may fill them instead (steps). */
const objectiveFieldKeys = new Set(['references', 'steeringLevel', 'guarantor', 'expectedResults']);

export function isObjectiveTitleColumn(column: Column): boolean {
  return objectiveTitleKeys.has(column.key);
}

/**
 * A column of a detailed table. `ofAction` marks a plain objective-level field whose objective
 * form has a column of its own in the same template ("Références de l'action" beside
 * `objective:references`, as Jalon's sheets have them): that column is the action's.
 */
export type LayoutColumn = Column & { ofAction?: boolean };

/** The columns of a detailed table: the objective's own template, then the plan's, then AEQES. */
export function selectColumns(plan: Plan, layout: ExportLayout, objective?: Objective): LayoutColumn[] {
  if (layout === 'aeqes') return aeqesColumns;
  if (objective?.columns?.length)
    return markActionColumns(readStepTemplate(withoutPlacementColumns(objective.columns)));
  if (plan.template)
    return markActionColumns(withoutPlacementColumns(templateDocumentColumns(plan.template)));
  const columns = markActionColumns(withoutPlacementColumns(plan.columns));
  return columns.length ? columns : aeqesColumns;
}

/** A custom field's column key in a layout: "custom:<key>". */
export const customColumnKey = (key: string) => `custom:${key}`;

/**
 * The columns a template gives the DOCX, PDF and HTML: its document layout's choice, in its
 * export order, under its labels in the plan's language; fields of its own as "custom:<key>".
 */
export function templateDocumentColumns(template: Template): Column[] {
  return orderColumns(template, 'docx').map((column) => ({
    key: column.field ?? customColumnKey(column.key),
    label: column.label[template.language],
  }));
}

function markActionColumns(columns: Column[]): LayoutColumn[] {
  const objectiveForms = new Set(
    columns.filter((c) => c.key.startsWith('objective:')).map((c) => c.key.slice(10)),
  );
  return columns.map((c) =>
    objectiveFieldKeys.has(c.key) && objectiveForms.has(c.key) ? { ...c, ofAction: true } : c,
  );
}

/** In a road map's table the "Etape" column holds the step and "Actions locales" its tasks. */
function readStepTemplate(columns: Column[]): Column[] {
  if (!columns.some((c) => c.key === 'step')) return columns;
  return columns.map((c) => (c.key === 'text' ? { ...c, key: 'tasks' } : c));
}

/**
 * A flat source (one sheet with Axe and Sous-dimension columns) records them as columns; the
 * document shows axes as headings and sub-dimensions as rows instead.
 */
const placementKeys = new Set(['axis', 'subdimension', 'generalObjective']);
function withoutPlacementColumns(columns: Column[]): Column[] {
  return columns.filter((c) => !placementKeys.has(c.key));
}

/**
 * Whether a column of this table is filled once per objective (merged over its actions) rather
 * than per action: the objective's own fields, unless one of the table's actions fills them or
 * the template has the field's objective form too (then the plain column is the action's).
 */
export function isObjectiveLevelColumn(column: LayoutColumn, actions: Action[]): boolean {
  if (isObjectiveTitleColumn(column)) return true;
  if (column.key.startsWith('objective:')) return true;
  if (!objectiveFieldKeys.has(column.key) || column.ofAction) return false;
  return !actions.some((action) => readActionCell(column, action).length > 0);
}

/** "Axe 2 : title", the form importers recognise as an axis row. */
export function formatAxisTitle(axis: Axis): string {
  return axis.number ? `Axe ${axis.number} : ${axis.title}` : axis.title;
}

const stars = (n: number | null) => (n ? '*'.repeat(n) : '');

/** "LLN : text" for a local action, the way plans mark campus actions. */
export function formatActionText(action: Action): string {
  if (action.sites.length === 0) return action.text;
  return `${action.sites.join(', ')} : ${action.text}`;
}

/** The status as the plan wrote it, or its French label. */
export function formatStatus(action: Action): string {
  return action.statusLabel ?? (action.status ? statusLabel(action.status) : '');
}

/**
 * The AEQES "Degré de réalisation / Échéance(s)" cell holds status and deadline; the deadline is
 * added only when the status text does not already carry it.
 */
export function formatStatusAndDeadline(action: Action): string {
  const status = formatStatus(action);
  const deadline = action.deadline ?? '';
  if (!deadline || status.includes(deadline)) return status;
  if (!status) return deadline;
  return `${status} (${deadline})`;
}

/**
 * The paragraphs an action puts in a column (one per list item). The campus goes in front of
 * the text ("LLN : …") unless the table has a column of its own for it.
 */
export function readActionCell(
  column: Column,
  action: Action,
  options: { sitePrefix?: boolean; template?: Template | null } = {},
): string[] {
  const one = (value: string | null | undefined) => (value ? [value] : []);
  if (column.key.startsWith('extra:')) return one(action.extra[column.key.slice(6)]);
  if (column.key.startsWith('custom:')) return readCustomCell(column.key.slice(7), action, options.template);
  switch (column.key) {
    case 'text':
    case 'step':
      return one(options.sitePrefix === false ? action.text : formatActionText(action));
    case 'sites':
      return one(action.sites.join(', '));
    case 'references':
    case 'responsibles':
    case 'indicators':
    case 'expectedResults':
    case 'tasks':
      return action[column.key];
    case 'status':
    case 'statusLabel':
      return one(formatStatus(action));
    case 'statusDeadline':
      return one(formatStatusAndDeadline(action));
    case 'priority':
      // In the template's scale ("Haute") when the plan has one, in stars otherwise.
      return one(
        action.priority && options.template?.priorityScale
          ? formatTemplatePriority(options.template, action.priority, options.template.language)
          : stars(action.priority),
      );
    case 'deadline':
      return one(action.deadline);
    case 'steeringLevel':
      return one(action.steeringLevel?.label);
    case 'guarantor':
    case 'conditions':
    case 'notes':
      return one(action[column.key]);
    default:
      return one(action.extra[column.label]);
  }
}

/** A custom field's value as paragraphs, written as the template's column types it (a removed column's value as it is). */
export function readCustomCell(key: string, action: Action, template: Template | null | undefined): string[] {
  const value = action.customFields[key];
  const column = template?.columns.find((c) => c.key === key && !c.field);
  const text = column
    ? formatCustomFieldValue(column, value, template ?? null, template?.language)
    : Array.isArray(value)
      ? value.join('\n')
      : value === undefined
        ? ''
        : String(value);
  return text ? text.split('\n') : [];
}

/** The paragraphs an objective puts in an objective-level column. */
export function readObjectiveCell(column: Column, objective: Objective): string[] {
  const one = (value: string | null | undefined) => (value ? [value] : []);
  if (isObjectiveTitleColumn(column)) return one(objective.title);
  const key = column.key.startsWith('objective:') ? column.key.slice(10) : column.key;
  if (key.startsWith('extra:')) return one(objective.extra[key.slice(6)]);
  switch (key) {
    case 'references':
    case 'expectedResults':
      return objective[key];
    case 'steeringLevel':
      return one(objective.steeringLevel?.label);
    case 'guarantor':
    case 'notes':
      return one(objective[key]);
    default:
      return one(objective.extra[column.label]);
  }
}
