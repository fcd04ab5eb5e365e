import type { User } from '../../core/api/auth.ts';

/** What leaves the server about a user: never the password hash. */
export function presentUser(row: {
  id: string;
  email: string;
  name: string;
  isAdmin: boolean;
  suspendedAt?: string | null;
}): User {
  return {
    id: row.id,
    email: row.email,
    name: row.name,
    role: row.isAdmin ? 'admin' : null,
    ...(row.suspendedAt !== undefined
      ? { suspendedAt: row.suspendedAt ? new Date(row.suspendedAt).toISOString() : null }
      : {}),
  };
}
