import { z } from 'zod';
import { errorCodes } from '../errors.ts';

export const apiErrorCodeSchema = z.enum(
  Object.keys(errorCodes) as [keyof typeof errorCodes, ...(keyof typeof errorCodes)[]],
);

/** Every 4xx/5xx answer of the API. A 409 also carries `current`: the object as it is now. */
export const apiErrorSchema = z.object({
  error: z.object({
    code: apiErrorCodeSchema,
    message: z.string(),
    /** The request field at fault ("changes.priority"), or null. */
    field: z.string().nullable(),
  }),
  current: z.unknown().optional(),
});
export type ApiError = z.infer<typeof apiErrorSchema>;

export const healthResponseSchema = z.object({
  ok: z.boolean(),
  version: z.string(),
  database: z.enum(['pglite', 'postgres']),
});
export type HealthResponse = z.infer<typeof healthResponseSchema>;

/** `GET /api/ready`: 200 once the database answers and holds every migration this version knows. */
export const readyResponseSchema = z.object({
  ready: z.literal(true),
  database: z.enum(['pglite', 'postgres']),
  /** Migrations applied to the database (this version's, and any of a newer one). */
  migrations: z.number().int(),
});
export type ReadyResponse = z.infer<typeof readyResponseSchema>;

/** `{ok: true}` for writes that return nothing else (logout, delete). */
export const okResponseSchema = z.object({ ok: z.literal(true) });
