import type { Role } from '../../core/api/auth.ts';
import type { Actor } from '../auth/actor.ts';

export type AccountOperation =
  | 'listUsers'
  | 'createUser'
  | 'deleteUser'
  | 'suspendUser'
  | 'listMemberships'
  | 'grantMembership'
  | 'revokeMembership'
  | 'listSites'
  | 'createSite'
  | 'createInstitution'
  | 'createProgramme'
  | 'import';

/**
 * Accounts and organisation. Roles here are the actor's strongest role anywhere ("coordinator"
 * if they coordinate at least one scope). Users and roles span every institution of the server:
 * listing them, creating users and granting rights stay with admins.
 */
export const accountPolicy: Record<AccountOperation, Record<Role, 'allow' | 'deny'>> = {
  listUsers: {
    admin: 'allow',
    coordinator: 'deny',
    site_editor: 'deny',
    contributor: 'deny',
    reader: 'deny',
  },
  createUser: {
    admin: 'allow',
    coordinator: 'deny',
    site_editor: 'deny',
    contributor: 'deny',
    reader: 'deny',
  },
  listMemberships: {
    admin: 'allow',
    coordinator: 'deny',
    site_editor: 'deny',
    contributor: 'deny',
    reader: 'deny',
  },
  grantMembership: {
    admin: 'allow',
    coordinator: 'deny',
    site_editor: 'deny',
    contributor: 'deny',
    reader: 'deny',
  },
  listSites: {
    admin: 'allow',
    coordinator: 'allow',
    site_editor: 'allow',
    contributor: 'allow',
    reader: 'allow',
  },
  createSite: {
    admin: 'allow',
    coordinator: 'deny',
    site_editor: 'deny',
    contributor: 'deny',
    reader: 'deny',
  },
  deleteUser: {
    admin: 'allow',
    coordinator: 'deny',
    site_editor: 'deny',
    contributor: 'deny',
    reader: 'deny',
  },
  suspendUser: {
    admin: 'allow',
    coordinator: 'deny',
    site_editor: 'deny',
    contributor: 'deny',
    reader: 'deny',
  },
  revokeMembership: {
    admin: 'allow',
    coordinator: 'deny',
    site_editor: 'deny',
    contributor: 'deny',
    reader: 'deny',
  },
  createInstitution: {
    admin: 'allow',
    coordinator: 'deny',
    site_editor: 'deny',
    contributor: 'deny',
    reader: 'deny',
  },
  createProgramme: {
    admin: 'allow',
    coordinator: 'deny',
    site_editor: 'deny',
    contributor: 'deny',
    reader: 'deny',
  },
  import: { admin: 'allow', coordinator: 'allow', site_editor: 'deny', contributor: 'deny', reader: 'deny' },
};

const rank: Record<Role, number> = { admin: 5, coordinator: 4, site_editor: 3, contributor: 2, reader: 1 };

export function strongestRole(actor: Actor): Role | null {
  if (actor.user.isAdmin) return 'admin';
  let best: Role | null = null;
  for (const m of actor.memberships) if (!best || rank[m.role] > rank[best]) best = m.role;
  return best;
}

export function canOnAccounts(operation: AccountOperation, actor: Actor): boolean {
  const role = strongestRole(actor);
  return role !== null && accountPolicy[operation][role] === 'allow';
}
