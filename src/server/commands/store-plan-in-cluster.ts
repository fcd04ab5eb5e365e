import { JalonError, type LocalizedText } from '../../core/errors.ts';
import type { Plan } from '../../core/plan-schema.ts';
import type { Database } from '../../db/connection.ts';
import { insertClusterPlans } from '../../db/repositories/clusters.ts';
import type { Actor } from '../auth/actor.ts';
import { recordChange } from './record-change.ts';
import { storeNewPlan } from './store-plan.ts';

/**
 * The institution an imported plan is stored under: the one its document names (the importer
 * reads it from the front matter), else the fallback given with the import. A plan naming none
 * is refused rather than stored under "Institution sans nom", where a cluster page would mix
 * it up with every other plan that named none.
 */
export function institutionOfImport(
  plan: Plan,
  file: string,
  fallback: string | null | undefined,
  hint: LocalizedText,
): { institution: string; from: 'document' | 'fallback' } {
  const named = plan.institution?.trim();
  if (named) return { institution: named, from: 'document' };
  const given = fallback?.trim();
  if (given) return { institution: given, from: 'fallback' };
  throw new JalonError(
    'BAD_INPUT',
    {
      fr: `${file} ne nomme pas son institution : ${hint.fr}`,
      en: `${file} does not name its institution: ${hint.en}`,
    },
    { location: { file, field: 'institution' } },
  );
}

/**
 * Stores an imported plan under its institution and puts it in the cluster, whole or not at
 * all: a plan never lands outside the cluster it was imported for.
 */
export async function storePlanInCluster(
  db: Database,
  input: { actor: Actor | null; clusterId: string; plan: Plan; ownerUserId?: string | undefined },
) {
  return db.transaction(async (tx) => {
    const stored = await storeNewPlan(tx, {
      actor: input.actor,
      plan: input.plan,
      ownerUserId: input.ownerUserId,
    });
    await insertClusterPlans(tx, input.clusterId, [stored.planId]);
    await recordChange(tx, {
      actor: input.actor,
      planId: null,
      action: 'add-plan',
      objectType: 'cluster',
      objectId: input.clusterId,
      after: { planId: stored.planId },
    });
    return stored;
  });
}
