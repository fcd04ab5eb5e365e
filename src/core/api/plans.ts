import { z } from 'zod';
import { isoDateSchema } from '../academic-calendar.ts';
import { planSchema } from '../plan-schema.ts';
import { statusSchema } from '../status.ts';
import { revisionSchema } from './actions.ts';
import { toChangesSchema } from './changes-schema.ts';

export const planSummarySchema = z.object({
  id: z.string(),
  title: z.string(),
  institution: z.string().nullable(),
  programme: z.string().nullable(),
  versionLabel: z.string().nullable(),
  updatedAt: z.string(),
  actionCount: z.number().int(),
  siteCodes: z.array(z.string()),
});
export type PlanSummary = z.infer<typeof planSummarySchema>;

export const plansResponseSchema = z.object({ plans: z.array(planSummarySchema) });
export type PlansResponse = z.infer<typeof plansResponseSchema>;

export const planPermissionsSchema = z.object({
  canEditPlan: z.boolean(),
  /** Site codes whose actions the user may edit, or 'all'. */
  editableSites: z.union([z.array(z.string()), z.literal('all')]),
  canComment: z.boolean(),
});
export type PlanPermissions = z.infer<typeof planPermissionsSchema>;

export const planResponseSchema = z.object({
  /** The core plan format; every axis, sub-dimension, objective and action has its id. */
  plan: planSchema,
  /** The revision of every editable node, by id: send it back with an update. */
  revisions: z.record(z.string(), z.number().int()),
  permissions: planPermissionsSchema,
  /** The plan's own revision, bumped by every write anywhere in it: send it back with a plan update or delete. */
  planRevision: z.number().int().optional(),
});
export type PlanResponse = z.infer<typeof planResponseSchema>;

export const statusCountsSchema = z.record(z.union([statusSchema, z.literal('none')]), z.number().int());
export type StatusCounts = z.infer<typeof statusCountsSchema>;

export const dashboardActionSchema = z.object({
  id: z.string(),
  text: z.string(),
  sites: z.array(z.string()),
  status: statusSchema.nullable(),
  deadline: z.string().nullable(),
  deadlineTo: z.string().nullable(),
  responsibles: z.array(z.string()),
});

export const dashboardResponseSchema = z.object({
  byStatus: statusCountsSchema,
  byAxis: z.array(z.object({ axisId: z.string(), title: z.string(), counts: statusCountsSchema })),
  /** Counts per site code; actions common to all sites are under "*". */
  bySite: z.array(z.object({ site: z.string(), counts: statusCountsSchema })),
  /** Open actions whose deadline period ended before today. */
  overdue: z.array(dashboardActionSchema),
  byResponsible: z.array(z.object({ responsible: z.string(), counts: statusCountsSchema })),
  /** Recommendations answered by at least one objective or action. */
  coverage: z.object({
    recommendations: z.number().int(),
    covered: z.number().int(),
    uncovered: z.array(
      z.object({
        id: z.string(),
        criterion: z.string().nullable(),
        number: z.string().nullable(),
        text: z.string(),
      }),
    ),
  }),
});
export type DashboardResponse = z.infer<typeof dashboardResponseSchema>;

export const auditEntrySchema = z.object({
  id: z.string(),
  at: z.string(),
  user: z.object({ id: z.string(), name: z.string() }).nullable(),
  action: z.string(),
  objectType: z.string(),
  objectId: z.string().nullable(),
  before: z.unknown(),
  after: z.unknown(),
});
export const auditResponseSchema = z.object({ entries: z.array(auditEntrySchema) });
export type AuditEntry = z.infer<typeof auditEntrySchema>;

export const exportFormatSchema = z.enum(['docx', 'pdf', 'xlsx', 'csv', 'json', 'md', 'html']);
export const exportQuerySchema = z.object({
  format: exportFormatSchema.default('json'),
  layout: z.enum(['original', 'aeqes']).default('original'),
  public: z.enum(['0', '1']).optional(),
});
export type ExportQuery = z.infer<typeof exportQuerySchema>;

export const searchQuerySchema = z.object({
  q: z.string().trim().min(1).max(200),
  limit: z.coerce.number().int().min(1).max(100).default(20),
});
export const searchResponseSchema = z.object({
  results: z.array(
    z.object({
      planId: z.string(),
      planTitle: z.string(),
      actionId: z.string(),
      text: z.string(),
      rank: z.number(),
    }),
  ),
});

/**
 * The plan's own fields a client may change. The recommendations register has its own endpoint
 * (etag-checked), the tree changes node by node, and import warnings are the importer's record.
 */
export const planChangesSchema = toChangesSchema(
  planSchema.pick({
    title: true,
    institution: true,
    institutionDetails: true,
    department: true,
    programme: true,
    sites: true,
    period: true,
    version: true,
    sections: true,
    signatories: true,
    columns: true,
    timelineYears: true,
    statusLegend: true,
    extra: true,
  }),
);
export type PlanChanges = z.infer<typeof planChangesSchema>;
export const patchPlanRequestSchema = z.object({ revision: revisionSchema, changes: planChangesSchema });
/** The plan's own fields, without its tree. */
export const planFieldsSchema = planSchema.omit({ axes: true });
export const planFieldsResponseSchema = z.object({ plan: planFieldsSchema, revision: z.number().int() });

export const planChangesQuerySchema = z.object({
  limit: z.coerce.number().int().min(1).max(200).default(50),
  /** An entry id: the page of changes older than it. */
  before: z.coerce.number().int().min(1).optional(),
});

/**
 * One entry of a plan's "recent changes": who did what to which object, in words a reader may
 * see. Never the before/after payloads: internal fields (notes) stay out.
 */
export const planChangeSchema = z.object({
  id: z.string(),
  at: z.string(),
  user: z.object({ id: z.string(), name: z.string() }).nullable(),
  /** "create", "update", "delete", "move", "status", "comment", "import", "evidence.add"… */
  action: z.string(),
  /** "plan", "axis", "subdimension", "objective", "action", "recommendation" */
  objectType: z.string(),
  objectId: z.string().nullable(),
  /** The object's title or text (shortened), as it was after the change, or before a deletion. */
  label: z.string().nullable(),
  /** For an edit: the public fields that changed. */
  fields: z.array(z.string()),
  /** For a status change. */
  status: z.object({ from: statusSchema.nullable(), to: statusSchema.nullable() }).nullable(),
});
export type PlanChange = z.infer<typeof planChangeSchema>;
export const planChangesResponseSchema = z.object({
  changes: z.array(planChangeSchema),
  /** Pass it as `before` for the next, older page; null on the last page. */
  nextBefore: z.string().nullable(),
});

/**
 * Every dated status change of a plan's actions, oldest first: what the dashboard's "progress
 * over time" is drawn from (with the statuses the plan had when it was imported).
 */
export const statusChangesResponseSchema = z.object({
  changes: z.array(
    z.object({
      actionId: z.string(),
      /** The date the status took effect (ISO). */
      date: isoDateSchema,
      from: statusSchema.nullable(),
      to: statusSchema,
    }),
  ),
});
export type StatusChangesResponse = z.infer<typeof statusChangesResponseSchema>;
