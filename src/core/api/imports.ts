import { z } from 'zod';
import { planSchema, warningSchema } from '../plan-schema.ts';

export const importFormatSchema = z.enum(['docx', 'xlsx', 'csv', 'tsv', 'txt', 'md', 'pdf', 'json']);

/** JSON body of POST /api/v1/imports (the other form is multipart with a "file" field). */
export const importTextRequestSchema = z.object({
  text: z.string().min(1).max(5_000_000),
  format: importFormatSchema.optional(),
  fileName: z.string().max(255).optional(),
});
export type ImportTextRequest = z.infer<typeof importTextRequestSchema>;

export const importPreviewResponseSchema = z.object({
  importId: z.string(),
  plan: planSchema,
  warnings: z.array(warningSchema),
});
export type ImportPreviewResponse = z.infer<typeof importPreviewResponseSchema>;

export const importConfirmRequestSchema = z.object({
  title: z.string().trim().min(1).max(500).optional(),
  /** Attach the plan to this programme; a new institution/programme is made from the plan's text otherwise. */
  programmeId: z.string().optional(),
});
export const importConfirmResponseSchema = z.object({ planId: z.string() });
