import type { Database } from '../../db/connection.ts';
import { insertAuditEntry } from '../../db/repositories/history.ts';
import { touchPlan } from '../../db/repositories/plans.ts';
import type { Actor } from '../auth/actor.ts';

/** The audit entry every write leaves behind, and the plan's "updated at". Runs inside the write's transaction. */
export async function recordChange(
  tx: Database,
  entry: {
    actor: Actor | null;
    planId: string | null;
    action: string;
    objectType: string;
    objectId: string | null;
    before?: unknown;
    after?: unknown;
  },
): Promise<void> {
  await insertAuditEntry(tx, {
    userId: entry.actor?.user.id ?? null,
    planId: entry.planId,
    action: entry.action,
    objectType: entry.objectType,
    objectId: entry.objectId,
    before: entry.before ?? null,
    after: entry.after ?? null,
  });
  if (entry.planId) await touchPlan(tx, entry.planId);
}
