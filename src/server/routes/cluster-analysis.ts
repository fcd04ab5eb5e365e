import type { FastifyInstance } from 'fastify';
import type { ClusterAnalysisResponse } from '../../core/api/cluster-analysis.ts';
import { analyseCrossPlanThemes, type ThemePlanInput } from '../../analysis/cross-plan-themes.ts';
import { listPlansOfCluster } from '../../db/repositories/clusters.ts';
import { requireActor } from '../auth/authenticate.ts';
import type { ServerContext } from '../context.ts';
import { accessToPlans } from '../plan-authorization.ts';
import { canOnPlan } from '../policies/plans.ts';
import { authorizeCluster } from './clusters.ts';

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
      const { cluster } = await authorizeCluster(ctx, actor, request.params.clusterId, 'read');
      const rows = await listPlansOfCluster(ctx.db, cluster.id);
      // One access decision for all the plans, as on the cluster page.
      const access = await accessToPlans(ctx, actor, rows);
      const plans: ThemePlanInput[] = [];
      let hiddenPlans = 0;
      for (const row of rows) {
        const cached = canOnPlan('read', access.get(row.planId)!)
          ? await ctx.plans.get(ctx.db, row.planId)
          : null;
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
