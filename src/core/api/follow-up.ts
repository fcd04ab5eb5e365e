import { z } from 'zod';
import { isoDateSchema } from '../academic-calendar.ts';
import { planSchema, recommendationSchema } from '../plan-schema.ts';
import { statusSchema } from '../status.ts';

/** Follow-up over the years: versions and diffs, the recommendations register, evidence, reminders, feeds. */

export const planVersionSummarySchema = z.object({
  id: z.string(),
  label: z.string(),
  versionDate: z.string().nullable(),
  frozenBy: z.string().nullable(),
  createdAt: z.string(),
  /** The public URL path ("/public/abc…") when the version is published. */
  publicPath: z.string().nullable(),
});
export type PlanVersionSummary = z.infer<typeof planVersionSummarySchema>;

export const planVersionsResponseSchema = z.object({ versions: z.array(planVersionSummarySchema) });

export const freezeVersionRequestSchema = z.object({
  /** "Plan d'action 2015" */
  label: z.string().trim().min(1).max(200),
  versionDate: z.string().max(100).nullable().optional(),
  /** Start the next version: the living plan gets this label and becomes an updated plan. */
  next: z
    .object({
      label: z.string().trim().min(1).max(200),
      versionDate: z.string().max(100).nullable().optional(),
    })
    .optional(),
});
export type FreezeVersionRequest = z.infer<typeof freezeVersionRequestSchema>;

export const versionResponseSchema = z.object({ version: planVersionSummarySchema });
/** A frozen version with its whole plan. */
export const planVersionResponseSchema = z.object({ version: planVersionSummarySchema, plan: planSchema });

export const diffFormatSchema = z.enum(['json', 'md', 'html', 'docx', 'pdf']);
export type DiffFormat = z.infer<typeof diffFormatSchema>;
export const progressFormatSchema = z.enum(['docx', 'pdf', 'html', 'json']);
export type ProgressFormat = z.infer<typeof progressFormatSchema>;

/** `from` and `to` are version ids, or "current" for the living plan. */
export const diffQuerySchema = z.object({
  from: z.string().min(1),
  to: z.string().min(1).default('current'),
  format: diffFormatSchema.default('json'),
});

const diffedActionSchema = z.object({
  id: z.string().optional(),
  text: z.string(),
  sites: z.array(z.string()),
  axis: z.string(),
  objective: z.string().nullable(),
});
const fieldChangeSchema = z.object({ field: z.string(), before: z.unknown(), after: z.unknown() });

export const planDiffSchema = z.object({
  actions: z.object({
    added: z.array(diffedActionSchema),
    removed: z.array(diffedActionSchema),
    statusChanges: z.array(
      diffedActionSchema.extend({
        from: statusSchema.nullable(),
        to: statusSchema.nullable(),
        fromLabel: z.string().nullable(),
        toLabel: z.string().nullable(),
      }),
    ),
    changed: z.array(diffedActionSchema.extend({ changes: z.array(fieldChangeSchema) })),
    unchanged: z.number().int(),
  }),
  objectives: z.object({
    added: z.array(z.object({ id: z.string().optional(), title: z.string() })),
    removed: z.array(z.object({ id: z.string().optional(), title: z.string() })),
    changed: z.array(
      z.object({ id: z.string().optional(), title: z.string(), changes: z.array(fieldChangeSchema) }),
    ),
  }),
});
export const diffResponseSchema = z.object({ from: z.string(), to: z.string(), diff: planDiffSchema });
export type DiffResponse = z.infer<typeof diffResponseSchema>;

/** `since` is a version id. */
export const progressRecordQuerySchema = z.object({
  since: z.string().min(1),
  format: progressFormatSchema.default('docx'),
});

/**
 * Replace the recommendations register: pasted report text, or the list itself. `etag` is the
 * register's tag as the client read it (GET …/recommendations): a register changed since then
 * is not overwritten (409).
 */
export const recommendationsRequestSchema = z
  .object({
    etag: z.string().min(1),
    text: z.string().max(200_000).optional(),
    recommendations: z.array(recommendationSchema).max(2000).optional(),
  })
  .refine((v) => v.text !== undefined || v.recommendations !== undefined, {
    message: 'jalon:recommendations-input',
  });
