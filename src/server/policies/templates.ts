import type { Role } from '../../core/api/auth.ts';
import type { Actor } from '../auth/actor.ts';
import { resolvePlanAccess, type PolicyTable } from './plan-access.ts';

export type TemplateOperation = 'read' | 'manage';

/**
 * An institution's templates: everyone with a role over the institution reads them (the plan
 * page names its template); admins and the institution's coordinators create, edit and delete
 * them. A role over one programme or plan only is no role over the institution's templates.
 */
export const templatePolicy: PolicyTable<TemplateOperation> = {
  read: { admin: 'allow', coordinator: 'allow', site_editor: 'allow', contributor: 'allow', reader: 'allow' },
  manage: { admin: 'allow', coordinator: 'allow', site_editor: 'deny', contributor: 'deny', reader: 'deny' },
};

/** The actor's role over an institution (an admin's anywhere), or null. */
export function institutionRole(actor: Actor, institutionId: string): Role | null {
  return resolvePlanAccess(actor, { planId: '', programmeId: null, institutionId }).role;
}

export function canOnTemplates(operation: TemplateOperation, role: Role | null): boolean {
  return role !== null && templatePolicy[operation][role] === 'allow';
}
