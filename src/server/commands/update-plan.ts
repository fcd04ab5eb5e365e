import type { PlanChanges } from '../../core/api/plans.ts';
import { JalonError } from '../../core/errors.ts';
import { planSchema, type Plan } from '../../core/plan-schema.ts';
import type { Database } from '../../db/connection.ts';
import { findProgramme, upsertSites } from '../../db/repositories/organisations.ts';
import { countActionsOfSites } from '../../db/repositories/plan-nodes.ts';
import { planFieldsFromRow } from '../../db/repositories/plan-tree.ts';
import { findPlanRow, updatePlanRow } from '../../db/repositories/plans.ts';
import type { Actor } from '../auth/actor.ts';
import { conflictError, notFound } from './conflict.ts';
import { recordChange } from './record-change.ts';
import { validated } from './update-plan-node.ts';

type PlanFields = Omit<Plan, 'axes'>;

function pick(fields: PlanFields, keys: string[]): Record<string, unknown> {
  return Object.fromEntries(keys.map((k) => [k, fields[k as keyof PlanFields] ?? null]));
}

/** A site list the plan can live with: codes unique, and none removed that an action still names. */
async function checkSites(tx: Database, planId: string, before: PlanFields, after: PlanFields) {
  const seen = new Set<string>();
  for (const [i, site] of after.sites.entries()) {
    if (seen.has(site.code)) {
      throw new JalonError(
        'BAD_INPUT',
        {
          fr: `L’implantation « ${site.code} » figure deux fois.`,
          en: `The site "${site.code}" is listed twice.`,
        },
        { location: { field: `changes.sites.${i}.code` } },
      );
    }
    seen.add(site.code);
  }
  const removed = before.sites.map((s) => s.code).filter((code) => !seen.has(code));
  const used = await countActionsOfSites(tx, planId, removed);
  if (used > 0) {
    const sites = removed.length > 1 ? 's' : '';
    const actions = used > 1 ? 's' : '';
    throw new JalonError(
      'BAD_INPUT',
      {
        fr: `${removed.length > 1 ? 'Les implantations' : 'L’implantation'} ${removed.join(', ')} ${removed.length > 1 ? 'sont' : 'est'} encore nommée${sites} par ${used} action${actions} du plan : changez d’abord les implantations de ${used > 1 ? 'ces actions' : 'cette action'}.`,
        en: `Site${sites} ${removed.join(', ')} ${removed.length > 1 ? 'are' : 'is'} still named by ${used} action${actions} of the plan: change the sites of ${used > 1 ? 'these actions' : 'this action'} first.`,
      },
      { location: { field: 'changes.sites' } },
    );
  }
}

/**
 * Updates the plan's own fields (title, institution, programme, sites, period, version, sections,
 * signatories, status legend…) if the plan is still at the revision the client read. The plan
 * revision moves with every write anywhere in the plan, so a stale one is refused even when
 * the change elsewhere was an action's: the client reloads and reapplies, nothing is lost.
 */
export async function updatePlan(
  db: Database,
  input: { actor: Actor; planId: string; revision: number; changes: PlanChanges },
) {
  return db.transaction(async (tx) => {
    const row = await findPlanRow(tx, input.planId, true);
    if (!row) throw notFound('plan');
    const current = planFieldsFromRow(row);
    if (row.revision !== input.revision) {
      throw conflictError('plan', input.revision, { plan: current, revision: row.revision }, row.revision);
    }
    const after = validated(() => planSchema.omit({ axes: true }).parse({ ...current, ...input.changes }));
    const fields = Object.keys(input.changes).filter(
      (k) =>
        JSON.stringify(current[k as keyof PlanFields] ?? null) !==
        JSON.stringify(after[k as keyof PlanFields] ?? null),
    );
    // Nothing to write: no revision to spend, no audit entry to leave.
    if (fields.length === 0) return { plan: current, revision: row.revision, planId: row.id };
    await checkSites(tx, row.id, current, after);
    await updatePlanRow(tx, row.id, {
      title: after.title,
      versionLabel: after.version.label,
      siteCodes: after.sites.map((s) => s.code),
      data: after,
    });
    const programme = row.programmeId ? await findProgramme(tx, row.programmeId) : null;
    if (programme) await upsertSites(tx, programme.institutionId, after.sites);
    await recordChange(tx, {
      actor: input.actor,
      planId: row.id,
      action: 'update',
      objectType: 'plan',
      objectId: row.id,
      before: pick(current, fields),
      after: pick(after, fields),
    });
    // recordChange bumped the revision of the row this transaction holds locked.
    return { plan: after, revision: row.revision + 1, planId: row.id };
  });
}