export type RecommendationsRequest = z.infer<typeof recommendationsRequestSchema>;

/**
 * Justify leaving a recommendation without action (or clear it with null). `before` is the
 * justification the client read: when someone changed it meanwhile, the change is refused (409).
 */
export const justificationRequestSchema = z.object({
  justification: z.string().trim().max(5000).nullable(),
  before: z.string().nullable(),
});

export const coverageEntrySchema = z.object({
  recommendation: recommendationSchema,
  key: z.string(),
  objectives: z.array(z.object({ id: z.string().optional(), title: z.string() })),
  actions: z.array(z.object({ id: z.string().optional(), text: z.string() })),
  state: z.enum(['answered', 'justified', 'unanswered']),
});
export const recommendationsResponseSchema = z.object({
  recommendations: z.array(recommendationSchema),
  coverage: z.array(coverageEntrySchema),
  etag: z.string(),
});
export type RecommendationsResponse = z.infer<typeof recommendationsResponseSchema>;

export const evidenceSchema = z.object({
  id: z.string(),
  actionId: z.string(),
  kind: z.enum(['file', 'link']),
  title: z.string(),
  url: z.string().nullable(),
  fileName: z.string().nullable(),
  mimeType: z.string().nullable(),
  size: z.number().int().nullable(),
  sha256: z.string().nullable(),
  createdAt: z.string(),
  /** Where to download a file. */
  downloadPath: z.string().nullable(),
});
export type Evidence = z.infer<typeof evidenceSchema>;
export const evidenceListResponseSchema = z.object({ evidence: z.array(evidenceSchema) });
export const evidenceResponseSchema = z.object({ evidence: evidenceSchema });
export const addLinkEvidenceRequestSchema = z.object({
  title: z.string().trim().min(1).max(300),
  url: z
    .string()
    .url()
    .max(2000)
    .refine((u) => /^https?:\/\//i.test(u), { message: 'jalon:http-link' }),
});

/**
 * A measured value of one of an action's indicators ("Taux de participation": 62 % on
 * 2026-01-31). Adding a value never conflicts with other edits, so `revision` is optional; when
 * given, a stale one is refused like any edit. `unit` and `target`, when given, set the
 * indicator's unit and target.
 */
export const measurementRequestSchema = z.object({
  revision: z.number().int().min(1).optional(),
  indicator: z.string().trim().min(1).max(500),
  date: isoDateSchema,
  value: z.number().finite(),
  comment: z.string().trim().max(2000).nullable().optional(),
  unit: z.string().trim().max(50).nullable().optional(),
  target: z.number().finite().nullable().optional(),
});
export type MeasurementRequest = z.infer<typeof measurementRequestSchema>;

export const contactsSchema = z.object({
  contacts: z
    .array(z.object({ responsible: z.string().trim().min(1).max(300), email: z.string().email().max(320) }))
    .max(2000),
});

export const contactsResponseSchema = contactsSchema.extend({
  /** The plan's responsibles as its actions name them, for the client to offer an address for each. */
  responsibles: z.array(z.string()),
});

export const calendarFeedRequestSchema = z.object({
  /** A feed of one plan; without it, of the signed-in user's own actions across plans. */
  planId: z.string().optional(),
});
export const calendarFeedSchema = z.object({
  id: z.string(),
  planId: z.string().nullable(),
  createdAt: z.string(),
});
/** The secret address of a new feed: shown once (only its hash is kept). */
export const calendarFeedResponseSchema = z.object({ feed: calendarFeedSchema, path: z.string() });
export type CalendarFeedResponse = z.infer<typeof calendarFeedResponseSchema>;
export const calendarFeedsResponseSchema = z.object({ feeds: z.array(calendarFeedSchema) });

export const reminderRunRequestSchema = z.object({
  /** Only this plan's responsibles (a coordinator's "send now"); default every plan (admins). */
  planId: z.string().optional(),
});
export const reminderRunResponseSchema = z.object({
  ran: z.boolean(),
  sent: z.array(z.object({ to: z.string(), messageId: z.string() })),
  failed: z.array(z.object({ to: z.string(), error: z.string() })),
  reason: z.string().nullable(),
});
