import { and, asc, eq, sql } from 'drizzle-orm';
import type { Database } from '../connection.ts';
import { institutions, programmes, sites } from '../schema/index.ts';

export async function listInstitutions(db: Database) {
  return db
    .select({ id: institutions.id, name: institutions.name })
    .from(institutions)
    .orderBy(asc(institutions.name));
}

export async function listProgrammes(db: Database) {
  return db
    .select({ id: programmes.id, institutionId: programmes.institutionId, name: programmes.name })
    .from(programmes)
    .orderBy(asc(programmes.name));
}

export async function findProgramme(db: Database, id: string) {
  const [row] = await db.select().from(programmes).where(eq(programmes.id, id));
  return row ?? null;
}

export async function findInstitutionByName(db: Database, name: string) {
  const [row] = await db
    .select()
    .from(institutions)
    .where(sql`lower(${institutions.name}) = lower(${name})`);
  return row ?? null;
}

export async function insertInstitution(db: Database, name: string) {
  const [row] = await db
    .insert(institutions)
    .values({ id: globalThis.crypto.randomUUID(), name })
    .returning();
  return row!;
}

export async function findProgrammeByName(db: Database, institutionId: string, name: string) {
  const [row] = await db
    .select()
    .from(programmes)
    .where(and(eq(programmes.institutionId, institutionId), sql`lower(${programmes.name}) = lower(${name})`));
  return row ?? null;
}

export async function insertProgramme(db: Database, institutionId: string, name: string) {
  const [row] = await db
    .insert(programmes)
    .values({ id: globalThis.crypto.randomUUID(), institutionId, name })
    .returning();
  return row!;
}

export async function listSites(db: Database, institutionId?: string) {
  return db
    .select()
    .from(sites)
    .where(institutionId ? eq(sites.institutionId, institutionId) : undefined)
    .orderBy(asc(sites.code));
}

/** Adds the sites an institution does not have yet (by code). */
export async function upsertSites(
  db: Database,
  institutionId: string,
  list: Array<{ code: string; name: string }>,
) {
  if (list.length === 0) return;
  await db
    .insert(sites)
    .values(
      list.map((s) => ({ id: globalThis.crypto.randomUUID(), institutionId, code: s.code, name: s.name })),
    )
    .onConflictDoNothing();
}

export async function insertSite(db: Database, row: { institutionId: string; code: string; name: string }) {
  const [inserted] = await db
    .insert(sites)
    .values({ id: globalThis.crypto.randomUUID(), ...row })
    .returning();
  return inserted!;
}

export async function findInstitution(db: Database, id: string) {
  const [row] = await db.select().from(institutions).where(eq(institutions.id, id));
  return row ?? null;
}

export async function findSiteByCode(db: Database, institutionId: string, code: string) {
  const [row] = await db
    .select()
    .from(sites)
    .where(and(eq(sites.institutionId, institutionId), sql`lower(${sites.code}) = lower(${code})`));
  return row ?? null;
}
