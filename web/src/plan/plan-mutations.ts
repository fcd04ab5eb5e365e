import type { Action, Axis, Objective, Plan, Subdimension } from '../../../src/core/plan-schema.ts';

/**
 * Immutable updates of the plan held by the page, applied after the server accepted a change,
 * so that React sees new objects along the changed path only.
 */
type ActionEdit = (actions: Action[], owner: { id?: string | undefined }) => Action[];

function editActionLists(plan: Plan, edit: ActionEdit): Plan {
  const visitObjective = (objective: Objective): Objective => ({
    ...objective,
    actions: edit(objective.actions, objective),
    objectives: objective.objectives.map(visitObjective),
  });
  const visitSub = (sub: Subdimension): Subdimension => ({
    ...sub,
    actions: edit(sub.actions, sub),
    objectives: sub.objectives.map(visitObjective),
  });
  const visitAxis = (axis: Axis): Axis => ({
    ...axis,
    actions: edit(axis.actions, axis),
    objectives: axis.objectives.map(visitObjective),
    subdimensions: axis.subdimensions.map(visitSub),
  });
  return { ...plan, axes: plan.axes.map(visitAxis) };
}

export function replaceAction(plan: Plan, action: Action): Plan {
  return editActionLists(plan, (actions) =>
    actions.some((a) => a.id === action.id) ? actions.map((a) => (a.id === action.id ? action : a)) : actions,
  );
}

export function removeAction(plan: Plan, actionId: string): Plan {
  return editActionLists(plan, (actions) =>
    actions.some((a) => a.id === actionId) ? actions.filter((a) => a.id !== actionId) : actions,
  );
}

/** Inserts an action into the list of the objective (or axis, sub-dimension) with that id. */
export function insertAction(plan: Plan, ownerId: string, action: Action, position?: number): Plan {
  return editActionLists(plan, (actions, owner) => {
    if (owner.id !== ownerId) return actions;
    const next = [...actions];
    next.splice(position ?? next.length, 0, action);
    return next;
  });
}

export function moveActionInPlan(plan: Plan, action: Action, ownerId: string, position: number): Plan {
  return insertAction(removeAction(plan, action.id ?? ''), ownerId, action, position);
}
