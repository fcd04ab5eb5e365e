import type { Plan } from '../../core/plan-schema.ts';
import type { Database } from '../../db/connection.ts';
import {
  findInstitutionByName,
  findProgramme,
  findProgrammeByName,
  insertInstitution,
  insertProgramme,
  upsertSites,
} from '../../db/repositories/organisations.ts';
import { insertMembership } from '../../db/repositories/accounts.ts';
import { savePlan } from '../../db/repositories/plan-tree.ts';
import type { Actor } from '../auth/actor.ts';
import { recordChange } from './record-change.ts';
import { JalonError } from '../../core/errors.ts';

/**
 * Stores a new plan, whole or not at all: finds or creates its institution and programme from
 * the plan's own text (unless a programme is named), registers its sites, saves the tree.
 * Node ids are replaced by fresh ones so that importing the same file twice gives two plans.
 */
export async function storeNewPlan(
  db: Database,
  input: {
    actor: Actor | null;
    plan: Plan;
    programmeId?: string | undefined;
    /** Makes this user coordinator of the new plan (a coordinator importing owns what they import). */
    ownerUserId?: string | undefined;
  },
) {
  const plan = structuredClone(input.plan);
  stripIds(plan);
  return db.transaction(async (tx) => {
    let programmeId = input.programmeId ?? null;
    let institutionId: string;
    if (programmeId) {
      const programme = await findProgramme(tx, programmeId);
      if (!programme)
        throw new JalonError(
          'BAD_INPUT',
          { fr: 'Programme inconnu.', en: 'Unknown programme.' },
          { location: { field: 'programmeId' } },
        );
      institutionId = programme.institutionId;
    } else {
      const institutionName = plan.institution?.trim() || 'Institution sans nom';
      const institution =
        (await findInstitutionByName(tx, institutionName)) ?? (await insertInstitution(tx, institutionName));
      institutionId = institution.id;
      const programmeName = plan.programme?.trim() || plan.title;
      const programme =
        (await findProgrammeByName(tx, institutionId, programmeName)) ??
        (await insertProgramme(tx, institutionId, programmeName));
      programmeId = programme.id;
    }
    await upsertSites(tx, institutionId, plan.sites);
    const planId = await savePlan(tx, plan, { programmeId });
    if (input.ownerUserId) {
      await insertMembership(tx, {
        id: globalThis.crypto.randomUUID(),
        userId: input.ownerUserId,
        scope: 'plan',
        scopeId: planId,
        role: 'coordinator',
      });
    }
    await recordChange(tx, {
      actor: input.actor,
      planId,
      action: 'import',
      objectType: 'plan',
      objectId: planId,
      after: { title: plan.title },
    });
    return { planId, programmeId, institutionId, plan };
  });
}

function stripIds(plan: Plan): void {
  const visitObjective = (o: Plan['axes'][number]['objectives'][number]) => {
    delete o.id;
    o.actions.forEach((a) => delete a.id);
    o.objectives.forEach(visitObjective);
  };
  for (const axis of plan.axes) {
    delete axis.id;
    axis.actions.forEach((a) => delete a.id);
    axis.objectives.forEach(visitObjective);
    for (const sub of axis.subdimensions) {
      delete sub.id;
      sub.actions.forEach((a) => delete a.id);
      sub.objectives.forEach(visitObjective);
    }
  }
}
