import type { z } from 'zod';
import { buildCustomFieldsSchema, type CustomFieldsSchemaOptions } from './custom-fields.ts';
import type { Plan } from './plan-schema.ts';
import { listActions } from './plan-walk.ts';
import { customColumns, type Template } from './plan-template.ts';

export interface CustomFieldIssue {
  /** Path in the plan ("axes.0.objectives.1.actions.2.customFields.budget"). */
  path: Array<string | number>;
  /** The column's key. */
  key: string;
  /** The schema's own issue (worded in each language by describeIssue). */
  issue: z.core.$ZodIssue;
}

/**
 * The custom-field values of a plan's actions that its template's types refuse (a word in a
 * number column, a value no choice offers). Values of keys the template does not have are kept
 * and not reported: they belong to a column that was removed or renamed.
 */
export function validatePlanCustomFields(
  plan: Plan,
  options: Omit<CustomFieldsSchemaOptions, 'sites'> = {},
): CustomFieldIssue[] {
  const template = plan.template;
  if (!template) return [];
  const schema = buildCustomFieldsSchema(template, { ...options, sites: plan.sites.map((s) => s.code) });
  const issues: CustomFieldIssue[] = [];
  for (const { action, path } of listActionPaths(plan)) {
    const parsed = schema.safeParse(action.customFields);
    if (parsed.success) continue;
    for (const issue of parsed.error.issues) {
      const key = String(issue.path[0] ?? '');
      issues.push({
        path: [...path, 'customFields', ...issue.path.map((p) => (typeof p === 'symbol' ? String(p) : p))],
        key,
        issue,
      });
    }
  }
  return issues;
}

/**
 * The issues of one action's custom values under a template (none without a template), paths
 * starting at "customFields": what an edit of the action is refused for.
 */
export function validateActionCustomFields(
  customFields: Plan['axes'][number]['actions'][number]['customFields'],
  template: Template | null,
  options: CustomFieldsSchemaOptions = {},
): z.core.$ZodIssue[] {
  if (!template) return [];
  const parsed = buildCustomFieldsSchema(template, options).safeParse(customFields);
  return parsed.success
    ? []
    : parsed.error.issues.map((issue) => ({ ...issue, path: ['customFields', ...issue.path] }));
}

/** Keys of custom values no column of the template holds (kept from a removed column). */
export function orphanCustomFieldKeys(plan: Plan, template: Template | null = plan.template): string[] {
  const known = new Set(template ? customColumns(template).map((c) => c.key) : []);
  const orphans = new Set<string>();
  for (const { action } of listActions(plan))
    for (const key of Object.keys(action.customFields)) if (!known.has(key)) orphans.add(key);
  return [...orphans];
}

function listActionPaths(
  plan: Plan,
): Array<{ action: Plan['axes'][number]['actions'][number]; path: Array<string | number> }> {
  const out: Array<{ action: Plan['axes'][number]['actions'][number]; path: Array<string | number> }> = [];
  type Objectives = Plan['axes'][number]['objectives'];
  const walkObjectives = (objectives: Objectives, path: Array<string | number>) =>
    objectives.forEach((objective, o) => {
      const at = [...path, 'objectives', o];
      objective.actions.forEach((action, a) => out.push({ action, path: [...at, 'actions', a] }));
      walkObjectives(objective.objectives, at);
    });
  plan.axes.forEach((axis, x) => {
    const at = ['axes', x];
    axis.actions.forEach((action, a) => out.push({ action, path: [...at, 'actions', a] }));
    walkObjectives(axis.objectives, at);
    axis.subdimensions.forEach((sub, s) => {
      const sat = [...at, 'subdimensions', s];
      sub.actions.forEach((action, a) => out.push({ action, path: [...sat, 'actions', a] }));
      walkObjectives(sub.objectives, sat);
    });
  });
  return out;
}
