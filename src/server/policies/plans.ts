import type { PlanAccess, PolicyTable } from './plan-access.ts';

export type PlanOperation = 'read' | 'edit' | 'audit' | 'delete';

/** Plans, with their axes and objectives: coordinators own them; everyone with a role reads them. */
export const planPolicy: PolicyTable<PlanOperation> = {
  read: { admin: 'allow', coordinator: 'allow', site_editor: 'allow', contributor: 'allow', reader: 'allow' },
  edit: { admin: 'allow', coordinator: 'allow', site_editor: 'deny', contributor: 'deny', reader: 'deny' },
  audit: { admin: 'allow', coordinator: 'allow', site_editor: 'deny', contributor: 'deny', reader: 'deny' },
  delete: { admin: 'allow', coordinator: 'allow', site_editor: 'deny', contributor: 'deny', reader: 'deny' },
};

export function canOnPlan(operation: PlanOperation, access: PlanAccess): boolean {
  return access.role !== null && planPolicy[operation][access.role] === 'allow';
}

/** Whether the actor may comment somewhere in the plan (the client shows the comment box). */
export function canCommentInPlan(access: PlanAccess): boolean {
  return access.role !== null && access.role !== 'reader';
}
