import type { LinkSuggestionDecision } from '../../core/api/link-suggestions.ts';
import { JalonError } from '../../core/errors.ts';
import type { Recommendation } from '../../core/plan-schema.ts';
import type { Database } from '../../db/connection.ts';
import { findPlanData } from '../../db/repositories/follow-up.ts';
import { deleteRejectedLink, insertRejectedLink } from '../../db/repositories/link-suggestions.ts';
import { findActionRow, findObjectiveRow } from '../../db/repositories/plan-nodes.ts';
import { actionFromRow, objectiveFieldsFromRow } from '../../db/repositories/plan-tree.ts';
import type { Actor } from '../auth/actor.ts';
import { notFound } from './conflict.ts';
import { recordChange } from './record-change.ts';
import { updateAction } from './update-action.ts';
import { updateObjective } from './update-plan-node.ts';

/**
 * Locks the plan (so the register cannot change under the decision) and checks that the
 * recommendation is in its register and the action or objective in the plan.
 */
async function lockPair(tx: Database, planId: string, pair: LinkSuggestionDecision) {
  const data = (await findPlanData(tx, planId, true)) as { recommendations?: Recommendation[] } | null;
  if (!data) throw notFound('plan');
  if (!(data.recommendations ?? []).some((r) => r.id === pair.recommendationId)) {
    throw notFound('recommendation');
  }
  const row =
    pair.targetKind === 'action'
      ? await findActionRow(tx, pair.targetId, true)
      : await findObjectiveRow(tx, pair.targetId, true);
  if (!row || row.planId !== planId) throw notFound(pair.targetKind);
  return row;
}

/**
 * Accepts a suggestion: the recommendation joins the action's or objective's
 * `recommendationIds`, written by the same command as an edit of that field (its revision
 * checked, its audit entry, the plan's revision and announcement), so the link is an ordinary
 * one in the history. A rejection of the same pair, if any, goes. Linking a pair that is
 * linked already changes nothing. The caller has checked the actor may edit the plan.
 */
export async function acceptLinkSuggestion(
  db: Database,
  actor: Actor,
  planId: string,
  pair: LinkSuggestionDecision,
): Promise<{ linked: boolean }> {
  return db.transaction(async (tx) => {
    const row = await lockPair(tx, planId, pair);
    const samePlan = (rowPlanId: string) => {
      if (rowPlanId !== planId) throw notFound(pair.targetKind);
    };
    let linked = false;
    if (pair.targetKind === 'action') {
      const current = actionFromRow(row);
      if (!current.recommendationIds.includes(pair.recommendationId)) {
        await updateAction(tx, {
          actor,
          actionId: row.id,
          revision: row.revision,
          changes: { recommendationIds: [...current.recommendationIds, pair.recommendationId] },
          authorize: () => samePlan(row.planId),
        });
        linked = true;
      }
    } else {
      const current = objectiveFieldsFromRow(row);
      if (!current.recommendationIds.includes(pair.recommendationId)) {
        await updateObjective(tx, {
          actor,
          objectiveId: row.id,
          revision: row.revision,
          changes: { recommendationIds: [...current.recommendationIds, pair.recommendationId] },
          authorize: samePlan,
        });
        linked = true;
      }
    }
    await deleteRejectedLink(tx, planId, pair);
    return { linked };
  });
}

/**
 * Rejects a suggestion: the pair is stored with who and when, and never suggested again until the
 * rejection is undone; the plan's history records it. Rejecting it twice keeps the first.
 */
export async function rejectLinkSuggestion(
  db: Database,
  actor: Actor,
  planId: string,
  pair: LinkSuggestionDecision,
): Promise<{ stored: boolean }> {
  return db.transaction(async (tx) => {
    await lockPair(tx, planId, pair);
    const stored = await insertRejectedLink(tx, { planId, ...pair, rejectedBy: actor.user.id });
    if (stored) {
      await recordChange(tx, {
        actor,
        planId,
        action: 'link-suggestion.reject',
        objectType: 'recommendation',
        objectId: pair.recommendationId,
        after: { targetKind: pair.targetKind, targetId: pair.targetId },
      });
    }
    return { stored };
  });
}

/** Undoes a rejection: the pair may be suggested again. */
export async function undoLinkRejection(
  db: Database,
  actor: Actor,
  planId: string,
  pair: LinkSuggestionDecision,
): Promise<void> {
  await db.transaction(async (tx) => {
    const deleted = await deleteRejectedLink(tx, planId, pair);
    if (!deleted) {
      throw new JalonError('NOT_FOUND', {
        fr: 'Cette suggestion n’est pas rejetée (son rejet a peut-être déjà été annulé).',
        en: 'This suggestion is not rejected (its rejection may have been undone already).',
      });
    }
    await recordChange(tx, {
      actor,
      planId,
      action: 'link-suggestion.undo-reject',
      objectType: 'recommendation',
      objectId: pair.recommendationId,
      before: { targetKind: pair.targetKind, targetId: pair.targetId, rejectedAt: deleted.rejectedAt },
    });
  });
}
