import { parseDeadline } from '../../core/academic-calendar.ts';
import type { ActionChanges } from '../../core/api/actions.ts';
import { JalonError } from '../../core/errors.ts';
import { validateActionCustomFields } from '../../core/plan-custom-fields.ts';
import { actionSchema, type Action } from '../../core/plan-schema.ts';
import { describeIssue } from '../../core/validation-messages.ts';
import type { Database } from '../../db/connection.ts';
import { findActionRow, updateActionRow } from '../../db/repositories/plan-nodes.ts';
import { actionColumns, actionFromRow } from '../../db/repositories/plan-tree.ts';
import { findPlanTemplate } from '../../db/repositories/templates.ts';
import type { Actor } from '../auth/actor.ts';
import { conflictError, notFound } from './conflict.ts';
import { recordChange } from './record-change.ts';

/** Applies changes to an action; a changed deadline text gets its period parsed again unless one is given. */
export function applyActionChanges(current: Action, changes: ActionChanges): Action {
  const next = { ...current, ...changes };
  if (changes.deadline !== undefined && changes.deadlinePeriod === undefined) {
    next.deadlinePeriod = parseDeadline(changes.deadline).period;
  }
  const parsed = actionSchema.safeParse(next);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const field = ['changes', ...issue.path.map(String)].join('.');
    throw new JalonError(
      'BAD_INPUT',
      {
        fr: `Action invalide (${field}) : ${describeIssue(issue, 'fr')}.`,
        en: `Invalid action (${field}): ${describeIssue(issue, 'en')}.`,
      },
      { location: { field } },
    );
  }
  return parsed.data;
}

/**
 * Refuses custom values the plan's template does not allow (a word in a number column, a value
 * no choice offers, a site the plan has not); values of keys it does not have are kept.
 */
export async function assertCustomFieldsFit(db: Database, planId: string, action: Action): Promise<void> {
  if (Object.keys(action.customFields).length === 0) return;
  const plan = await findPlanTemplate(db, planId);
  const issue = validateActionCustomFields(action.customFields, plan?.template ?? null, {
    sites: plan?.siteCodes,
  })[0];
  if (!issue) return;
  const field = issue.path.map(String).join('.');
  throw new JalonError(
    'BAD_INPUT',
    {
      fr: `Action invalide (${field}) : ${describeIssue(issue, 'fr')}.`,
      en: `Invalid action (${field}): ${describeIssue(issue, 'en')}.`,
    },
    { location: { field } },
  );
}

export interface UpdateActionInput {
  actor: Actor;
  actionId: string;
  revision: number;
  changes: ActionChanges;
  /** Re-checks the permission on the locked row, so a concurrent change of sites cannot slip through. */
  authorize: (current: Action, after: Action) => void;
}

/** Updates an action if it is still at the revision the client read; one transaction with its audit entry. */
export async function updateAction(db: Database, input: UpdateActionInput) {
  return db.transaction(async (tx) => {
    const row = await findActionRow(tx, input.actionId, true);
    if (!row) throw notFound('action');
    const current = actionFromRow(row);
    const after = applyActionChanges(current, input.changes);
    input.authorize(current, after);
    if (input.changes.customFields !== undefined) await assertCustomFieldsFit(tx, row.planId, after);
    if (row.revision !== input.revision) {
      throw conflictError(
        'action',
        input.revision,
        { action: current, revision: row.revision },
        row.revision,
      );
    }
    const updated = await updateActionRow(tx, row.id, actionColumns(after));
    await recordChange(tx, {
      actor: input.actor,
      planId: row.planId,
      action: 'update',
      objectType: 'action',
      objectId: row.id,
      before: current,
      after,
    });
    return { action: actionFromRow(updated), revision: updated.revision, planId: row.planId };
  });
}
