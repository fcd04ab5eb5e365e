import type { Database } from '../../db/connection.ts';
import { deleteEvidence, findEvidence } from '../../db/repositories/follow-up.ts';
import type { Actor } from '../auth/actor.ts';
import { notFound } from './conflict.ts';
import { recordChange } from './record-change.ts';

/** Removes a file or link from an action's evidence; the audit entry keeps what it was. */
export async function removeEvidence(
  db: Database,
  actor: Actor,
  evidenceId: string,
): Promise<{ planId: string }> {
  return db.transaction(async (tx) => {
    const row = await findEvidence(tx, evidenceId);
    if (!row) throw notFound('evidence');
    await deleteEvidence(tx, evidenceId);
    await recordChange(tx, {
      actor,
      planId: row.planId,
      action: 'evidence.remove',
      objectType: 'action',
      objectId: row.actionId,
      before: {
        id: row.id,
        kind: row.kind,
        title: row.title,
        fileName: row.fileName,
        url: row.url,
        size: row.size,
      },
    });
    return { planId: row.planId };
  });
}
