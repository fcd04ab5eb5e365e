import { JalonError } from '../../core/errors.ts';
import type { Database } from '../../db/connection.ts';
import { findInstitution, findSiteByCode, insertSite } from '../../db/repositories/organisations.ts';
import type { Actor } from '../auth/actor.ts';
import { recordChange } from './record-change.ts';

/** Adds a site (implantation) to an institution; its code is unique there. */
export async function createSite(
  db: Database,
  input: { actor: Actor; institutionId: string; code: string; name: string },
) {
  return db.transaction(async (tx) => {
    if (!(await findInstitution(tx, input.institutionId))) {
      throw new JalonError(
        'BAD_INPUT',
        { fr: 'Institution inconnue.', en: 'Unknown institution.' },
        { location: { field: 'institutionId' } },
      );
    }
    if (await findSiteByCode(tx, input.institutionId, input.code)) {
      throw new JalonError(
        'CONFLICT',
        {
          fr: `L’implantation « ${input.code} » existe déjà dans cette institution.`,
          en: `The site "${input.code}" already exists in this institution.`,
        },
        { location: { field: 'code' } },
      );
    }
    const site = await insertSite(tx, {
      institutionId: input.institutionId,
      code: input.code,
      name: input.name,
    });
    await recordChange(tx, {
      actor: input.actor,
      planId: null,
      action: 'create',
      objectType: 'site',
      objectId: site.id,
      after: site,
    });
    return site;
  });
}
