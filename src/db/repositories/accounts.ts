import { and, asc, eq, gt, inArray, sql } from 'drizzle-orm';
import type { Database } from '../connection.ts';
import { prepared } from '../prepared-query.ts';
import { apiTokens, memberships, sessions, users } from '../schema/index.ts';

export type UserRow = typeof users.$inferSelect;
export type MembershipRow = typeof memberships.$inferSelect;
export type SessionRow = typeof sessions.$inferSelect;

export async function findUserByEmail(db: Database, email: string): Promise<UserRow | null> {
  const [row] = await db.select().from(users).where(eq(users.email, email.trim().toLowerCase()));
  return row ?? null;
}

export async function findUserById(db: Database, id: string): Promise<UserRow | null> {
  const [row] = await db.select().from(users).where(eq(users.id, id));
  return row ?? null;
}

export async function listUsers(db: Database): Promise<UserRow[]> {
  return db.select().from(users).orderBy(asc(users.email));
}

export async function countUsers(db: Database): Promise<number> {
  const [row] = await db.select({ n: sql<number>`count(*)::int` }).from(users);
  return row?.n ?? 0;
}

export async function insertUser(db: Database, row: typeof users.$inferInsert): Promise<UserRow> {
  const [inserted] = await db
    .insert(users)
    .values({ ...row, email: row.email.trim().toLowerCase() })
    .returning();
  return inserted!;
}

export async function updateUserPassword(db: Database, userId: string, passwordHash: string): Promise<void> {
  await db.update(users).set({ passwordHash }).where(eq(users.id, userId));
}

export async function listMembershipsOfUser(db: Database, userId: string): Promise<MembershipRow[]> {
  return db
    .select()
    .from(memberships)
    .where(eq(memberships.userId, userId))
    .orderBy(asc(memberships.createdAt));
}

export async function listMemberships(
  db: Database,
  filter: { scope?: string | undefined; scopeId?: string | undefined; userId?: string | undefined },
): Promise<MembershipRow[]> {
  const conditions = [
    filter.scope ? eq(memberships.scope, filter.scope) : undefined,
    filter.scopeId ? eq(memberships.scopeId, filter.scopeId) : undefined,
    filter.userId ? eq(memberships.userId, filter.userId) : undefined,
  ].filter((c) => c !== undefined);
  return db
    .select()
    .from(memberships)
    .where(conditions.length > 0 ? and(...conditions) : undefined)
    .orderBy(asc(memberships.createdAt));
}

export async function insertMembership(
  db: Database,
  row: typeof memberships.$inferInsert,
): Promise<MembershipRow> {
  const [inserted] = await db.insert(memberships).values(row).returning();
  return inserted!;
}

export async function insertSession(db: Database, row: typeof sessions.$inferInsert): Promise<void> {
  await db.insert(sessions).values(row);
}

/** A session that has not expired, with its user: one query on every signed-in request. */
export async function findLiveSession(
  db: Database,
  tokenHash: string,
): Promise<{ session: SessionRow; user: UserRow } | null> {
  const query = prepared(db, 'find_live_session', (d) =>
    d
      .select({ session: sessions, user: users })
      .from(sessions)
      .innerJoin(users, eq(users.id, sessions.userId))
      .where(and(eq(sessions.tokenHash, sql.placeholder('tokenHash')), gt(sessions.expiresAt, sql`now()`)))
      .prepare('find_live_session'),
  );
  const [row] = await query.execute({ tokenHash });
  return row ?? null;
}

export async function deleteSession(db: Database, tokenHash: string): Promise<void> {
  await db.delete(sessions).where(eq(sessions.tokenHash, tokenHash));
}

/** Sign-out everywhere but here, after a password change. */
export async function deleteOtherSessions(
  db: Database,
  userId: string,
  keepTokenHash: string | null,
): Promise<void> {
  await db
    .delete(sessions)
    .where(
      keepTokenHash
        ? and(eq(sessions.userId, userId), sql`${sessions.tokenHash} <> ${keepTokenHash}`)
        : eq(sessions.userId, userId),
    );
}

export async function insertApiToken(db: Database, row: typeof apiTokens.$inferInsert): Promise<void> {
  await db.insert(apiTokens).values(row);
}

export async function listApiTokens(db: Database, userId: string) {
  return db
    .select({
      id: apiTokens.id,
      name: apiTokens.name,
      createdAt: apiTokens.createdAt,
      lastUsedAt: apiTokens.lastUsedAt,
    })
    .from(apiTokens)
    .where(eq(apiTokens.userId, userId))
    .orderBy(asc(apiTokens.createdAt));
}

export async function deleteApiToken(db: Database, userId: string, id: string): Promise<boolean> {
  const deleted = await db
    .delete(apiTokens)
    .where(and(eq(apiTokens.userId, userId), eq(apiTokens.id, id)))
    .returning({ id: apiTokens.id });
  return deleted.length > 0;
}

/** The user a token belongs to; records when it was last used. */
export async function findUserByApiToken(db: Database, tokenHash: string): Promise<UserRow | null> {
  const [row] = await db
    .update(apiTokens)
    .set({ lastUsedAt: sql`now()` })
    .where(eq(apiTokens.tokenHash, tokenHash))
    .returning({ userId: apiTokens.userId });
  return row ? findUserById(db, row.userId) : null;
}

export async function findUsersByIds(db: Database, ids: string[]): Promise<UserRow[]> {
  if (ids.length === 0) return [];
  return db.select().from(users).where(inArray(users.id, ids));
}

export async function findMembershipById(db: Database, id: string): Promise<MembershipRow | null> {
  const [row] = await db.select().from(memberships).where(eq(memberships.id, id));
  return row ?? null;
}

export async function deleteMembership(db: Database, id: string): Promise<void> {
  await db.delete(memberships).where(eq(memberships.id, id));
}

/** Roles given over one scope (a deleted plan's). */
export async function deleteMembershipsOfScope(db: Database, scope: string, scopeId: string): Promise<void> {
  await db.delete(memberships).where(and(eq(memberships.scope, scope), eq(memberships.scopeId, scopeId)));
}

export async function countAdmins(db: Database): Promise<number> {
  const [row] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(users)
    .where(eq(users.isAdmin, true));
  return row?.n ?? 0;
}

/**
 * Deletes an account; its memberships, sessions, API tokens and calendar feeds go with it
 * (foreign keys), the versions it froze and the evidence it attached stay, without their author.
 */
export async function deleteUserRow(db: Database, id: string): Promise<void> {
  await db.delete(users).where(eq(users.id, id));
}

/** Suspends an account (or reactivates it with `null`); its sessions go with the suspension. */
export async function setUserSuspension(
  db: Database,
  userId: string,
  suspension: { suspendedAt: string; suspendedBy: string } | null,
): Promise<void> {
  await db
    .update(users)
    .set(suspension ?? { suspendedAt: null, suspendedBy: null })
    .where(eq(users.id, userId));
  if (suspension) await db.delete(sessions).where(eq(sessions.userId, userId));
}

/** Makes an account an administrator of the instance (a sign-in rule giving "admin"). */
export async function setUserAdmin(db: Database, userId: string): Promise<UserRow> {
  const [row] = await db.update(users).set({ isAdmin: true }).where(eq(users.id, userId)).returning();
  return row!;
}
