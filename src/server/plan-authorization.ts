import type { Action } from '../core/plan-schema.ts';
import {
  findActionRow,
  findAxisRow,
  findObjectiveRow,
  findSubdimensionRow,
} from '../db/repositories/plan-nodes.ts';
import { listClusterIdsOfPlan, listClusterIdsOfPlans } from '../db/repositories/clusters.ts';
import { actionFromRow } from '../db/repositories/plan-tree.ts';
import type { PlanListFilter, PlanScope } from '../db/repositories/plans.ts';
import type { Actor } from './auth/actor.ts';
import type { ServerContext } from './context.ts';
import { notFound } from './commands/conflict.ts';
import { canOnAction, type ActionOperation } from './policies/actions.ts';
import { denyUnless, resolvePlanAccess, type PlanAccess } from './policies/plan-access.ts';

/** Whether the clusters holding a plan can change the actor's access to it (admins see every plan). */
function holdsClusterRole(actor: Actor | null): actor is Actor {
  return actor !== null && !actor.user.isAdmin && actor.memberships.some((m) => m.scope === 'cluster');
}

/**
 * The scope with the clusters holding the plan, looked up only for an actor with a role over
 * some cluster (and never cached: plans join and leave clusters), so other requests pay nothing.
 */
async function withClusters(
  ctx: ServerContext,
  actor: Actor | null,
  scope: PlanScope | null,
): Promise<PlanScope | null> {
  if (!scope || !holdsClusterRole(actor)) return scope;
  return { ...scope, clusterIds: await listClusterIdsOfPlan(ctx.db, scope.planId) };
}

/** The actor's access to a plan; NOT_FOUND when the plan does not exist. */
export async function accessToPlan(
  ctx: ServerContext,
  actor: Actor | null,
  planId: string,
): Promise<PlanAccess & { scope: PlanScope }> {
  const scope = await withClusters(ctx, actor, await ctx.plans.scope(ctx.db, planId));
  if (!scope) throw notFound('plan');
  return { ...resolvePlanAccess(actor, scope), scope };
}

/**
 * The actor's access to each of these plans at once (a cluster page): the same decision as
 * `accessToPlan`, with the clusters holding the plans looked up in one query rather than one per plan.
 */
export async function accessToPlans(
  ctx: ServerContext,
  actor: Actor | null,
  scopes: PlanScope[],
): Promise<Map<string, PlanAccess>> {
  const clusterIds = holdsClusterRole(actor)
    ? await listClusterIdsOfPlans(
        ctx.db,
        scopes.map((s) => s.planId),
      )
    : null;
  const access = new Map<string, PlanAccess>();
  for (const scope of scopes) {
    const full: PlanScope = {
      planId: scope.planId,
      programmeId: scope.programmeId,
      institutionId: scope.institutionId,
      ...(clusterIds ? { clusterIds: clusterIds.get(scope.planId) ?? [] } : {}),
    };
    access.set(scope.planId, resolvePlanAccess(actor, full));
  }
  return access;
}

/** The actor's access to the plan an objective, sub-dimension or axis belongs to; NOT_FOUND when there is none. */
export async function accessToPlanOfNode(
  ctx: ServerContext,
  actor: Actor,
  kind: 'objective' | 'subdimension' | 'axis',
  id: string,
): Promise<PlanAccess & { scope: PlanScope }> {
  const row =
    kind === 'objective'
      ? await findObjectiveRow(ctx.db, id)
      : kind === 'subdimension'
        ? await findSubdimensionRow(ctx.db, id)
        : await findAxisRow(ctx.db, id);
  if (!row) throw notFound(kind);
  return accessToPlan(ctx, actor, row.planId);
}

/** The action and the actor's access to its plan: a route's authorization input. */
export async function accessToAction(
  ctx: ServerContext,
  actor: Actor,
  actionId: string,
): Promise<{ action: Action; planId: string; access: PlanAccess }> {
  const row = await findActionRow(ctx.db, actionId);
  if (!row) throw notFound('action');
  const scope = await withClusters(ctx, actor, await ctx.plans.scope(ctx.db, row.planId));
  if (!scope) throw notFound('action');
  return { action: actionFromRow(row), planId: row.planId, access: resolvePlanAccess(actor, scope) };
}

/** NOT_FOUND when the actor may not see the action, FORBIDDEN when they may not do `operation` to it. */
export function authorizeAction(
  operation: ActionOperation,
  actor: Actor,
  access: PlanAccess,
  action: Action,
  change?: { fields: string[]; after: Action },
): void {
  denyUnless(
    canOnAction('read', actor, access, action),
    access,
    { fr: 'Lire cette action', en: 'Reading this action' },
    'action',
  );
  denyUnless(canOnAction(operation, actor, access, action, change), access, {
    fr: 'Modifier cette action',
    en: 'Changing this action',
  });
}

/** Plans the actor reaches through their memberships (all of them for an admin). */
export function planListFilter(actor: Actor): PlanListFilter {
  const ids = (scope: string) => actor.memberships.filter((m) => m.scope === scope).map((m) => m.scopeId);
  return {
    all: actor.user.isAdmin,
    planIds: ids('plan'),
    programmeIds: ids('programme'),
    institutionIds: ids('institution'),
    clusterIds: ids('cluster'),
  };
}
