import { and, eq, lt, sql } from 'drizzle-orm';
import { columnRoleSchema, mappingLabelKey, type ColumnMapping } from '../../core/column-roles.ts';
import type { Database } from '../connection.ts';
import { importMappings, pendingImports } from '../schema/index.ts';

/** The column roles remembered for an institution, by header as last written. */
export async function findImportMapping(db: Database, institutionId: string): Promise<ColumnMapping> {
  const rows = await db
    .select({ label: importMappings.label, role: importMappings.role })
    .from(importMappings)
    .where(eq(importMappings.institutionId, institutionId));
  const mapping: ColumnMapping = {};
  for (const row of rows) {
    const role = columnRoleSchema.safeParse(row.role);
    if (role.success) mapping[row.label] = role.data;
  }
  return mapping;
}

/** Remembers column roles for an institution: a header chosen again replaces its earlier role. */
export async function saveImportMapping(
  db: Database,
  input: { institutionId: string; mapping: ColumnMapping; userId: string | null },
): Promise<void> {
  const rows = Object.entries(input.mapping).map(([label, role]) => ({
    institutionId: input.institutionId,
    labelKey: mappingLabelKey(label),
    label,
    role,
    updatedBy: input.userId,
  }));
  if (rows.length === 0) return;
  await db
    .insert(importMappings)
    .values(rows)
    .onConflictDoUpdate({
      target: [importMappings.institutionId, importMappings.labelKey],
      set: {
        label: sql`excluded.label`,
        role: sql`excluded.role`,
        updatedBy: sql`excluded.updated_by`,
        updatedAt: sql`now()`,
      },
    });
}

/** A preview waiting for confirmation, with the file it was read from. */
export async function insertPendingImport(
  db: Database,
  row: typeof pendingImports.$inferInsert,
): Promise<void> {
  await db.insert(pendingImports).values(row);
}

/** Deletes a user's pending import and returns it: whoever takes it first confirms it. */
export async function takePendingImport(db: Database, id: string, userId: string) {
  const [row] = await db
    .delete(pendingImports)
    .where(and(eq(pendingImports.id, id), eq(pendingImports.userId, userId)))
    .returning();
  return row ?? null;
}

/** A deleted account's previews waiting for confirmation. */
export async function deletePendingImportsOfUser(db: Database, userId: string): Promise<void> {
  await db.delete(pendingImports).where(eq(pendingImports.userId, userId));
}

/** Previews nobody confirmed within a day: their files are not kept longer. */
export async function deleteStalePendingImports(db: Database): Promise<void> {
  await db.delete(pendingImports).where(lt(pendingImports.createdAt, sql`now() - interval '1 day'`));
}

/** A user's pending import, with its file, to be read again. */
export async function findPendingImport(db: Database, id: string, userId: string) {
  const [row] = await db
    .select()
    .from(pendingImports)
    .where(and(eq(pendingImports.id, id), eq(pendingImports.userId, userId)));
  return row ?? null;
}

export async function updatePendingImport(
  db: Database,
  id: string,
  values: Pick<
    typeof pendingImports.$inferInsert,
    'plan' | 'warnings' | 'mapping' | 'reading' | 'rememberedInstitutionId'
  >,
): Promise<void> {
  await db.update(pendingImports).set(values).where(eq(pendingImports.id, id));
}
