import type { MembershipScope, Role } from '../../core/api/auth.ts';
import { JalonError, type LocalizedText } from '../../core/errors.ts';
import type { Database } from '../../db/connection.ts';
import { findUserById, insertMembership } from '../../db/repositories/accounts.ts';
import { findInstitution, findProgramme } from '../../db/repositories/organisations.ts';
import { findPlanRow } from '../../db/repositories/plans.ts';
import { findCluster } from '../../db/repositories/clusters.ts';
import type { Actor } from '../auth/actor.ts';
import { recordChange } from './record-change.ts';

/** Gives a user a role over an institution, a programme, a plan or a cluster. */
export async function grantMembership(
  db: Database,
  input: {
    actor: Actor;
    userId: string;
    scope: MembershipScope;
    scopeId: string;
    role: Exclude<Role, 'admin'>;
    sites: string[];
  },
) {
  if (input.role === 'site_editor' && input.sites.length === 0) {
    throw new JalonError(
      'BAD_INPUT',
      {
        fr: 'Un rôle « site_editor » nomme au moins une implantation.',
        en: 'A "site_editor" role names at least one site.',
      },
      { location: { field: 'sites' } },
    );
  }
  return db.transaction(async (tx) => {
    if (!(await findUserById(tx, input.userId))) {
      throw new JalonError(
        'BAD_INPUT',
        { fr: 'Utilisateur inconnu.', en: 'Unknown user.' },
        { location: { field: 'userId' } },
      );
    }
    const target =
      input.scope === 'institution'
        ? await findInstitution(tx, input.scopeId)
        : input.scope === 'programme'
          ? await findProgramme(tx, input.scopeId)
          : input.scope === 'cluster'
            ? await findCluster(tx, input.scopeId)
            : await findPlanRow(tx, input.scopeId);
    if (!target) {
      const unknown: LocalizedText = {
        institution: { fr: 'Institution inconnue', en: 'Unknown institution' },
        programme: { fr: 'Programme inconnu', en: 'Unknown programme' },
        plan: { fr: 'Plan inconnu', en: 'Unknown plan' },
        cluster: { fr: 'Groupe de plans inconnu', en: 'Unknown cluster' },
      }[input.scope];
      throw new JalonError(
        'BAD_INPUT',
        { fr: `${unknown.fr} : ${input.scopeId}.`, en: `${unknown.en}: ${input.scopeId}.` },
        { location: { field: 'scopeId' } },
      );
    }
    const membership = await insertMembership(tx, {
      id: globalThis.crypto.randomUUID(),
      userId: input.userId,
      scope: input.scope,
      scopeId: input.scopeId,
      role: input.role,
      sites: input.role === 'site_editor' ? input.sites : [],
    });
    await recordChange(tx, {
      actor: input.actor,
      planId: input.scope === 'plan' ? input.scopeId : null,
      action: 'grant',
      objectType: 'membership',
      objectId: membership.id,
      after: membership,
    });
    return membership;
  });
}
