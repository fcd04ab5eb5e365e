import { planSchema, type PlanWarning } from '../../core/plan-schema.ts';
import type { Database } from '../../db/connection.ts';
import { columnMappingSchema } from '../../core/column-roles.ts';
import { saveImportMapping, takePendingImport } from '../../db/repositories/imports.ts';
import type { Actor } from '../auth/actor.ts';
import { notFound } from './conflict.ts';
import { storeNewPlan } from './store-plan.ts';

/**
 * Turns a previewed import into a plan, in one transaction: the preview is taken (deleted) first,
 * so two confirmations at once cannot store the plan twice, and nothing is kept if storing fails.
 */
export async function confirmImport(
  db: Database,
  input: {
    actor: Actor;
    importId: string;
    title?: string | undefined;
    programmeId?: string | undefined;
    /** Remember the roles the coordinator chose (and those remembered before) for the plan's institution. */
    rememberMapping?: boolean;
  },
) {
  return db.transaction(async (tx) => {
    const pending = await takePendingImport(tx, input.importId, input.actor.user.id);
    if (!pending) throw notFound('import');
    const plan = planSchema.parse({
      ...(pending.plan as object),
      ...(input.title ? { title: input.title } : {}),
    });
    plan.warnings = pending.warnings as PlanWarning[];
    const stored = await storeNewPlan(tx, {
      actor: input.actor,
      plan,
      programmeId: input.programmeId,
      ownerUserId: input.actor.user.isAdmin ? undefined : input.actor.user.id,
    });
    const chosen = columnMappingSchema.safeParse(pending.mapping ?? {});
    if (input.rememberMapping !== false && chosen.success) {
      await saveImportMapping(tx, {
        institutionId: stored.institutionId,
        mapping: chosen.data,
        userId: input.actor.user.id,
      });
    }
    return stored;
  });
}
