import { findAxisRow, findObjectiveRow } from '../db/repositories/plan-nodes.ts';
import type { PlanScope } from '../db/repositories/plans.ts';
import type { Actor } from './auth/actor.ts';
import type { ServerContext } from './context.ts';
import { notFound } from './commands/conflict.ts';
import { resolvePlanAccess, type PlanAccess } from './policies/plan-access.ts';

/** The actor's access to a plan; NOT_FOUND when the plan does not exist. */
export async function accessToPlan(
  ctx: ServerContext,
  actor: Actor | null,
  planId: string,
): Promise<PlanAccess & { scope: PlanScope }> {
  const scope = await ctx.plans.scope(ctx.db, planId);
  if (!scope) throw notFound('Plan');
  return { ...resolvePlanAccess(actor, scope), scope };
}

/** The actor's access to the plan an objective or axis belongs to; NOT_FOUND when there is none. */
export async function accessToPlanOfNode(
  ctx: ServerContext,
  actor: Actor,
  kind: 'objective' | 'axis',
  id: string,
): Promise<PlanAccess & { scope: PlanScope }> {
  const row = kind === 'objective' ? await findObjectiveRow(ctx.db, id) : await findAxisRow(ctx.db, id);
  if (!row) throw notFound(kind === 'objective' ? 'Objectif' : 'Axe');
  return accessToPlan(ctx, actor, row.planId);
}
