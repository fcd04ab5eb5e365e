import type { SessionRow, UserRow } from '../../db/repositories/accounts.ts';
import type { Membership } from '../../core/api/auth.ts';

interface CachedSession {
  session: SessionRow;
  user: UserRow;
  memberships: Membership[];
  cachedAt: number;
}

/**
 * Signed-in sessions with their user and memberships, kept a few seconds so that a burst of
 * requests does not query them each time. Sign-out, password changes and role changes in this
 * process drop entries at once; made by another server process on the same PostgreSQL, they
 * arrive through the change bus (change-bus.ts) within milliseconds, and `ttlMs` bounds what a
 * lost notification could leave.
 */
export class SessionCache {
  private readonly entries = new Map<string, CachedSession>();
  /** Requests whose session came from the cache, and those that read it from the database (/metrics). */
  readonly lookups = { hit: 0, miss: 0 };

  constructor(private readonly ttlMs = 5_000) {}

  get(tokenHash: string): CachedSession | null {
    const entry = this.entries.get(tokenHash);
    if (!entry) {
      this.lookups.miss++;
      return null;
    }
    const now = Date.now();
    if (now - entry.cachedAt > this.ttlMs || Date.parse(entry.session.expiresAt) <= now) {
      this.entries.delete(tokenHash);
      this.lookups.miss++;
      return null;
    }
    this.lookups.hit++;
    return entry;
  }

  set(tokenHash: string, entry: Omit<CachedSession, 'cachedAt'>): void {
    if (this.entries.size > 10_000) this.entries.clear();
    this.entries.set(tokenHash, { ...entry, cachedAt: Date.now() });
  }

  delete(tokenHash: string): void {
    this.entries.delete(tokenHash);
  }

  /** Drops the sessions of one account (signed out elsewhere, role or standing changed). */
  dropAccount(accountId: string): void {
    for (const [tokenHash, entry] of this.entries) {
      if (entry.user.id === accountId) this.entries.delete(tokenHash);
    }
  }

  clear(): void {
    this.entries.clear();
  }
}
