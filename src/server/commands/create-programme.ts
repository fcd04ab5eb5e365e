import { JalonError } from '../../core/errors.ts';
import type { Database } from '../../db/connection.ts';
import {
  findInstitution,
  findProgrammeByName,
  insertProgramme,
} from '../../db/repositories/organisations.ts';
import type { Actor } from '../auth/actor.ts';
import { recordChange } from './record-change.ts';

/** Creates a programme of an institution; names are unique within the institution regardless of case. */
export async function createProgramme(
  db: Database,
  input: { actor: Actor; institutionId: string; name: string },
) {
  return db.transaction(async (tx) => {
    if (!(await findInstitution(tx, input.institutionId))) {
      throw new JalonError(
        'BAD_INPUT',
        { fr: 'Institution inconnue.', en: 'Unknown institution.' },
        { location: { field: 'institutionId' } },
      );
    }
    if (await findProgrammeByName(tx, input.institutionId, input.name)) {
      throw new JalonError(
        'CONFLICT',
        {
          fr: `Le programme « ${input.name} » existe déjà dans cette institution.`,
          en: `The programme "${input.name}" already exists in this institution.`,
        },
        { location: { field: 'name' } },
      );
    }
    const row = await insertProgramme(tx, input.institutionId, input.name);
    const programme = { id: row.id, institutionId: row.institutionId, name: row.name };
    await recordChange(tx, {
      actor: input.actor,
      planId: null,
      action: 'create',
      objectType: 'programme',
      objectId: row.id,
      after: programme,
    });
    return programme;
  });
}
