import { diffedActionFields } from '../../../src/core/plan-diff.ts';
import type { Action, Objective, Plan } from '../../../src/core/plan-schema.ts';
import { listActions, listObjectives } from '../../../src/core/plan-walk.ts';
import { sameValue } from '../../../src/core/same-value.ts';

/**
 * The latest frozen version of a plan, as the plan page compares its actions with it: each row
 * looks its own action up by id (a version started from another keeps its ids, as the server's
 * diff pairs them), so an edit re-renders that row only instead of recomputing a whole diff.
 */
export interface VersionBaseline {
  versionId: string;
  label: string;
  createdAt: string;
  actions: Map<string, Action>;
  objectiveIds: Set<string>;
  plan: Plan;
}

export function buildBaseline(version: { id: string; label: string; createdAt: string }, plan: Plan) {
  const actions = new Map<string, Action>();
  for (const { action } of listActions(plan)) if (action.id) actions.set(action.id, action);
  const objectiveIds = new Set<string>();
  for (const { objective } of listObjectives(plan)) if (objective.id) objectiveIds.add(objective.id);
  return {
    versionId: version.id,
    label: version.label,
    createdAt: version.createdAt,
    actions,
    objectiveIds,
    plan,
  } satisfies VersionBaseline;
}

export type ActionMark = { kind: 'new' } | { kind: 'changed'; fields: string[] } | null;

/**
 * How an action differs from the version: new, changed (which fields, status first), or not at
 * all. Same fields and rules as the server's diff (src/core/plan-diff.ts): the status label
 * counts only when the status itself did not change.
 */
export function markAction(baseline: VersionBaseline | null, action: Action): ActionMark {
  if (!baseline || !action.id) return null;
  const before = baseline.actions.get(action.id);
  if (!before) return { kind: 'new' };
  const fields: string[] = before.status === action.status ? [] : ['status'];
  for (const field of diffedActionFields) {
    if (field === 'statusLabel' && before.status !== action.status) continue;
    if (!sameValue(before[field], action[field])) fields.push(field);
  }
  return fields.length > 0 ? { kind: 'changed', fields } : null;
}

export function isNewObjective(baseline: VersionBaseline | null, objective: Objective): boolean {
  return baseline !== null && objective.id !== undefined && !baseline.objectiveIds.has(objective.id);
}

export interface RemovedItems {
  actions: Array<{ id: string; text: string; sites: string[]; where: string }>;
  objectives: Array<{ id: string; title: string }>;
}

/** What the version had and the living plan no longer has. */
export function listRemoved(baseline: VersionBaseline, current: Plan): RemovedItems {
  const actionIds = new Set(listActions(current).map(({ action }) => action.id));
  const objectiveIds = new Set(listObjectives(current).map(({ objective }) => objective.id));
  return {
    actions: listActions(baseline.plan)
      .filter(({ action }) => action.id && !actionIds.has(action.id))
      .map(({ action, axis, objectives, subdimension }) => ({
        id: action.id ?? '',
        text: action.text,
        sites: action.sites,
        where: objectives.at(-1)?.title ?? subdimension?.title ?? axis.title,
      })),
    objectives: listObjectives(baseline.plan)
      .filter(({ objective }) => objective.id && !objectiveIds.has(objective.id))
      .map(({ objective }) => ({ id: objective.id ?? '', title: objective.title })),
  };
}

/** How many of the plan's actions are new or changed since the version. */
export function countMarks(baseline: VersionBaseline, current: Plan): { added: number; changed: number } {
  let added = 0;
  let changed = 0;
  for (const { action } of listActions(current)) {
    const mark = markAction(baseline, action);
    if (mark?.kind === 'new') added++;
    else if (mark?.kind === 'changed') changed++;
  }
  return { added, changed };
}
