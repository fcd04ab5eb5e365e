import { z } from 'zod';
import { axisSchema, objectiveSchema, subdimensionSchema } from '../plan-schema.ts';
import { revisionSchema } from './actions.ts';
import { toChangesSchema } from './changes-schema.ts';

/**
 * Adding and removing the plan's structure: axes, sub-dimensions, objectives. A new node comes
 * with its own fields only (strict: children sent along would be silently lost); its
 * sub-dimensions, objectives and actions are added through their own endpoints.
 */

/** Where to insert among the parent's children; at the end when absent (or beyond the end). */
const positionSchema = z.number().int().min(0).optional();

export const axisInputSchema = z.strictObject(
  axisSchema.omit({ id: true, subdimensions: true, objectives: true, actions: true }).shape,
);
export const subdimensionInputSchema = z.strictObject(
  subdimensionSchema.omit({ id: true, objectives: true, actions: true }).shape,
);
export const objectiveInputSchema = z.strictObject(
  objectiveSchema.omit({ id: true, objectives: true, actions: true }).shape,
);

export const createAxisRequestSchema = z.object({ axis: axisInputSchema, position: positionSchema });
export const createSubdimensionRequestSchema = z.object({
  subdimension: subdimensionInputSchema,
  position: positionSchema,
});
export const createObjectiveRequestSchema = z.object({
  objective: objectiveInputSchema,
  position: positionSchema,
});
export type CreateObjectiveRequest = z.infer<typeof createObjectiveRequestSchema>;

/** A sub-dimension's own fields (its objectives and actions are not repeated). */
export const subdimensionFieldsSchema = subdimensionSchema.omit({ objectives: true, actions: true });
export const subdimensionChangesSchema = toChangesSchema(
  subdimensionSchema.omit({ id: true, objectives: true, actions: true }),
);
export const patchSubdimensionRequestSchema = z.object({
  revision: revisionSchema,
  changes: subdimensionChangesSchema,
});
export const subdimensionResponseSchema = z.object({
  subdimension: subdimensionFieldsSchema,
  revision: z.number().int(),
});
