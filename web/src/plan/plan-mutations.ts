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

/** Where a new axis, sub-dimension or objective goes: the plan itself, or the node holding it. */
export type NodeParent = { kind: 'plan' } | { kind: 'axis' | 'subdimension' | 'objective'; id: string };

interface TreeEdit {
  axes?: (axes: Axis[]) => Axis[];
  subdimensions?: (subdimensions: Subdimension[], axis: Axis) => Subdimension[];
  objectives?: (
    objectives: Objective[],
    owner: { kind: 'axis' | 'subdimension' | 'objective'; id?: string | undefined },
  ) => Objective[];
}

/** Edits the lists of axes, sub-dimensions and objectives, copying only what changed (see editActionLists). */
function editTree(plan: Plan, edit: TreeEdit): Plan {
  const objectivesOf = (
    list: Objective[],
    owner: { kind: 'axis' | 'subdimension' | 'objective'; id?: string | undefined },
  ) => {
    const visited = mapKeeping(list, visitObjective);
    return edit.objectives ? edit.objectives(visited, owner) : visited;
  };
  function visitObjective(objective: Objective): Objective {
    const objectives = objectivesOf(objective.objectives, { kind: 'objective', id: objective.id });
    return objectives === objective.objectives ? objective : { ...objective, objectives };
  }
  const visitSub = (sub: Subdimension): Subdimension => {
    const objectives = objectivesOf(sub.objectives, { kind: 'subdimension', id: sub.id });
    return objectives === sub.objectives ? sub : { ...sub, objectives };
  };
  const visitAxis = (axis: Axis): Axis => {
    const objectives = objectivesOf(axis.objectives, { kind: 'axis', id: axis.id });
    const visitedSubs = mapKeeping(axis.subdimensions, visitSub);
    const subdimensions = edit.subdimensions ? edit.subdimensions(visitedSubs, axis) : visitedSubs;
    return objectives === axis.objectives && subdimensions === axis.subdimensions
      ? axis
      : { ...axis, objectives, subdimensions };
  };
  const visitedAxes = mapKeeping(plan.axes, visitAxis);
  const axes = edit.axes ? edit.axes(visitedAxes) : visitedAxes;
  return axes === plan.axes ? plan : { ...plan, axes };
}

function insertAt<T>(items: T[], item: T, position?: number): T[] {
  const next = [...items];
  next.splice(position ?? next.length, 0, item);
  return next;
}

/** Inserts a new axis, sub-dimension or objective (as the server placed it: at `position`, or last). */
export function insertNode(
  plan: Plan,
  parent: NodeParent,
  node:
    | { kind: 'axis'; axis: Axis }
    | { kind: 'subdimension'; subdimension: Subdimension }
    | { kind: 'objective'; objective: Objective },
  position?: number,
): Plan {
  if (node.kind === 'axis') return editTree(plan, { axes: (axes) => insertAt(axes, node.axis, position) });
  if (parent.kind === 'plan') return plan;
  if (node.kind === 'subdimension') {
    return editTree(plan, {
      subdimensions: (subs, axis) =>
        axis.id === parent.id ? insertAt(subs, node.subdimension, position) : subs,
    });
  }
  return editTree(plan, {
    objectives: (objectives, owner) =>
      owner.kind === parent.kind && owner.id === parent.id
        ? insertAt(objectives, node.objective, position)
        : objectives,
  });
}

/** Removes the axis, sub-dimension or objective with that id, with everything under it. */
export function removeNode(plan: Plan, id: string): Plan {
  const without = <T extends { id?: string | undefined }>(items: T[]) =>
    items.some((item) => item.id === id) ? items.filter((item) => item.id !== id) : items;
  return editTree(plan, { axes: without, subdimensions: without, objectives: without });
}
