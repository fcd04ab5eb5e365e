import type { FreezeVersionRequest } from '../../core/api/follow-up.ts';
import type { Database } from '../../db/connection.ts';
import { findPlanData, insertPlanVersion, updatePlanData } from '../../db/repositories/follow-up.ts';
import { loadPlan } from '../../db/repositories/plan-tree.ts';
import type { Actor } from '../auth/actor.ts';
import { notFound } from './conflict.ts';
import { recordChange } from './record-change.ts';

/**
 * Freezes the living plan as a named version ("Plan d'action 2015"): a snapshot of the whole plan
 * with its ids, so that later versions can be compared item by item. With `next`, the living plan
 * then becomes the next version ("Plan d'action actualisé 2020"), its objectives and actions
 * keeping their identity. One transaction.
 */
export async function freezeVersion(
  db: Database,
  actor: Actor | null,
  planId: string,
  request: FreezeVersionRequest,
) {
  return db.transaction(async (tx) => {
    // Lock the plan row so that no edit slips between the snapshot and the relabelling.
    const data = (await findPlanData(tx, planId, true)) as Record<string, unknown> | null;
    if (!data) throw notFound('plan');
    const plan = await loadPlan(tx, planId);
    if (!plan) throw notFound('plan');
    const id = globalThis.crypto.randomUUID();
    await insertPlanVersion(tx, {
      id,
      planId,
      label: request.label,
      versionDate: request.versionDate ?? plan.version.date ?? null,
      snapshot: plan,
      frozenBy: actor?.user.id ?? null,
    });
    if (request.next) {
      const version = {
        label: request.next.label,
        date: request.next.versionDate ?? null,
        kind: 'updated' as const,
      };
      await updatePlanData(tx, planId, { ...data, version }, version.label);
    }
    await recordChange(tx, {
      actor,
      planId,
      action: 'version.freeze',
      objectType: 'plan',
      objectId: planId,
      after: { versionId: id, label: request.label, next: request.next?.label ?? null },
    });
    return { id };
  });
}
