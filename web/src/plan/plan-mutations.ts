import type { Action, Axis, Objective, Plan, Subdimension } from '../../../src/core/plan-schema.ts';

/**
 * Immutable updates of the plan held by the page, applied after the server accepted a change,
 * so that React sees new objects along the changed path only.
 */
type ActionEdit = (actions: Action[], owner: { id?: string | undefined }) => Action[];

function editActionLists(plan: Plan, edit: ActionEdit): Plan {
  // A container is copied only when something under it changed; the rest keeps its identity,
  // which lets memoised sections and rows skip re-rendering.
  const visitObjective = (objective: Objective): Objective => {
    const actions = edit(objective.actions, objective);
    const objectives = mapKeeping(objective.objectives, visitObjective);
    return actions === objective.actions && objectives === objective.objectives
      ? objective
      : { ...objective, actions, objectives };
  };
  const visitSub = (sub: Subdimension): Subdimension => {
    const actions = edit(sub.actions, sub);
    const objectives = mapKeeping(sub.objectives, visitObjective);
    return actions === sub.actions && objectives === sub.objectives ? sub : { ...sub, actions, objectives };
  };
  const visitAxis = (axis: Axis): Axis => {
    const actions = edit(axis.actions, axis);
    const objectives = mapKeeping(axis.objectives, visitObjective);
    const subdimensions = mapKeeping(axis.subdimensions, visitSub);
    return actions === axis.actions && objectives === axis.objectives && subdimensions === axis.subdimensions
      ? axis
      : { ...axis, actions, objectives, subdimensions };
  };
  const axes = mapKeeping(plan.axes, visitAxis);
  return axes === plan.axes ? plan : { ...plan, axes };
}

/** Maps a list, returning the same list when every item came back unchanged. */
function mapKeeping<T>(items: T[], visit: (item: T) => T): T[] {
  let changed = false;
  const next = items.map((item) => {
    const result = visit(item);
    if (result !== item) changed = true;
    return result;
  });
  return changed ? next : items;
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
