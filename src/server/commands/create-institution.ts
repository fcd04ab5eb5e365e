import { JalonError } from '../../core/errors.ts';
import type { Database } from '../../db/connection.ts';
import { findInstitutionByName, insertInstitution } from '../../db/repositories/organisations.ts';
import type { Actor } from '../auth/actor.ts';
import { recordChange } from './record-change.ts';

/** Creates an institution; names are unique regardless of case (imports find institutions by name). */
export async function createInstitution(db: Database, input: { actor: Actor; name: string }) {
  return db.transaction(async (tx) => {
    if (await findInstitutionByName(tx, input.name)) {
      throw new JalonError(
        'CONFLICT',
        {
          fr: `L’institution « ${input.name} » existe déjà.`,
          en: `The institution "${input.name}" already exists.`,
        },
        { location: { field: 'name' } },
      );
    }
    const row = await insertInstitution(tx, input.name);
    const institution = { id: row.id, name: row.name };
    await recordChange(tx, {
      actor: input.actor,
      planId: null,
      action: 'create',
      objectType: 'institution',
      objectId: row.id,
      after: institution,
    });
    return institution;
  });
}
