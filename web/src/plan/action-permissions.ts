import type { PlanPermissions } from '../../../src/core/api/plans.ts';
import type { Action } from '../../../src/core/plan-schema.ts';
import { foldText } from '../../../src/core/text.ts';

/**
 * Whether the signed-in user may edit an action. A site editor edits the actions of their own
 * sites only; an action common to all sites belongs to whoever may edit every site. The server
 * decides in the end; this only keeps the page from offering what would be refused.
 */
export function canEditAction(permissions: PlanPermissions, action: Pick<Action, 'sites'>): boolean {
  if (permissions.canEditPlan || permissions.editableSites === 'all') return true;
  const editable = permissions.editableSites;
  return action.sites.length > 0 && action.sites.every((site) => editable.includes(site));
}

/** Whether the user may add an action for a site under an objective (their own sites only). */
export function canAddActions(permissions: PlanPermissions): boolean {
  return (
    permissions.canEditPlan || permissions.editableSites === 'all' || permissions.editableSites.length > 0
  );
}

/**
 * Whether the user may change the action's status: whoever may edit it, and a contributor named
 * among its responsibles (the server's "responsible" rule: same name, accents and case aside).
 */
export function canChangeStatus(
  permissions: PlanPermissions,
  action: Pick<Action, 'sites' | 'responsibles'>,
  userName: string,
): boolean {
  if (canEditAction(permissions, action)) return true;
  const name = foldText(userName).trim();
  return name.length > 0 && action.responsibles.some((r) => foldText(r).trim() === name);
}
