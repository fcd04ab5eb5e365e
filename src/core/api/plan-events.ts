import { z } from 'zod';
import { planChangeSchema } from './plans.ts';

/**
 * The live stream of a plan (`GET /api/v1/plans/:planId/events`, Server-Sent Events). Events
 * only say what changed and who changed it, in the words of the changes feed; the client reads
 * the plan again through the usual endpoints, which show each reader what they may see.
 */

/** `event: change`, with `id:` the change's id (a plan's ids grow with each write). */
export const planChangeEventSchema = z.object({
  change: planChangeSchema,
  /** The plan's revision when the event was sent (at least the one after this change). */
  planRevision: z.number().int().nullable(),
});
export type PlanChangeEvent = z.infer<typeof planChangeEventSchema>;

/** Someone editing an object of the plan right now. */
export const planEditorSchema = z.object({
  user: z.object({ id: z.string(), name: z.string() }),
  objectId: z.string(),
});
export type PlanEditor = z.infer<typeof planEditorSchema>;

/** `event: presence`: everyone editing something in the plan right now (the whole list each time). */
export const planPresenceEventSchema = z.object({ editors: z.array(planEditorSchema) });
export type PlanPresenceEvent = z.infer<typeof planPresenceEventSchema>;

/**
 * `event: resync`: more changes were missed than the stream replays (or the server lost track
 * of them): read everything again. `event: deleted`: the plan is gone; the stream ends.
 */
export const planStreamNoticeSchema = z.object({});

/** The stream's event names, for the catalogue and the client. */
export const planEventNames = ['change', 'presence', 'resync', 'deleted'] as const;

/** `POST /api/v1/plans/:planId/presence`: what I am editing now (null: nothing); renew it before it expires. */
export const presenceRequestSchema = z.strictObject({ objectId: z.string().min(1).max(200).nullable() });
export type PresenceRequest = z.infer<typeof presenceRequestSchema>;
export const presenceResponseSchema = z.object({
  ok: z.literal(true),
  /** How long the presence holds without being said again. */
  expiresInSeconds: z.number().int(),
});
export type PresenceResponse = z.infer<typeof presenceResponseSchema>;

/**
 * Where a stream resumes: the last change id it received. Browsers send it back as the
 * Last-Event-ID header by themselves; the query parameter is for clients that cannot.
 */
export const planEventsQuerySchema = z.object({
  lastEventId: z.coerce.number().int().min(0).optional(),
});
