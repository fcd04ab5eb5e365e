import type { Database } from '../../db/connection.ts';
import { deleteClusterPlan, insertClusterPlans } from '../../db/repositories/clusters.ts';
import type { Actor } from '../auth/actor.ts';
import { recordChange } from './record-change.ts';

/** Puts plans in a cluster (those already in it are left alone); the caller checked every plan exists and may join. */
export async function addPlansToCluster(
  db: Database,
  input: { actor: Actor | null; clusterId: string; planIds: string[] },
): Promise<string[]> {
  return db.transaction(async (tx) => {
    const added = await insertClusterPlans(tx, input.clusterId, [...new Set(input.planIds)]);
    for (const planId of added) {
      await recordChange(tx, {
        actor: input.actor,
        planId: null,
        action: 'add-plan',
        objectType: 'cluster',
        objectId: input.clusterId,
        after: { planId },
      });
    }
    return added;
  });
}

/** Takes a plan out of a cluster; false when it was not in it. */
export async function removePlanFromCluster(
  db: Database,
  input: { actor: Actor | null; clusterId: string; planId: string },
): Promise<boolean> {
  return db.transaction(async (tx) => {
    const removed = await deleteClusterPlan(tx, input.clusterId, input.planId);
    if (removed) {
      await recordChange(tx, {
        actor: input.actor,
        planId: null,
        action: 'remove-plan',
        objectType: 'cluster',
        objectId: input.clusterId,
        before: { planId: input.planId },
      });
    }
    return removed;
  });
}
