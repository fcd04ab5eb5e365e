import type { FastifyInstance } from 'fastify';
import {
  justificationRequestSchema,
  recommendationsRequestSchema,
  type RecommendationsResponse,
} from '../../core/api/follow-up.ts';
import type { Plan } from '../../core/plan-schema.ts';
import { computeCoverage } from '../../core/plan-stats.ts';
import { requireActor } from '../auth/authenticate.ts';
import { notFound } from '../commands/conflict.ts';
import { justifyRecommendation, registerEtag, setRecommendations } from '../commands/set-recommendations.ts';
import type { ServerContext } from '../context.ts';
import { accessToPlan } from '../plan-authorization.ts';
import { denyUnless } from '../policies/plan-access.ts';
import { canOnPlan } from '../policies/plans.ts';
import { validateRequest } from '../validate-request.ts';

type PlanParams = { Params: { planId: string } };

/** The register, what answers each recommendation, and the register's tag for the next write. */
function presentRegister(plan: Plan): RecommendationsResponse {
  return {
    recommendations: plan.recommendations,
    coverage: computeCoverage(plan),
    etag: registerEtag(plan.recommendations),
  };
}

export function registerRecommendationRoutes(app: FastifyInstance, ctx: ServerContext): void {
  async function loadPlan(planId: string): Promise<Plan> {
    const cached = await ctx.plans.get(ctx.db, planId);
    if (!cached) throw notFound('plan');
    return cached.loaded.plan;
  }

  app.get<PlanParams>('/api/v1/plans/:planId/recommendations', async (request) => {
    const actor = requireActor(request);
    const access = await accessToPlan(ctx, actor, request.params.planId);
    denyUnless(canOnPlan('read', access), access, { fr: 'Lire ce plan', en: 'Reading this plan' });
    return presentRegister(await loadPlan(request.params.planId));
  });

  app.put<PlanParams>('/api/v1/plans/:planId/recommendations', async (request) => {
    const actor = requireActor(request);
    const access = await accessToPlan(ctx, actor, request.params.planId);
    denyUnless(canOnPlan('edit', access), access, {
      fr: 'Modifier le registre des recommandations',
      en: 'Changing the recommendations register',
    });
    const body = validateRequest(recommendationsRequestSchema, request.body, {
      fr: 'Recommandations',
      en: 'Recommendations',
    });
    await setRecommendations(ctx.db, actor, request.params.planId, body);
    ctx.plans.invalidate(request.params.planId);
    return presentRegister(await loadPlan(request.params.planId));
  });

  app.patch<{ Params: { planId: string; recommendationId: string } }>(
    '/api/v1/plans/:planId/recommendations/:recommendationId',
    async (request) => {
      const actor = requireActor(request);
      const access = await accessToPlan(ctx, actor, request.params.planId);
      denyUnless(canOnPlan('edit', access), access, {
        fr: 'Justifier une recommandation',
        en: 'Justifying a recommendation',
      });
      const body = validateRequest(justificationRequestSchema, request.body, {
        fr: 'Justification',
        en: 'Justification',
      });
      await justifyRecommendation(
        ctx.db,
        actor,
        request.params.planId,
        request.params.recommendationId,
        body,
      );
      ctx.plans.invalidate(request.params.planId);
      return presentRegister(await loadPlan(request.params.planId));
    },
  );
}
