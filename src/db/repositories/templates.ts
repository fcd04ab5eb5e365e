import { and, asc, eq, isNull, or, sql } from 'drizzle-orm';
import type { CustomFieldValue } from '../../core/custom-fields.ts';
import { templateSchema, type Template } from '../../core/plan-template.ts';
import type { Database } from '../connection.ts';
import { actions, plans, planTemplates } from '../schema/index.ts';

export interface TemplateScope {
  institutionId: string;
  /** A programme's own version of a template; null for the institution's. */
  programmeId?: string | null;
}

export interface StoredTemplate {
  id: string;
  institutionId: string;
  programmeId: string | null;
  revision: number;
  template: Template;
}

function toStored(row: typeof planTemplates.$inferSelect): StoredTemplate {
  return {
    id: row.id,
    institutionId: row.institutionId,
    programmeId: row.programmeId,
    revision: row.revision,
    template: templateSchema.parse(row.data),
  };
}

/**
 * Stores a template for an institution (or one of its programmes): a new row, or the next
 * revision of the one with the same template id in that scope. Returns the stored row.
 */
export async function saveTemplate(
  db: Database,
  scope: TemplateScope,
  template: Template,
): Promise<StoredTemplate> {
  const valid = templateSchema.parse(template);
  const values = {
    institutionId: scope.institutionId,
    programmeId: scope.programmeId ?? null,
    templateKey: valid.id,
    name: valid.name.fr,
    basedOn: valid.basedOn,
    data: valid,
  };
  const [row] = await db
    .insert(planTemplates)
    .values({ id: globalThis.crypto.randomUUID(), ...values })
    .onConflictDoUpdate({
      target: [planTemplates.institutionId, planTemplates.programmeId, planTemplates.templateKey],
      set: {
        name: values.name,
        basedOn: values.basedOn,
        data: values.data,
        revision: sql`${planTemplates.revision} + 1`,
        updatedAt: sql`now()`,
      },
    })
    .returning();
  return toStored(row!);
}

/**
 * The templates a programme's plans may use: the institution's, each replaced by the
 * programme's own version of it where there is one, ordered by name.
 */
export async function listTemplates(db: Database, scope: TemplateScope): Promise<StoredTemplate[]> {
  const rows = await db
    .select()
    .from(planTemplates)
    .where(
      and(
        eq(planTemplates.institutionId, scope.institutionId),
        scope.programmeId
          ? or(isNull(planTemplates.programmeId), eq(planTemplates.programmeId, scope.programmeId))
          : isNull(planTemplates.programmeId),
      ),
    )
    .orderBy(asc(planTemplates.name), asc(planTemplates.templateKey));
  const byKey = new Map<string, typeof planTemplates.$inferSelect>();
  for (const row of rows) {
    const held = byKey.get(row.templateKey);
    if (!held || (row.programmeId !== null && held.programmeId === null)) byKey.set(row.templateKey, row);
  }
  return [...byKey.values()].map(toStored);
}

/** One template by its id in a scope, the programme's version first; null when there is none. */
export async function findTemplate(
  db: Database,
  scope: TemplateScope,
  templateId: string,
): Promise<StoredTemplate | null> {
  return (await listTemplates(db, scope)).find((t) => t.template.id === templateId) ?? null;
}

/** Removes a template from a scope; the plans written in it keep their copy. Returns whether one was removed. */
export async function deleteTemplate(
  db: Database,
  scope: TemplateScope,
  templateId: string,
): Promise<boolean> {
  const removed = await db
    .delete(planTemplates)
    .where(
      and(
        eq(planTemplates.institutionId, scope.institutionId),
        scope.programmeId
          ? eq(planTemplates.programmeId, scope.programmeId)
          : isNull(planTemplates.programmeId),
        eq(planTemplates.templateKey, templateId),
      ),
    )
    .returning({ id: planTemplates.id });
  return removed.length > 0;
}

/**
 * Ids of a plan's actions whose custom field holds a value (a list field: holds it among its
 * values), by JSON containment on the indexed data->'customFields'.
 */
export async function findActionsByCustomField(
  db: Database,
  planId: string,
  key: string,
  value: CustomFieldValue,
): Promise<string[]> {
  const wanted = JSON.stringify({ [key]: value });
  const listed = typeof value === 'string' ? JSON.stringify({ [key]: [value] }) : wanted;
  const rows = await db
    .select({ id: actions.id })
    .from(actions)
    .where(
      and(
        eq(actions.planId, planId),
        sql`((${actions.data} -> 'customFields') @> ${wanted}::jsonb or (${actions.data} -> 'customFields') @> ${listed}::jsonb)`,
      ),
    )
    .orderBy(asc(actions.position));
  return rows.map((r) => r.id);
}

/** A stored plan's template and site codes (what its actions' custom values are checked against); null when no such plan. */
export async function findPlanTemplate(
  db: Database,
  planId: string,
): Promise<{ template: Template | null; siteCodes: string[] } | null> {
  const [row] = await db
    .select({ template: sql<unknown>`${plans.data} -> 'template'`, siteCodes: plans.siteCodes })
    .from(plans)
    .where(eq(plans.id, planId));
  if (!row) return null;
  return { template: row.template ? templateSchema.parse(row.template) : null, siteCodes: row.siteCodes };
}
