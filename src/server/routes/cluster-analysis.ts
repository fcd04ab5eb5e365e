import type { FastifyInstance } from 'fastify';
import type { ClusterAnalysisResponse } from '../../core/api/cluster-analysis.ts';
import { analyseCrossPlanThemes, type ThemePlanInput } from '../../analysis/cross-plan-themes.ts';
import { findCluster, listPlansOfCluster } from '../../db/repositories/clusters.ts';
import { requireActor } from '../auth/authenticate.ts';
import { notFound } from '../commands/conflict.ts';
import type { ServerContext } from '../context.ts';
import { accessToPlan } from '../plan-authorization.ts';
import { canOnCluster, resolveClusterRole } from '../policies/clusters.ts';
import { canOnPlan } from '../policies/plans.ts';

/**
 * The cross-plan analysis of a cluster ("analyse transversale"), read with the cluster page's
 * rights: whoever may read the cluster gets the themes of the plans they may read (the others are
 * counted in `hiddenPlans`, never analysed). The analysis never reads internal notes.
 */
export function registerClusterAnalysisRoutes(app: FastifyInstance, ctx: ServerContext): void {
  app.get<{ Params: { clusterId: string } }>(
    '/api/v1/clusters/:clusterId/analysis',
    async (request): Promise<ClusterAnalysisResponse> => {
      const actor = requireActor(request);
      const role = resolveClusterRole(actor, request.params.clusterId);
      const cluster =
        role && canOnCluster('read', role) ? await findCluster(ctx.db, request.params.clusterId) : null;
      if (!cluster) throw notFound('cluster');
      const plans: ThemePlanInput[] = [];
      let hiddenPlans = 0;
      for (const row of await listPlansOfCluster(ctx.db, cluster.id)) {
        const access = await accessToPlan(ctx, actor, row.planId);
        const cached = canOnPlan('read', access) ? await ctx.plans.get(ctx.db, row.planId) : null;
        if (!cached) {
          hiddenPlans++;
          continue;
        }
        plans.push({ planId: row.planId, institution: row.institution, plan: cached.loaded.plan });
      }
      return {
        cluster: { id: cluster.id, name: cluster.name },
        analysis: analyseCrossPlanThemes(plans),
        hiddenPlans,
      };
    },
  );
}
