import type { MeasurementRequest } from '../../core/api/follow-up.ts';
import { actionSchema, type Action } from '../../core/plan-schema.ts';
import { foldText } from '../../core/text.ts';
import type { Database } from '../../db/connection.ts';
import { findActionRow, updateActionRow } from '../../db/repositories/plan-nodes.ts';
import { actionColumns, actionFromRow } from '../../db/repositories/plan-tree.ts';
import type { Actor } from '../auth/actor.ts';
import { conflictError, notFound } from './conflict.ts';
import { recordChange } from './record-change.ts';

/**
 * Adds a measured value to one of an action's indicators, values kept in date order. An
 * indicator the action does not list yet is added to its indicators, so the value is never
 * orphaned. One transaction with its audit entry.
 */
export async function recordMeasurement(
  db: Database,
  input: MeasurementRequest & { actor: Actor; actionId: string; authorize: (current: Action) => void },
) {
  return db.transaction(async (tx) => {
    const row = await findActionRow(tx, input.actionId, true);
    if (!row) throw notFound('action');
    const current = actionFromRow(row);
    input.authorize(current);
    if (input.revision !== undefined && row.revision !== input.revision) {
      throw conflictError(
        'action',
        input.revision,
        { action: current, revision: row.revision },
        row.revision,
      );
    }
    const key = foldText(input.indicator).trim();
    const indicator = current.indicators.find((i) => foldText(i).trim() === key) ?? input.indicator;
    const existing = current.measures.find((m) => foldText(m.indicator).trim() === key);
    const measure = existing ?? { indicator, unit: null, target: null, values: [] };
    const value = { date: input.date, value: input.value, comment: input.comment?.trim() || null };
    const nextMeasure = {
      ...measure,
      unit: input.unit !== undefined ? input.unit || null : measure.unit,
      target: input.target !== undefined ? input.target : measure.target,
      values: [...measure.values, value].sort((a, b) => a.date.localeCompare(b.date)),
    };
    const after = actionSchema.parse({
      ...current,
      indicators: current.indicators.includes(indicator)
        ? current.indicators
        : [...current.indicators, indicator],
      measures: existing
        ? current.measures.map((m) => (m === existing ? nextMeasure : m))
        : [...current.measures, nextMeasure],
    });
    const updated = await updateActionRow(tx, row.id, actionColumns(after));
    await recordChange(tx, {
      actor: input.actor,
      planId: row.planId,
      action: 'update',
      objectType: 'action',
      objectId: row.id,
      before: { measures: current.measures },
      after: { measures: after.measures },
    });
    return { action: actionFromRow(updated), revision: updated.revision, planId: row.planId };
  });
}
