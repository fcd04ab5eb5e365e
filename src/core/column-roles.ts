import { z } from 'zod';

/**
 * What a column of an imported plan table holds: a level of the plan's structure (axis,
 * sub-dimension, general objective, objective), the action's text or one of its fields, one of
 * the machine columns of Jalon's own sheets, or "extra" (kept with each action as an extra
 * field under the column's label).
 *
 * Objective-level fields (references, steeringLevel, guarantor, expectedResults) sit on the
 * objective when the table has an objective column, on the action otherwise; their "action…"
 * forms ("Garant de l'action") always sit on the action. "statusDeadline" carries both a status
 * and a deadline ("Degré de réalisation / Échéance(s)"). "parentObjective", "scope", "isNew",
 * "completionNote" and "timelineSlot" describe objectives only.
 */
export const columnKeys = [
  'axis',
  'subdimension',
  'objective',
  'generalObjective',
  'text',
  'step',
  'sites',
  'references',
  'steeringLevel',
  'guarantor',
  'expectedResults',
  'responsibles',
  'indicators',
  'status',
  'deadline',
  'statusDeadline',
  'priority',
  'conditions',
  'tasks',
  'notes',
  'identifier',
  'actionReferences',
  'actionSteeringLevel',
  'actionGuarantor',
  'actionExpectedResults',
  'kind',
  'statusCode',
  'periodStart',
  'periodEnd',
  'actionId',
  'parentObjective',
  'scope',
  'isNew',
  'completionNote',
  'timelineSlot',
] as const;
export type ColumnKey = (typeof columnKeys)[number];

export const columnRoleValues = [...columnKeys, 'extra'] as const;
export const columnRoleSchema = z.enum(columnRoleValues);
export type ColumnRole = z.infer<typeof columnRoleSchema>;

/** Levels of the plan's structure a column (or rows, headings, sheets) can give. */
export const structureRoles = ['axis', 'subdimension', 'generalObjective', 'objective'] as const;
export type StructureRole = (typeof structureRoles)[number];

/** Roles of Jalon's own flat sheets and of action-scoped or objective-only columns: not offered for correcting a column. */
const advancedRoles: ReadonlySet<ColumnRole> = new Set<ColumnRole>([
  'actionReferences',
  'actionSteeringLevel',
  'actionGuarantor',
  'actionExpectedResults',
  'kind',
  'statusCode',
  'periodStart',
  'periodEnd',
  'actionId',
  'parentObjective',
  'scope',
  'isNew',
  'completionNote',
  'timelineSlot',
]);

/** The roles a coordinator picks from when correcting a column, in the order they are offered. */
export const selectableColumnRoles: readonly ColumnRole[] = columnRoleValues.filter(
  (r) => !advancedRoles.has(r),
);

/**
 * A coordinator's choices, by column header as the document writes it: "KPI" → "indicators".
 * Labels are matched case-, accent- and spacing-blind; every table with that header follows it.
 */
export const columnMappingSchema = z
  .record(z.string().trim().min(1).max(200), columnRoleSchema)
  .refine((mapping) => Object.keys(mapping).length <= 200, { message: 'jalon:too-many-columns' });
export type ColumnMapping = z.infer<typeof columnMappingSchema>;

/**
 * Why a column was read the way it was. Codes are stable (the web and the CLI word them in
 * their language); numbers are row counts.
 */
export const columnReasonSchema = z.discriminatedUnion('code', [
  /** The header names the field: "Owner" = responsibles. */
  z.object({ code: z.literal('header'), label: z.string() }),
  /** The header is no field Jalon knows. */
  z.object({ code: z.literal('unknown-header'), label: z.string() }),
  /** Cells merged vertically over groups of rows. */
  z.object({ code: z.literal('merged'), min: z.number().int(), max: z.number().int() }),
  /** The same value written again over consecutive rows. */
  z.object({ code: z.literal('repeated'), min: z.number().int(), max: z.number().int() }),
  /** Filled on the first row of each group only, empty below. */
  z.object({ code: z.literal('group-starts'), min: z.number().int(), max: z.number().int() }),
  /** Its groups nest inside those of another column. */
  z.object({ code: z.literal('nested'), within: z.string() }),
  /** Values change from row to row: a field of each action, not a level. */
  z.object({ code: z.literal('varies') }),
  /** An unlabelled first column. */
  z.object({ code: z.literal('position') }),
  /** Cells holding only a mark ("x", "✓"): the header names a campus, the mark says the action runs there. */
  z.object({ code: z.literal('site-marks'), site: z.string() }),
  /** Chosen by the coordinator for this import. */
  z.object({ code: z.literal('mapping') }),
  /** Chosen by a coordinator of the institution at an earlier import. */
  z.object({ code: z.literal('remembered'), institution: z.string() }),
]);
export type ColumnReason = z.infer<typeof columnReasonSchema>;

export const readingConfidenceSchema = z.enum(['high', 'medium', 'low']);
export type ReadingConfidence = z.infer<typeof readingConfidenceSchema>;

export const columnReadingSchema = z.object({
  /** 0-based grid column. */
  column: z.number().int(),
  /** The header as written ("" for an unlabelled column). */
  label: z.string(),
  role: columnRoleSchema,
  confidence: readingConfidenceSchema,
  reasons: z.array(columnReasonSchema),
  /** The role the header words alone give, when the table's shape or a choice changed it. */
  headerRole: columnRoleSchema.nullable().default(null),
});
export type ColumnReading = z.infer<typeof columnReadingSchema>;

/** Where levels of the structure came from outside the columns. */
export const structureSourceSchema = z.enum([
  /** Rows spanning the table with one title ("Axe 1 : …"). */
  'title-rows',
  /** Headings or lines between tables. */
  'headings',
  /** A workbook's sheet names. */
  'sheets',
  /** Outline numbers ("1.", "1.2", "A.", "I.") whose depth gives the level. */
  'numbering',
]);
export type StructureSource = z.infer<typeof structureSourceSchema>;

export const structureLevelSchema = z.object({
  source: structureSourceSchema,
  role: z.enum(structureRoles),
  /** How many titles gave that level. */
  count: z.number().int(),
  /** A few of them, as written. */
  examples: z.array(z.string()),
});
export type StructureLevel = z.infer<typeof structureLevelSchema>;

export const tableReadingSchema = z.object({
  /** Number of the table in the document, or its sheet's name. */
  table: z.union([z.number().int(), z.string()]),
  /** Source row of the header. */
  headerRow: z.number().int().nullable(),
  /** Tables after it that continue it (a table split over pages), by number. */
  continuedIn: z.array(z.union([z.number().int(), z.string()])).default([]),
  columns: z.array(columnReadingSchema),
});
export type TableReading = z.infer<typeof tableReadingSchema>;

/** How the importer read a document's tables: shown in the preview, corrected by a mapping. */
export const importReadingSchema = z.object({
  tables: z.array(tableReadingSchema),
  levels: z.array(structureLevelSchema),
});
export type ImportReading = z.infer<typeof importReadingSchema>;

/** The folded form of a header label a mapping is matched on. */
export function mappingLabelKey(label: string): string {
  return label
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[\s\u00a0]+/g, ' ')
    .trim();
}
