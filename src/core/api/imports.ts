import { z } from 'zod';
import { columnMappingSchema, importReadingSchema } from '../column-roles.ts';
import { planSchema, warningSchema } from '../plan-schema.ts';

export const importFormatSchema = z.enum(['docx', 'xlsx', 'csv', 'tsv', 'txt', 'md', 'pdf', 'json']);

/** JSON body of POST /api/v1/imports (the other form is multipart with a "file" field). */
export const importTextRequestSchema = z.object({
  text: z.string().min(1).max(5_000_000),
  format: importFormatSchema.optional(),
  fileName: z.string().max(255).optional(),
  /** Roles chosen for columns, by header ("KPI" → "indicators"). */
  mapping: columnMappingSchema.optional(),
  /** The template the document is written in: one of the institution's (see institutionId), or a built-in. */
  templateId: z.string().trim().min(1).max(64).optional(),
  /** Whose templates `templateId` names; by default the only institution the importer has a role over. */
  institutionId: z.string().min(1).max(64).optional(),
});
export type ImportTextRequest = z.infer<typeof importTextRequestSchema>;

/** A mapping remembered for an institution and applied to this import beneath the coordinator's choices. */
export const rememberedMappingSchema = z.object({
  institutionId: z.string(),
  institution: z.string(),
  /** The remembered roles this document's headers use. */
  mapping: columnMappingSchema,
});

export const importPreviewResponseSchema = z.object({
  importId: z.string(),
  plan: planSchema,
  warnings: z.array(warningSchema),
  /** How each table's columns were read (role, confidence, reasons) and where levels came from. */
  reading: importReadingSchema,
  /** The coordinator's own choices for this import. */
  mapping: columnMappingSchema,
  remembered: rememberedMappingSchema.nullable(),
});

/** PUT /api/v1/imports/:importId/mapping: read the same file again with these column roles. */
export const importMappingRequestSchema = z.object({
  mapping: columnMappingSchema,
  /** Leave out the mapping remembered for the institution. */
  ignoreRemembered: z.boolean().optional(),
});
export type ImportMappingRequest = z.infer<typeof importMappingRequestSchema>;
export type ImportPreviewResponse = z.infer<typeof importPreviewResponseSchema>;

export const importConfirmRequestSchema = z.object({
  title: z.string().trim().min(1).max(500).optional(),
  /** Attach the plan to this programme; a new institution/programme is made from the plan's text otherwise. */
  programmeId: z.string().optional(),
  /** Remember the column roles chosen for the plan's institution (default true). */
  rememberMapping: z.boolean().optional(),
});
export const importConfirmResponseSchema = z.object({ planId: z.string() });

/** GET /api/v1/imports/queue: the large imports of this server, one at a time, and the caller's place. */
export const importQueueResponseSchema = z.object({
  /** Large imports being read now. */
  running: z.number().int().nonnegative(),
  /** Large imports waiting for their turn, everyone's. */
  waiting: z.number().int().nonnegative(),
  /** Where the caller's first waiting import stands (1: next to run); null when none of theirs waits. */
  position: z.number().int().positive().nullable(),
});
export type ImportQueueResponse = z.infer<typeof importQueueResponseSchema>;
