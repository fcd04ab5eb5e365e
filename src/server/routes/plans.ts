import type { FastifyInstance } from 'fastify';
import type {
  DashboardResponse,
  PlanResponse,
  PlansResponse,
  StatusChangesResponse,
} from '../../core/api/plans.ts';
import { deleteQuerySchema } from '../../core/api/actions.ts';
import {
  exportQuerySchema,
  patchPlanRequestSchema,
  planChangesQuerySchema,
  searchQuerySchema,
} from '../../core/api/plans.ts';
import { computeCoverage } from '../../core/plan-stats.ts';
import { statusSchema, statusValues } from '../../core/status.ts';
import { findUsersByIds } from '../../db/repositories/accounts.ts';
import {
  countByAxis,
  countBySite,
  countByResponsible,
  countByStatus,
  listOverdueActions,
  searchActions,
} from '../../db/repositories/dashboard.ts';
import { listAuditOfPlan, listPlanChanges, listStatusChangesOfPlan } from '../../db/repositories/history.ts';
import { listPlanSummaries } from '../../db/repositories/plans.ts';
import { requireActor } from '../auth/authenticate.ts';
import { notFound } from '../commands/conflict.ts';
import { deletePlan } from '../commands/delete-plan.ts';
import { updatePlan } from '../commands/update-plan.ts';
import type { ServerContext } from '../context.ts';
import { accessToPlan, planListFilter } from '../plan-authorization.ts';
import { planResponseBody } from '../plan-cache.ts';
import { editableSites } from '../policies/actions.ts';
import { denyUnless } from '../policies/plan-access.ts';
import { requestLanguage } from '../request-language.ts';
import { canCommentInPlan, canOnPlan } from '../policies/plans.ts';
import { presentAuditEntry } from '../presenters/history.ts';
import {
  changeFeedExcludedActions,
  changeFeedObjectTypes,
  planNodeLabels,
  presentPlanChange,
} from '../presenters/plan-change.ts';
import { sendDownload } from '../presenters/file-download.ts';
import { presentPlanSummary } from '../presenters/plan.ts';
import { exportPlanFile } from '../export-plan-file.ts';
import { validateRequest } from '../validate-request.ts';

type PlanParams = { Params: { planId: string } };

function emptyCounts(): Record<string, number> {
  return { ...Object.fromEntries(statusValues.map((s) => [s, 0])), none: 0 };
}

/** Rows of (key, status, n) folded into one counts object per key, keys in first-seen order. */
function foldCounts<K extends string>(
  rows: Array<{ status: string; n: number } & Record<K, string>>,
  key: K,
) {
  const byKey = new Map<string, Record<string, number>>();
  for (const row of rows) {
    const counts = byKey.get(row[key]) ?? emptyCounts();
    counts[row.status] = (counts[row.status] ?? 0) + Number(row.n);
    byKey.set(row[key], counts);
  }
  return byKey;
}

