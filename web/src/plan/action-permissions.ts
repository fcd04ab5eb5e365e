import type { PlanPermissions } from '../../../src/core/api/plans.ts';
import type { Action } from '../../../src/core/plan-schema.ts';

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
