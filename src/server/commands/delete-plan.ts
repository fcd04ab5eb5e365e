import type { Database } from '../../db/connection.ts';
import { deleteMembershipsOfScope } from '../../db/repositories/accounts.ts';
import { deleteStatusChangesAndCommentsOfPlan } from '../../db/repositories/history.ts';
import { lockPlanNodes } from '../../db/repositories/plan-nodes.ts';
import { loadPlan, planFieldsFromRow } from '../../db/repositories/plan-tree.ts';
import { deletePlanRow, findPlanRow } from '../../db/repositories/plans.ts';
import type { Actor } from '../auth/actor.ts';
import { conflictError, notFound } from './conflict.ts';
import { recordChange } from './record-change.ts';

/**
 * Deletes a plan still at the revision the client read: its tree, versions, evidence, contacts,
 * calendar feeds, status history, comments and the roles given over it. The audit entry keeps
 * the whole plan as it was, so a deletion can be undone by hand.
 */
export async function deletePlan(db: Database, input: { actor: Actor; planId: string; revision: number }) {
  return db.transaction(async (tx) => {
    await lockPlanNodes(tx, input.planId);
    const row = await findPlanRow(tx, input.planId, true);
    if (!row) throw notFound('plan');
    if (row.revision !== input.revision) {
      const current = { plan: planFieldsFromRow(row), revision: row.revision };
      throw conflictError('plan', input.revision, current, row.revision);
    }
    const plan = await loadPlan(tx, row.id);
    await deleteMembershipsOfScope(tx, 'plan', row.id);
    await deleteStatusChangesAndCommentsOfPlan(tx, row.id);
    await deletePlanRow(tx, row.id);
    await recordChange(tx, {
      actor: input.actor,
      planId: row.id,
      action: 'delete',
      objectType: 'plan',
      objectId: row.id,
      before: plan,
    });
    return { planId: row.id };
  });
}
