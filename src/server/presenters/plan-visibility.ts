import type { HistoryEntry } from '../../core/api/actions.ts';
import type { Action, Objective, Plan } from '../../core/plan-schema.ts';
import {
  internalFields,
  seesActionInternal,
  seesAllInternal,
  seesNoInternal,
  seesObjectiveInternal,
  type Viewer,
} from '../policies/field-visibility.ts';

function withoutInternal<T extends Action | Objective>(node: T, fields: ReadonlyArray<'notes'>): T {
  if (fields.every((f) => node[f] === null || node[f] === undefined)) return node;
  const copy = { ...node };
  for (const field of fields) copy[field] = null;
  return copy;
}

/**
 * The plan as a viewer may see it (src/server/policies/field-visibility.ts): internal fields of
 * the objects they may not edit are emptied. The plan is returned as it is for who sees all;
 * otherwise a copy sharing what needs no change.
 */
export function presentPlanFor(plan: Plan, viewer: Viewer): Plan {
  if (seesAllInternal(viewer)) return plan;
  const none = seesNoInternal(viewer);
  const objectivesVisible = seesObjectiveInternal(viewer);
  const action = (a: Action) =>
    !none && seesActionInternal(viewer, a) ? a : withoutInternal(a, internalFields.action);
  const objective = (o: Objective): Objective => ({
    ...(objectivesVisible ? o : withoutInternal(o, internalFields.objective)),
    objectives: o.objectives.map(objective),
    actions: o.actions.map(action),
  });
  return {
    ...plan,
    axes: plan.axes.map((axis) => ({
      ...axis,
      actions: axis.actions.map(action),
      objectives: axis.objectives.map(objective),
      subdimensions: axis.subdimensions.map((sub) => ({
        ...sub,
        actions: sub.actions.map(action),
        objectives: sub.objectives.map(objective),
      })),
    })),
  };
}

/** A payload of the audit trail without internal fields, at any depth (a deleted objective holds its actions). */
function stripInternal(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(stripInternal);
  if (!value || typeof value !== 'object') return value;
  const out: Record<string, unknown> = {};
  for (const [key, inner] of Object.entries(value)) {
    if (key === 'notes') continue;
    out[key] = stripInternal(inner);
  }
  return out;
}

/**
 * An object's history as a viewer may see it: the before and after values of an edit lose
 * their internal fields when the viewer may not see those of the object (an action's notes
 * for who may not edit the action, an objective's for who may not shape the plan). An edit that
 * changed only internal fields is still listed, with what it changed left out.
 */
export function presentHistoryFor(
  entries: HistoryEntry[],
  viewer: Viewer,
  object: { kind: 'action'; action: Pick<Action, 'sites' | 'responsibles'> } | { kind: 'node' },
): HistoryEntry[] {
  const sees =
    object.kind === 'action' ? seesActionInternal(viewer, object.action) : seesObjectiveInternal(viewer);
  if (sees) return entries;
  return entries.map((entry) =>
    entry.kind === 'edit'
      ? { ...entry, before: stripInternal(entry.before), after: stripInternal(entry.after) }
      : entry,
  );
}
