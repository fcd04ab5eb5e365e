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
      throw new JalonError('BAD_INPUT', 'Institution inconnue.', { location: { field: 'institutionId' } });
    }
    if (await findProgrammeByName(tx, input.institutionId, input.name)) {
      throw new JalonError('CONFLICT', `Le programme « ${input.name} » existe déjà dans cette institution.`, {
        location: { field: 'name' },
      });
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
