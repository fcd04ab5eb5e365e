import { z } from 'zod';
import { isoDateSchema } from '../academic-calendar.ts';
import { actionSchema, axisSchema, objectiveSchema } from '../plan-schema.ts';
import { statusSchema } from '../status.ts';
import { toChangesSchema } from './changes-schema.ts';

export const revisionSchema = z.number().int().min(1);

/** Fields of an action a client may change; ids and children are not among them. */
export const actionChangesSchema = toChangesSchema(actionSchema.omit({ id: true, source: true }));
/** Fields of an objective; its actions and sub-objectives change through their own endpoints. */
export const objectiveChangesSchema = toChangesSchema(
  objectiveSchema.omit({ id: true, source: true, objectives: true, actions: true }),
);
export const axisChangesSchema = toChangesSchema(
  axisSchema.omit({ id: true, subdimensions: true, objectives: true, actions: true }),
);
export type ActionChanges = z.infer<typeof actionChangesSchema>;

export const patchActionRequestSchema = z.object({ revision: revisionSchema, changes: actionChangesSchema });
export const patchObjectiveRequestSchema = z.object({
  revision: revisionSchema,
  changes: objectiveChangesSchema,
});
export const patchAxisRequestSchema = z.object({ revision: revisionSchema, changes: axisChangesSchema });
export type PatchActionRequest = z.infer<typeof patchActionRequestSchema>;

export const actionResponseSchema = z.object({ action: actionSchema, revision: z.number().int() });
/** An objective's own fields (its actions and sub-objectives are not repeated). */
export const objectiveFieldsSchema = objectiveSchema.omit({ objectives: true, actions: true });
export const axisFieldsSchema = axisSchema.omit({ subdimensions: true, objectives: true, actions: true });
export const objectiveResponseSchema = z.object({
  objective: objectiveFieldsSchema,
  revision: z.number().int(),
});
export const axisResponseSchema = z.object({ axis: axisFieldsSchema, revision: z.number().int() });
export type ActionResponse = z.infer<typeof actionResponseSchema>;

export const historyEntrySchema = z.object({
  id: z.string(),
  at: z.string(),
  user: z.object({ id: z.string(), name: z.string() }).nullable(),
  kind: z.enum(['status', 'edit', 'comment']),
  before: z.unknown(),
  after: z.unknown(),
  comment: z.string().nullable(),
  /** For a status entry: the date the status took effect (ISO). */
  date: isoDateSchema.nullable().optional(),
});
export type HistoryEntry = z.infer<typeof historyEntrySchema>;
export const historyResponseSchema = z.object({ entries: z.array(historyEntrySchema) });

export const statusUpdateRequestSchema = z.object({
  revision: revisionSchema,
  status: statusSchema,
  statusLabel: z.string().max(500).optional(),
  date: isoDateSchema,
  comment: z.string().max(10_000).optional(),
});
export type StatusUpdateRequest = z.infer<typeof statusUpdateRequestSchema>;
export const statusUpdateResponseSchema = z.object({
  action: actionSchema,
  revision: z.number().int(),
  entry: historyEntrySchema,
});

export const commentRequestSchema = z.object({ text: z.string().trim().min(1).max(10_000) });
export const commentResponseSchema = z.object({ entry: historyEntrySchema });

export const createActionRequestSchema = z.object({
  action: actionSchema.omit({ id: true }),
  /** Where to insert among the objective's actions; at the end when absent. */
  position: z.number().int().min(0).optional(),
});
export const moveActionRequestSchema = z.object({
  objectiveId: z.string(),
  position: z.number().int().min(0),
  revision: revisionSchema,
});
export const deleteQuerySchema = z.object({ revision: z.coerce.number().int().min(1) });
