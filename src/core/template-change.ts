import { parseDeadline } from './academic-calendar.ts';
import {
  buildCustomFieldsSchema,
  isEmptyCustomValue,
  parseCustomFieldValue,
  type CustomFieldValue,
} from './custom-fields.ts';
import type { Action, Plan } from './plan-schema.ts';
import { listActions } from './plan-walk.ts';
import { readTemplatePriority, readTemplateStatus, type Template } from './plan-template.ts';
import { parseStatus } from './status.ts';

/** Jalon fields a custom column's values can be moved into. */
export const mappableActionFields = [
  'text',
  'responsibles',
  'indicators',
  'expectedResults',
  'references',
  'tasks',
  'guarantor',
  'conditions',
  'notes',
  'deadline',
  'status',
  'priority',
] as const;
export type MappableActionField = (typeof mappableActionFields)[number];

export type CustomColumnTarget = { field: MappableActionField } | { custom: string };

export interface MappingResult {
  plan: Plan;
  /** Actions whose value moved. */
  moved: number;
  /** Actions whose value stayed under the old key: the target already held a value, or could not hold it. */
  kept: number;
}

const asLines = (value: CustomFieldValue): string[] =>
  (Array.isArray(value) ? value : String(value).split('\n')).map((v) => v.trim()).filter(Boolean);

/**
 * Maps a custom column (one the importer made of an unknown header, say) onto a Jalon field or
 * another custom column: each action's value moves there, and the column leaves the template
 * once no action holds a value under it. A value is never overwritten nor dropped: an action
 * whose target is already filled, or cannot hold the value, keeps it under the old key.
 */
export function mapCustomColumn(plan: Plan, key: string, target: CustomColumnTarget): MappingResult {
  const next = structuredClone(plan);
  const template = next.template;
  let moved = 0;
  let kept = 0;
  for (const { action } of listActions(next)) {
    const value = action.customFields[key];
    if (isEmptyCustomValue(value)) continue;
    if (moveValue(action, value!, target, template)) {
      delete action.customFields[key];
      moved++;
    } else kept++;
  }
  if (template && kept === 0) {
    template.columns = template.columns.filter((c) => c.key !== key || c.field !== undefined);
    if (template.document.columns)
      template.document.columns = template.document.columns.filter((k) => k !== key);
  }
  return { plan: next, moved, kept };
}

function moveValue(
  action: Action,
  value: CustomFieldValue,
  target: CustomColumnTarget,
  template: Template | null,
): boolean {
  if ('custom' in target) {
    if (!isEmptyCustomValue(action.customFields[target.custom])) return false;
    const column = template?.columns.find((c) => c.key === target.custom && !c.field);
    if (!column) {
      action.customFields[target.custom] = value;
      return true;
    }
    const parsed = parseCustomFieldValue(column, asLines(value), template);
    if (!parsed.ok || parsed.value === undefined) return false;
    action.customFields[target.custom] = parsed.value;
    return true;
  }
  const text = asLines(value).join('\n');
  switch (target.field) {
    case 'responsibles':
    case 'indicators':
    case 'expectedResults':
    case 'references':
    case 'tasks':
      action[target.field] = [...action[target.field], ...asLines(value)];
      return true;
    case 'text':
    case 'guarantor':
    case 'conditions':
    case 'notes': {
      const held = action[target.field];
      if (held) return false;
      action[target.field] = text;
      return true;
    }
    case 'deadline':
      if (action.deadline) return false;
      action.deadline = text;
      action.deadlinePeriod = parseDeadline(text).period;
      return true;
    case 'status': {
      if (action.statusLabel || action.status) return false;
      const status = readTemplateStatus(template, text)?.status ?? parseStatus(text).status;
      action.status = status;
      action.statusLabel = text;
      return true;
    }
    case 'priority': {
      if (action.priority !== null) return false;
      const priority =
        typeof value === 'number' && Number.isInteger(value) && value >= 1 && value <= 3
          ? value
          : readTemplatePriority(template, text);
      if (priority === null) return false;
      action.priority = priority;
      return true;
    }
  }
}

export interface TemplateChangeReport {
  /** Keys of values no column of the new template holds: kept with their actions, shown as such. */
  orphanKeys: string[];
  /** Values the new template's column types refuse (a word in what is now a number column). */
  unfit: Array<{ actionId: string | undefined; key: string }>;
}

/**
 * What giving a plan another template would do to its custom values: those of a column the new
 * template lacks stay with their actions (orphans); those its types refuse are named, so that
 * the change can be refused or the values corrected first. Nothing is ever removed.
 */
export function describeTemplateChange(plan: Plan, template: Template): TemplateChangeReport {
  const schema = buildCustomFieldsSchema(template, { sites: plan.sites.map((s) => s.code) });
  const known = new Set(template.columns.filter((c) => !c.field).map((c) => c.key));
  const orphans = new Set<string>();
  const unfit: TemplateChangeReport['unfit'] = [];
  for (const { action } of listActions(plan)) {
    for (const key of Object.keys(action.customFields)) if (!known.has(key)) orphans.add(key);
    const parsed = schema.safeParse(action.customFields);
    if (!parsed.success)
      for (const key of new Set(parsed.error.issues.map((i) => String(i.path[0]))))
        unfit.push({ actionId: action.id, key });
  }
  return { orphanKeys: [...orphans], unfit };
}

/** The plan in another template: every custom value kept, whether the new template has its column or not. */
export function changePlanTemplate(plan: Plan, template: Template): Plan {
  return { ...structuredClone(plan), template: structuredClone(template) };
}
