import type { Database } from '../../db/connection.ts';
import { insertAuditEntry } from '../../db/repositories/history.ts';
import { touchPlan } from '../../db/repositories/plans.ts';
import type { Actor } from '../auth/actor.ts';
import { announce, announceAccountChange } from '../change-bus.ts';

/** Objects whose change makes cached sessions stale: who they are, what roles they hold. */
const ACCOUNT_OBJECTS = new Set(['user', 'membership']);
/** Account events that leave every existing session as it was. */
const SESSION_NEUTRAL_ACTIONS = new Set(['login', 'create']);

/**
 * The audit entry every write leaves behind, the plan's "updated at" and revision, and the
 * write's announcement to every server process (sent by the database when the transaction
 * commits: see change-bus.ts). Runs inside the write's transaction.
 */
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
  // The plan's row is locked (its revision bumped) before the entry is written, so a plan's
  // entries take their ids in the order their writes commit: a live stream resuming after the
  // last id it saw (Last-Event-ID) cannot skip an entry that committed later with a smaller id.
  const revision = entry.planId ? await touchPlan(tx, entry.planId) : null;
  const changeId = await insertAuditEntry(tx, {
    userId: entry.actor?.user.id ?? null,
    planId: entry.planId,
    action: entry.action,
    objectType: entry.objectType,
    objectId: entry.objectId,
    before: entry.before ?? null,
    after: entry.after ?? null,
  });
  if (entry.planId) {
    await announce(tx, {
      type: 'plan',
      planId: entry.planId,
      // A deleted plan has no revision left: its last one said nothing more is coming.
      revision: revision ?? 0,
      changeId,
      object: { type: entry.objectType, id: entry.objectId, action: entry.action },
      who: entry.actor ? { id: entry.actor.user.id, name: entry.actor.user.name } : null,
    });
  }
  if (ACCOUNT_OBJECTS.has(entry.objectType) && !SESSION_NEUTRAL_ACTIONS.has(entry.action)) {
    // A membership's holder is in its payload; dropping every cached session is as cheap and simpler.
    await announceAccountChange(tx, entry.objectType === 'user' ? entry.objectId : null);
  }
}
