import { z } from 'zod';
import { sourceLocationSchema, warningSchema } from '../plan-schema.ts';
import { statusCountsSchema } from './plans.ts';

const optionalText = (max: number) =>
  z
    .string()
    .trim()
    .max(max)
    .transform((s) => (s === '' ? null : s))
    .nullable()
    .optional();

/** A cluster: plans of one programme from several institutions, evaluated together. */
export const createClusterRequestSchema = z.object({
  name: z.string().trim().min(1).max(200),
  programme: optionalText(200),
  /** "2025-2026", or a single year. */
  evaluationYear: optionalText(20),
  /** The agency or body that owns it (AEQES, a quality unit). */
  owner: optionalText(200),
});
export type CreateClusterRequest = z.infer<typeof createClusterRequestSchema>;

export const clusterSchema = z.object({
  id: z.string(),
  name: z.string(),
  programme: z.string().nullable(),
  evaluationYear: z.string().nullable(),
  owner: z.string().nullable(),
  createdAt: z.string(),
  planCount: z.number().int(),
});
export type Cluster = z.infer<typeof clusterSchema>;

export const clustersResponseSchema = z.object({ clusters: z.array(clusterSchema) });
export type ClustersResponse = z.infer<typeof clustersResponseSchema>;

/** One plan of a cluster, one row of the cluster page. */
export const clusterPlanRowSchema = z.object({
  planId: z.string(),
  title: z.string(),
  institution: z.string().nullable(),
  programme: z.string().nullable(),
  versionLabel: z.string().nullable(),
  actionCount: z.number().int(),
  byStatus: statusCountsSchema,
  overdue: z.number().int(),
  recommendations: z.number().int(),
  answered: z.number().int(),
  updatedAt: z.string(),
});
export type ClusterPlanRow = z.infer<typeof clusterPlanRowSchema>;

export const clusterResponseSchema = z.object({
  cluster: clusterSchema,
  /** The plans the viewer may read, by institution then title; the others are counted in `hiddenPlans`. */
  plans: z.array(clusterPlanRowSchema),
  hiddenPlans: z.number().int(),
  permissions: z.object({ canManage: z.boolean() }),
});
export type ClusterResponse = z.infer<typeof clusterResponseSchema>;

export const clusterPlansRequestSchema = z.object({
  planIds: z.array(z.string().min(1).max(64)).min(1).max(500),
});
export type ClusterPlansRequest = z.infer<typeof clusterPlansRequestSchema>;

/** What happened to one file of a bulk import: stored as a plan, or refused with where and why. */
export const bulkImportFileReportSchema = z.object({
  file: z.string(),
  ok: z.boolean(),
  planId: z.string().nullable(),
  title: z.string().nullable(),
  institution: z.string().nullable(),
  /** Where the institution came from: the document itself, or the fallback given with the import. */
  institutionFrom: z.enum(['document', 'fallback']).nullable(),
  format: z.string().nullable(),
  actions: z.number().int(),
  warnings: z.array(warningSchema),
  error: z
    .object({ code: z.string(), message: z.string(), location: sourceLocationSchema.nullable() })
    .nullable(),
});
export type BulkImportFileReport = z.infer<typeof bulkImportFileReportSchema>;

export const bulkImportReportSchema = z.object({
  cluster: z.object({ id: z.string(), name: z.string() }),
  files: z.array(bulkImportFileReportSchema),
  stored: z.number().int(),
  failed: z.number().int(),
});
export type BulkImportReport = z.infer<typeof bulkImportReportSchema>;

export const clusterCreatedResponseSchema = z.object({ cluster: clusterSchema });
export const clusterPlansAddedResponseSchema = z.object({
  /** The plans newly put in the cluster (those already in it are left out). */
  added: z.array(z.string()),
});
export const clusterImportResponseSchema = z.object({ report: bulkImportFileReportSchema });
