import type { Role } from '../../core/api/auth.ts';
import { JalonError, type LocalizedText } from '../../core/errors.ts';
import { notFoundText, roleForbidsText, type ObjectName } from '../object-names.ts';
import type { PlanScope } from '../../db/repositories/plans.ts';
import type { Actor } from '../auth/actor.ts';

/** What an actor is on one plan: their strongest role there, and their sites as a site editor. */
export interface PlanAccess {
  role: Role | null;
  sites: string[];
}

const rank: Record<Role, number> = { admin: 5, coordinator: 4, site_editor: 3, contributor: 2, reader: 1 };

/**
 * A role reaches a plan through a membership on the plan, its programme or its institution
 * (a role over a cluster holding the plan makes a reader); the strongest one wins, and a site editor's sites are the union of their memberships.
 */
export function resolvePlanAccess(actor: Actor | null, scope: PlanScope): PlanAccess {
  if (!actor) return { role: null, sites: [] };
  if (actor.user.isAdmin) return { role: 'admin', sites: [] };
  let role: Role | null = null;
  const sites = new Set<string>();
  for (const m of actor.memberships) {
    // A role over a cluster lets its holder read the cluster's plans, never more: an agency's
    // analyst compares plans, they neither edit them nor see their internal notes.
    if (m.scope === 'cluster') {
      if (scope.clusterIds?.includes(m.scopeId) && !role) role = 'reader';
      continue;
    }
    const reaches =
      (m.scope === 'plan' && m.scopeId === scope.planId) ||
      (m.scope === 'programme' && m.scopeId === scope.programmeId) ||
      (m.scope === 'institution' && m.scopeId === scope.institutionId);
    if (!reaches) continue;
    if (!role || rank[m.role] > rank[role]) role = m.role;
    if (m.role === 'site_editor') for (const s of m.sites) sites.add(s);
  }
  return { role, sites: [...sites] };
}

/** A rule of a policy table: a decision, or a condition checked against the object. */
export type Rule = 'allow' | 'deny' | 'own-site' | 'responsible';
export type PolicyTable<Operation extends string> = Record<Operation, Record<Role, Rule>>;

/**
 * Throws FORBIDDEN naming what was refused and the actor's role, or NOT_FOUND (of `object`, the
 * plan by default) when the actor may not even see it.
 */
export function denyUnless(
  allowed: boolean,
  access: PlanAccess,
  what: LocalizedText,
  object: ObjectName = 'plan',
): void {
  if (allowed) return;
  if (access.role === null) throw new JalonError('NOT_FOUND', notFoundText(object));
  throw new JalonError('FORBIDDEN', roleForbidsText(what, access.role));
}
