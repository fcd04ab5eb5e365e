import { and, asc, eq, gt, sql } from 'drizzle-orm';
import type { Database } from '../connection.ts';
import {
  externalIdentities,
  instanceSettings,
  signInAttempts,
  signInRoleRules,
  users,
} from '../schema/index.ts';
import type { UserRow } from './accounts.ts';

export type ExternalIdentityRow = typeof externalIdentities.$inferSelect;
export type RoleRuleRow = typeof signInRoleRules.$inferSelect;
export type SignInAttemptRow = typeof signInAttempts.$inferSelect;

/** The account a provider's subject signed in as before, if any. */
export async function findUserByIdentity(
  db: Database,
  provider: string,
  subject: string,
): Promise<UserRow | null> {
  const [row] = await db
    .select({ user: users })
    .from(externalIdentities)
    .innerJoin(users, eq(users.id, externalIdentities.userId))
    .where(and(eq(externalIdentities.provider, provider), eq(externalIdentities.subject, subject)));
  return row?.user ?? null;
}

export async function insertIdentity(
  db: Database,
  row: typeof externalIdentities.$inferInsert,
): Promise<void> {
  await db.insert(externalIdentities).values(row);
}

export async function touchIdentity(db: Database, provider: string, subject: string): Promise<void> {
  await db
    .update(externalIdentities)
    .set({ lastSignInAt: sql`now()` })
    .where(and(eq(externalIdentities.provider, provider), eq(externalIdentities.subject, subject)));
}

/** The providers each account is linked to, for the administration's list. */
export async function listIdentityProviders(db: Database): Promise<Map<string, string[]>> {
  const rows = await db
    .select({ userId: externalIdentities.userId, provider: externalIdentities.provider })
    .from(externalIdentities)
    .orderBy(asc(externalIdentities.createdAt));
  const byUser = new Map<string, string[]>();
  for (const row of rows) byUser.set(row.userId, [...(byUser.get(row.userId) ?? []), row.provider]);
  return byUser;
}

export async function listRoleRules(db: Database): Promise<RoleRuleRow[]> {
  return db.select().from(signInRoleRules).orderBy(asc(signInRoleRules.createdAt));
}

export async function insertRoleRule(
  db: Database,
  row: typeof signInRoleRules.$inferInsert,
): Promise<RoleRuleRow> {
  const [inserted] = await db.insert(signInRoleRules).values(row).returning();
  return inserted!;
}

export async function deleteRoleRule(db: Database, id: string): Promise<RoleRuleRow | null> {
  const [deleted] = await db.delete(signInRoleRules).where(eq(signInRoleRules.id, id)).returning();
  return deleted ?? null;
}

export async function insertSignInAttempt(db: Database, row: SignInAttemptRow): Promise<void> {
  // Attempts nobody finished are of no use after they expire.
  await db.delete(signInAttempts).where(sql`${signInAttempts.expiresAt} < now()`);
  await db.insert(signInAttempts).values(row);
}

/** Takes an attempt under way, once: a second callback with the same key finds nothing. */
export async function takeSignInAttempt(db: Database, keyHash: string): Promise<SignInAttemptRow | null> {
  const [row] = await db
    .delete(signInAttempts)
    .where(and(eq(signInAttempts.keyHash, keyHash), gt(signInAttempts.expiresAt, sql`now()`)))
    .returning();
  return row ?? null;
}

export async function readSetting(db: Database, key: string): Promise<unknown> {
  const [row] = await db.select().from(instanceSettings).where(eq(instanceSettings.key, key));
  return row?.value;
}

export async function writeSetting(
  db: Database,
  key: string,
  value: unknown,
  updatedBy: string | null,
): Promise<void> {
  await db
    .insert(instanceSettings)
    .values({ key, value, updatedBy })
    .onConflictDoUpdate({ target: instanceSettings.key, set: { value, updatedBy, updatedAt: sql`now()` } });
}
