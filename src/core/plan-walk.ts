import type { Action, Axis, Objective, Plan, Subdimension } from './plan-schema.ts';

/** Where an action sits in its plan. */
export interface ActionContext {
  action: Action;
  axis: Axis;
  subdimension: Subdimension | null;
  /** Enclosing objectives, outermost first (general objective, then operational objective). */
  objectives: Objective[];
}

export interface ObjectiveContext {
  objective: Objective;
  axis: Axis;
  subdimension: Subdimension | null;
  parents: Objective[];
}

/** Every action of a plan in document order, with its axis, sub-dimension and objectives. */
export function listActions(plan: Plan): ActionContext[] {
  const out: ActionContext[] = [];
  const visitObjectives = (
    axis: Axis,
    subdimension: Subdimension | null,
    objectives: Objective[],
    parents: Objective[],
  ) => {
    for (const objective of objectives) {
      const path = [...parents, objective];
      for (const action of objective.actions) out.push({ action, axis, subdimension, objectives: path });
      visitObjectives(axis, subdimension, objective.objectives, path);
    }
  };
  for (const axis of plan.axes) {
    for (const action of axis.actions) out.push({ action, axis, subdimension: null, objectives: [] });
    visitObjectives(axis, null, axis.objectives, []);
    for (const sub of axis.subdimensions) {
      for (const action of sub.actions) out.push({ action, axis, subdimension: sub, objectives: [] });
      visitObjectives(axis, sub, sub.objectives, []);
    }
  }
  return out;
}

/** Every objective of a plan in document order (general objectives before their operational ones). */
export function listObjectives(plan: Plan): ObjectiveContext[] {
  const out: ObjectiveContext[] = [];
  const visit = (
    axis: Axis,
    subdimension: Subdimension | null,
    objectives: Objective[],
    parents: Objective[],
  ) => {
    for (const objective of objectives) {
      out.push({ objective, axis, subdimension, parents });
      visit(axis, subdimension, objective.objectives, [...parents, objective]);
    }
  };
  for (const axis of plan.axes) {
    visit(axis, null, axis.objectives, []);
    for (const sub of axis.subdimensions) visit(axis, sub, sub.objectives, []);
  }
  return out;
}

/** Gives every axis, sub-dimension, objective and action without an id a fresh one. Mutates and returns the plan. */
export function assignIds(plan: Plan, newId: () => string = () => globalThis.crypto.randomUUID()): Plan {
  const visitObjective = (objective: Objective) => {
    objective.id ??= newId();
    for (const action of objective.actions) action.id ??= newId();
    objective.objectives.forEach(visitObjective);
  };
  for (const axis of plan.axes) {
    axis.id ??= newId();
    for (const action of axis.actions) action.id ??= newId();
    axis.objectives.forEach(visitObjective);
    for (const sub of axis.subdimensions) {
      sub.id ??= newId();
      for (const action of sub.actions) action.id ??= newId();
      sub.objectives.forEach(visitObjective);
    }
  }
  for (const rec of plan.recommendations) rec.id ??= newId();
  return plan;
}
