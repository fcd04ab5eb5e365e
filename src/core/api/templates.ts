import { z } from 'zod';
import { localizedLabelSchema, templateSchema } from '../plan-template.ts';

/** A template an institution stores: its data, the scope it lives in and its revision. */
export const storedTemplateSchema = z.object({
  id: z.string(),
  institutionId: z.string(),
  programmeId: z.string().nullable(),
  revision: z.number().int(),
  template: templateSchema,
});

/** The templates a plan of the institution may use: the built-in ones and the institution's own. */
export const templatesResponseSchema = z.object({
  builtIn: z.array(templateSchema),
  own: z.array(storedTemplateSchema),
});
export type TemplatesResponse = z.infer<typeof templatesResponseSchema>;

/**
 * Creating an institution's template: a whole template, or a copy of a built-in (or of the
 * institution's own) one under a new id and name.
 */
export const createTemplateRequestSchema = z.union([
  z.object({ template: templateSchema }).strict(),
  z
    .object({
      duplicateOf: z.string().trim().min(1).max(64),
      id: z.string().trim().min(1).max(64),
      name: localizedLabelSchema.optional(),
    })
    .strict(),
]);
export type CreateTemplateRequest = z.infer<typeof createTemplateRequestSchema>;

/** The next revision of a stored template, if it is still at `revision`. */
export const updateTemplateRequestSchema = z.object({
  revision: z.number().int().min(1),
  template: templateSchema,
});

export const templateResponseSchema = z.object({ template: storedTemplateSchema });

/** Which template a plan should move to: a built-in's id or one of its institution's. */
export const planTemplateChangeRequestSchema = z.object({
  templateId: z.string().trim().min(1).max(64),
});
export const applyPlanTemplateRequestSchema = planTemplateChangeRequestSchema.extend({
  revision: z.number().int().min(0),
});

/** What moving a plan to a template would do: nothing is removed, some values stop having a column. */
export const planTemplateChangeResponseSchema = z.object({
  templateId: z.string(),
  /** Keys of custom values the new template has no column for: kept with their actions, shown as such. */
  orphanKeys: z.array(z.string()),
  /** Values the new template's column types refuse: the change is refused until they are corrected. */
  unfit: z.array(z.object({ actionId: z.string().nullable(), key: z.string() })),
});
export type PlanTemplateChangeResponse = z.infer<typeof planTemplateChangeResponseSchema>;

export const planTemplateAppliedResponseSchema = z.object({
  template: templateSchema,
  revision: z.number().int(),
  orphanKeys: z.array(z.string()),
});