export function registerPlanRoutes(app: FastifyInstance, ctx: ServerContext): void {
  app.get('/api/v1/plans', async (request): Promise<PlansResponse> => {
    const actor = requireActor(request);
    const rows = await listPlanSummaries(ctx.db, planListFilter(actor));
    return { plans: rows.map(presentPlanSummary) };
  });

  app.get<PlanParams>('/api/v1/plans/:planId', async (request, reply) => {
    const actor = requireActor(request);
    const access = await accessToPlan(ctx, actor, request.params.planId);
    denyUnless(canOnPlan('read', access), access, { fr: 'Lire ce plan', en: 'Reading this plan' });
    const cached = await ctx.plans.get(ctx.db, request.params.planId);
    if (!cached) throw notFound('plan');
    const permissions: PlanResponse['permissions'] = {
      canEditPlan: canOnPlan('edit', access),
      editableSites: editableSites(access),
      canComment: canCommentInPlan(access),
    };
    return reply
      .type('application/json; charset=utf-8')
      .send(planResponseBody(cached, permissions, { actor, access }));
  });

  app.patch<PlanParams>('/api/v1/plans/:planId', async (request) => {
    const actor = requireActor(request);
    const access = await accessToPlan(ctx, actor, request.params.planId);
    denyUnless(canOnPlan('edit', access), access, { fr: 'Modifier ce plan', en: 'Changing this plan' });
    const body = validateRequest(patchPlanRequestSchema, request.body, { fr: 'Plan', en: 'Plan' });
    const result = await updatePlan(ctx.db, {
      actor,
      planId: request.params.planId,
      revision: body.revision,
      changes: body.changes,
    });
    ctx.plans.invalidate(result.planId);
    return { plan: result.plan, revision: result.revision };
  });

  app.delete<PlanParams>('/api/v1/plans/:planId', async (request) => {
    const actor = requireActor(request);
    const access = await accessToPlan(ctx, actor, request.params.planId);
    denyUnless(canOnPlan('delete', access), access, { fr: 'Supprimer ce plan', en: 'Deleting this plan' });
    const query = validateRequest(deleteQuerySchema, request.query);
    await deletePlan(ctx.db, { actor, planId: request.params.planId, revision: query.revision });
    ctx.plans.forget(request.params.planId);
    // Roles given over the plan went with it.
    ctx.sessions.clear();
    return { ok: true as const };
  });

  app.get<PlanParams>('/api/v1/plans/:planId/changes', async (request) => {
    const actor = requireActor(request);
    const planId = request.params.planId;
    const access = await accessToPlan(ctx, actor, planId);
    denyUnless(canOnPlan('read', access), access, { fr: 'Lire ce plan', en: 'Reading this plan' });
    const query = validateRequest(planChangesQuerySchema, request.query, {
      fr: 'Modifications',
      en: 'Changes',
    });
    const [rows, cached] = await Promise.all([
      listPlanChanges(ctx.db, planId, {
        limit: query.limit,
        before: query.before,
        objectTypes: changeFeedObjectTypes,
        excludeActions: changeFeedExcludedActions,
      }),
      ctx.plans.get(ctx.db, planId),
    ]);
    const labels = cached ? planNodeLabels(planId, cached.loaded.plan) : new Map<string, string>();
    const users = await findUsersByIds(ctx.db, [
      ...new Set(rows.map((r) => r.userId).filter((id): id is string => !!id)),
    ]);
    const names = new Map(users.map((u) => [u.id, u.name]));
    return {
      changes: rows.map((row) => presentPlanChange(names, labels, row, requestLanguage(request))),
      nextBefore: rows.length === query.limit ? String(rows.at(-1)!.id) : null,
    };
  });

  app.get<PlanParams>(
    '/api/v1/plans/:planId/status-changes',
    async (request): Promise<StatusChangesResponse> => {
      const actor = requireActor(request);
      const access = await accessToPlan(ctx, actor, request.params.planId);
      denyUnless(canOnPlan('read', access), access, { fr: 'Lire ce plan', en: 'Reading this plan' });
      const rows = await listStatusChangesOfPlan(ctx.db, request.params.planId);
      return {
        changes: rows.map((r) => ({
          actionId: r.actionId,
          date: r.date,
          from: statusSchema.nullable().parse(r.statusBefore),
          to: statusSchema.parse(r.statusAfter),
        })),
      };
    },
  );

  app.get<PlanParams>('/api/v1/plans/:planId/dashboard', async (request): Promise<DashboardResponse> => {
    const actor = requireActor(request);
    const planId = request.params.planId;
    const access = await accessToPlan(ctx, actor, planId);
    denyUnless(canOnPlan('read', access), access, { fr: 'Lire ce plan', en: 'Reading this plan' });
    const [statusRows, axisRows, siteRows, responsibleRows, overdue, cached] = await Promise.all([
      countByStatus(ctx.db, planId),
      countByAxis(ctx.db, planId),
      countBySite(ctx.db, planId),
      countByResponsible(ctx.db, planId),
      listOverdueActions(ctx.db, planId, ctx.today()),
      ctx.plans.get(ctx.db, planId),
    ]);
    const byStatus = emptyCounts();
    for (const row of statusRows) byStatus[row.status] = Number(row.n);
    const titles = new Map(axisRows.map((r) => [r.axisId, r.title]));
    // An axis without actions still shows, with zero counts (its left-joined row counts 0 under "none").
    const axisCounts = foldCounts(axisRows, 'axisId');
    const coverage = cached ? computeCoverage(cached.loaded.plan) : [];
    const uncovered = coverage.filter((c) => c.state === 'unanswered');
    return {
      byStatus: byStatus as DashboardResponse['byStatus'],
      byAxis: [...axisCounts].map(([axisId, counts]) => ({
        axisId,
        title: titles.get(axisId) ?? '',
        counts,
      })),
      bySite: [...foldCounts(siteRows, 'site')].map(([site, counts]) => ({ site, counts })),
      overdue: overdue.map((a) => ({
        ...a,
        status: a.status as DashboardResponse['overdue'][number]['status'],
      })),
      byResponsible: [...foldCounts(responsibleRows, 'responsible')].map(([responsible, counts]) => ({
        responsible,
        counts,
      })),
      coverage: {
        recommendations: coverage.length,
        covered: coverage.length - uncovered.length,
        uncovered: uncovered.map((c) => ({
          id: c.recommendation.id ?? c.key,
          criterion: c.recommendation.criterion,
          number: c.recommendation.number,
          text: c.recommendation.text,
        })),
      },
    };
  });

  app.get<PlanParams & { Querystring: { limit?: string } }>(
    '/api/v1/plans/:planId/audit',
    async (request) => {
      const actor = requireActor(request);
      const access = await accessToPlan(ctx, actor, request.params.planId);
      denyUnless(canOnPlan('audit', access), access, { fr: "Journal d'audit", en: 'The audit log' });
      const limit = Math.min(Math.max(Number(request.query.limit) || 200, 1), 1000);
      const rows = await listAuditOfPlan(ctx.db, request.params.planId, limit);
      const users = await findUsersByIds(ctx.db, [
        ...new Set(rows.map((r) => r.userId).filter((id): id is string => !!id)),
      ]);
      const names = new Map(users.map((u) => [u.id, u.name]));
      return { entries: rows.map((row) => presentAuditEntry(names, row, requestLanguage(request))) };
    },
  );

  app.get<PlanParams>('/api/v1/plans/:planId/export', async (request, reply) => {
    const actor = requireActor(request);
    const access = await accessToPlan(ctx, actor, request.params.planId);
    denyUnless(canOnPlan('read', access), access, { fr: 'Lire ce plan', en: 'Reading this plan' });
    const query = validateRequest(exportQuerySchema, request.query, { fr: 'Export', en: 'Export' });
    const cached = await ctx.plans.get(ctx.db, request.params.planId);
    if (!cached) throw notFound('plan');
    // Internal notes leave only with someone who may edit the plan.
    const publicOnly = query.public === '1' || !canOnPlan('edit', access);
    const file = await exportPlanFile(structuredClone(cached.loaded.plan), {
      format: query.format,
      layout: query.layout,
      public: publicOnly,
    });
    return sendDownload(reply, file);
  });

  app.get('/api/v1/search', async (request) => {
    const actor = requireActor(request);
    const query = validateRequest(searchQuerySchema, request.query, { fr: 'Recherche', en: 'Search' });
    const filter = planListFilter(actor);
    const planIds = filter.all ? null : (await listPlanSummaries(ctx.db, filter)).map((p) => p.id);
    const results = await searchActions(ctx.db, query.q, planIds, query.limit);
    return { results: results.map((r) => ({ ...r, rank: Number(r.rank) })) };
  });
}
