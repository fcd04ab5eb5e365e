import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import type { Database } from '../connection.ts';
import { institutions, plans, programmes, sites } from '../schema/index.ts';

/** What a set of roles reaches of the organisation: null for an instance admin (everything). */
export interface OrganisationReach {
  /** Institutions where the roles reach something (the institution, one of its programmes or plans). */
  institutionIds: string[];
  /** Programmes reached: every programme of an institution given whole, or a programme (of a plan) given. */
  programmeIds: string[];
  /** Institutions given whole (a role over the institution itself). */
  wholeInstitutionIds: string[];
}

/** The institutions and programmes a set of memberships reaches, directly or through a programme or a plan. */
export async function membershipReach(
  db: Database,
  memberships: ReadonlyArray<{ scope: string; scopeId: string }>,
): Promise<OrganisationReach> {
  const whole = new Set(memberships.filter((m) => m.scope === 'institution').map((m) => m.scopeId));
  const programmeIds = new Set(memberships.filter((m) => m.scope === 'programme').map((m) => m.scopeId));
  const planIds = memberships.filter((m) => m.scope === 'plan').map((m) => m.scopeId);
  if (planIds.length > 0) {
    const rows = await db
      .select({ programmeId: plans.programmeId })
      .from(plans)
      .where(inArray(plans.id, planIds));
    for (const row of rows) if (row.programmeId) programmeIds.add(row.programmeId);
  }
  const institutionIds = new Set(whole);
  if (programmeIds.size > 0) {
    const rows = await db
      .select({ institutionId: programmes.institutionId })
      .from(programmes)
      .where(inArray(programmes.id, [...programmeIds]));
    for (const row of rows) institutionIds.add(row.institutionId);
  }
  if (whole.size > 0) {
    const rows = await db
      .select({ id: programmes.id })
      .from(programmes)
      .where(inArray(programmes.institutionId, [...whole]));
    for (const row of rows) programmeIds.add(row.id);
  }
  return {
    institutionIds: [...institutionIds],
    programmeIds: [...programmeIds],
    wholeInstitutionIds: [...whole],
  };
}

/** Institutions, all (reach null) or those reached. */
export async function listInstitutions(db: Database, reach: OrganisationReach | null = null) {
  if (reach && reach.institutionIds.length === 0) return [];
  return db
    .select({ id: institutions.id, name: institutions.name })
    .from(institutions)
    .where(reach ? inArray(institutions.id, reach.institutionIds) : undefined)
    .orderBy(asc(institutions.name));
}

/** Programmes, all (reach null) or those reached. */
export async function listProgrammes(db: Database, reach: OrganisationReach | null = null) {
  if (reach && reach.programmeIds.length === 0) return [];
  return db
    .select({ id: programmes.id, institutionId: programmes.institutionId, name: programmes.name })
    .from(programmes)
    .where(reach ? inArray(programmes.id, reach.programmeIds) : undefined)
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

/** Sites of one institution, or of the institutions reached (all when reach is null). */
export async function listSites(
  db: Database,
  institutionId?: string,
  reach: OrganisationReach | null = null,
) {
  if (reach && reach.institutionIds.length === 0) return [];
  const inReach = reach ? inArray(sites.institutionId, reach.institutionIds) : undefined;
  return db
    .select()
    .from(sites)
    .where(institutionId ? and(eq(sites.institutionId, institutionId), inReach) : inReach)
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
