import type { Action } from '../../core/plan-schema.ts';
import type { Actor } from '../auth/actor.ts';
import { actionPolicy, canOnAction } from './actions.ts';
import type { PlanAccess } from './plan-access.ts';
import { canOnPlan } from './plans.ts';

/**
 * Fields of plan data that are internal: an action's or an objective's notes. They go to whoever
 * may edit the object they belong to — coordinators and admins everywhere in the plan, a site
 * editor on the local actions of their sites, a contributor on the actions naming them — and
 * never to readers, to other contributors, nor to the public. Presenters apply this rule to every
 * answer holding plan data (plan reads, histories, versions); exports and the public page leave
 * notes out for whoever may not edit the plan, and the changes feed never names them.
 */
export const internalFields = {
  action: ['notes'],
  objective: ['notes'],
} as const satisfies Record<'action' | 'objective', ReadonlyArray<'notes'>>;

/** Who is looking at plan data, and with what role on the plan. */
export interface Viewer {
  actor: Actor | null;
  access: PlanAccess;
}

/** Sees every internal field of the plan (a coordinator, an admin). */
export function seesAllInternal(viewer: Viewer): boolean {
  return canOnPlan('edit', viewer.access);
}

/** Sees no internal field at all, whatever the action (a reader, someone with no role). */
export function seesNoInternal(viewer: Viewer): boolean {
  const role = viewer.access.role;
  return role === null || actionPolicy.update[role] === 'deny';
}

/** Sees the internal fields of this action: may edit it. */
export function seesActionInternal(viewer: Viewer, action: Pick<Action, 'sites' | 'responsibles'>): boolean {
  return seesAllInternal(viewer) || canOnAction('update', viewer.actor, viewer.access, action);
}

/** Sees the internal fields of objectives (and of axes' and sub-dimensions' own data): may shape the plan. */
export function seesObjectiveInternal(viewer: Viewer): boolean {
  return seesAllInternal(viewer);
}

/**
 * A key telling apart what different viewers of one plan may see, for caching its encoded
 * answer: everything, nothing internal, or the actions of given sites or of one person.
 */
export function visibilityKey(viewer: Viewer): string {
  if (seesAllInternal(viewer)) return 'all';
  if (seesNoInternal(viewer)) return 'none';
  const rule = actionPolicy.update[viewer.access.role!];
  if (rule === 'own-site') return `sites:${[...viewer.access.sites].sort().join(',')}`;
  return `user:${viewer.actor?.user.id ?? ''}`;
}
