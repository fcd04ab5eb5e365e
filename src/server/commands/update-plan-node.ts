import type { z } from 'zod';
import { JalonError } from '../../core/errors.ts';
import { axisSchema, objectiveSchema, subdimensionSchema } from '../../core/plan-schema.ts';
import { describeIssue } from '../../core/validation-messages.ts';
import type { Database } from '../../db/connection.ts';
import {
  findAxisRow,
  findObjectiveRow,
  findSubdimensionRow,
  updateAxisRow,
  updateObjectiveRow,
  updateSubdimensionRow,
} from '../../db/repositories/plan-nodes.ts';
import {
  axisFieldsFromRow,
  objectiveFieldsFromRow,
  subdimensionFieldsFromRow,
} from '../../db/repositories/plan-tree.ts';
import type { Actor } from '../auth/actor.ts';
import { conflictError, notFound } from './conflict.ts';
import { recordChange } from './record-change.ts';

/** Parses a node as it would become; the error names the field of `changes` at fault. */
export function validated<T>(parse: () => T): T {
  try {
    return parse();
  } catch (error) {
    const issue = (error as { issues?: z.core.$ZodIssue[] }).issues?.[0];
    const field = ['changes', ...(issue?.path ?? []).map(String)].join('.');
    throw new JalonError(
      'BAD_INPUT',
      {
        fr: `Modifications invalides (${field}) : ${issue ? describeIssue(issue, 'fr') : 'valeur refusée'}.`,
        en: `Invalid changes (${field}): ${issue ? describeIssue(issue, 'en') : 'value refused'}.`,
      },
      { location: { field } },
    );
  }
}

/** Updates an objective's own fields if it is still at the revision the client read. */
export async function updateObjective(
  db: Database,
  input: {
    actor: Actor;
    objectiveId: string;
    revision: number;
    changes: Record<string, unknown>;
    authorize: (planId: string) => void;
  },
) {
  return db.transaction(async (tx) => {
    const row = await findObjectiveRow(tx, input.objectiveId, true);
    if (!row) throw notFound('objective');
    input.authorize(row.planId);
    const current = objectiveFieldsFromRow(row);
    if (row.revision !== input.revision) {
      throw conflictError(
        'objective',
        input.revision,
        { objective: current, revision: row.revision },
        row.revision,
      );
    }
    const after = validated(() =>
      objectiveSchema.omit({ objectives: true, actions: true }).parse({ ...current, ...input.changes }),
    );
    const { id: _id, ...data } = after;
    const updated = await updateObjectiveRow(tx, row.id, { title: after.title, data });
    await recordChange(tx, {
      actor: input.actor,
      planId: row.planId,
      action: 'update',
      objectType: 'objective',
      objectId: row.id,
      before: current,
      after,
    });
    return { objective: objectiveFieldsFromRow(updated), revision: updated.revision, planId: row.planId };
  });
}

/** Updates an axis's own fields if it is still at the revision the client read. */
export async function updateAxis(
  db: Database,
  input: {
    actor: Actor;
    axisId: string;
    revision: number;
    changes: Record<string, unknown>;
    authorize: (planId: string) => void;
  },
) {
  return db.transaction(async (tx) => {
    const row = await findAxisRow(tx, input.axisId, true);
    if (!row) throw notFound('axis');
    input.authorize(row.planId);
    const current = axisFieldsFromRow(row);
    if (row.revision !== input.revision) {
      throw conflictError('axis', input.revision, { axis: current, revision: row.revision }, row.revision);
    }
    const after = validated(() =>
      axisSchema
        .omit({ subdimensions: true, objectives: true, actions: true })
        .parse({ ...current, ...input.changes }),
    );
    const { id: _id, ...data } = after;
    const updated = await updateAxisRow(tx, row.id, { title: after.title, data });
    await recordChange(tx, {
      actor: input.actor,
      planId: row.planId,
      action: 'update',
      objectType: 'axis',
      objectId: row.id,
      before: current,
      after,
    });
    return { axis: axisFieldsFromRow(updated), revision: updated.revision, planId: row.planId };
  });
}

/** Updates a sub-dimension's own fields (number, title) if it is still at the revision the client read. */
export async function updateSubdimension(
  db: Database,
  input: { actor: Actor; subdimensionId: string; revision: number; changes: Record<string, unknown> },
) {
  return db.transaction(async (tx) => {
    const row = await findSubdimensionRow(tx, input.subdimensionId, true);
    if (!row) throw notFound('subdimension');
    const current = subdimensionFieldsFromRow(row);
    if (row.revision !== input.revision) {
      throw conflictError(
        'subdimension',
        input.revision,
        { subdimension: current, revision: row.revision },
        row.revision,
      );
    }
    const after = validated(() =>
      subdimensionSchema.omit({ objectives: true, actions: true }).parse({ ...current, ...input.changes }),
    );
    const { id: _id, ...data } = after;
    const updated = await updateSubdimensionRow(tx, row.id, { title: after.title, data });
    await recordChange(tx, {
      actor: input.actor,
      planId: row.planId,
      action: 'update',
      objectType: 'subdimension',
      objectId: row.id,
      before: current,
      after,
    });
    return {
      subdimension: subdimensionFieldsFromRow(updated),
      revision: updated.revision,
      planId: row.planId,
    };
  });
}
