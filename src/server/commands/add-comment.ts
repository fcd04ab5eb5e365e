import type { Action } from '../../core/plan-schema.ts';
import type { Database } from '../../db/connection.ts';
import { insertComment } from '../../db/repositories/history.ts';
import { findActionRow } from '../../db/repositories/plan-nodes.ts';
import { actionFromRow } from '../../db/repositories/plan-tree.ts';
import type { Actor } from '../auth/actor.ts';
import { notFound } from './conflict.ts';
import { recordChange } from './record-change.ts';

/** A comment on an action: it needs no revision (comments never conflict). */
export async function addActionComment(
  db: Database,
  input: { actor: Actor; actionId: string; text: string; authorize: (action: Action) => void },
) {
  return db.transaction(async (tx) => {
    const row = await findActionRow(tx, input.actionId);
    if (!row) throw notFound('action');
    input.authorize(actionFromRow(row));
    const comment = await insertComment(tx, {
      userId: input.actor.user.id,
      planId: row.planId,
      objectType: 'action',
      objectId: row.id,
      text: input.text,
    });
    await recordChange(tx, {
      actor: input.actor,
      planId: row.planId,
      action: 'comment',
      objectType: 'action',
      objectId: row.id,
      after: { text: input.text },
    });
    return comment;
  });
}
