import type { Membership, Role } from '../../core/api/auth.ts';
import type { UserRow } from '../../db/repositories/accounts.ts';

/** Who is making the request, with every role they hold. */
export interface Actor {
  user: Pick<UserRow, 'id' | 'email' | 'name' | 'isAdmin'>;
  memberships: Membership[];
  /** How the request was authenticated: a cookie session needs a CSRF token on writes. */
  via: 'session' | 'token';
  sessionTokenHash: string | null;
  csrfToken: string | null;
}

export function toMembership(row: {
  id: string;
  userId: string;
  scope: string;
  scopeId: string;
  role: string;
  sites: string[];
}): Membership {
  return {
    id: row.id,
    userId: row.userId,
    scope: row.scope as Membership['scope'],
    scopeId: row.scopeId,
    role: row.role as Role,
    sites: row.sites,
  };
}
