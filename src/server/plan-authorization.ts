import type { Database } from '../db/connection.ts';
import { findAxisRow, findObjectiveRow } from '../db/repositories/plan-nodes.ts';
import { findPlanScope, type PlanScope } from '../db/repositories/plans.ts';
import type { Actor } from './auth/actor.ts';
import { notFound } from './commands/conflict.ts';
import { resolvePlanAccess, type PlanAccess } from './policies/plan-access.ts';

/** The actor's access to a plan; NOT_FOUND when the plan does not exist. */
export async function accessToPlan(
  db: Database,
  actor: Actor | null,
  planId: string,
): Promise<PlanAccess & { scope: PlanScope }> {
  const scope = await findPlanScope(db, planId);
  if (!scope) throw notFound('Plan');
  return { ...resolvePlanAccess(actor, scope), scope };
}

/** The actor's access to the plan an objective or axis belongs to; NOT_FOUND when there is none. */
export async function accessToPlanOfNode(
  db: Database,
  actor: Actor,
  kind: 'objective' | 'axis',
  id: string,
): Promise<PlanAccess & { scope: PlanScope }> {
  const row = kind === 'objective' ? await findObjectiveRow(db, id) : await findAxisRow(db, id);
  if (!row) throw notFound(kind === 'objective' ? 'Objectif' : 'Axe');
  return accessToPlan(db, actor, row.planId);
}
