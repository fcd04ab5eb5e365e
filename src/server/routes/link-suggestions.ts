import type { FastifyInstance } from 'fastify';
import {
  linkSuggestionDecisionSchema,
  undoRejectionQuerySchema,
  type LinkSuggestionsPage,
} from '../../core/api/link-suggestions.ts';
import type { Plan } from '../../core/plan-schema.ts';
import { listActions, listObjectives } from '../../core/plan-walk.ts';
import { recommendationKey } from '../../core/recommendation-reference.ts';
import { suggestLinks } from '../../analysis/link-suggestions.ts';
import { findUsersByIds } from '../../db/repositories/accounts.ts';
import { listRejectedLinks } from '../../db/repositories/link-suggestions.ts';
import type { Actor } from '../auth/actor.ts';
import { requireActor } from '../auth/authenticate.ts';
import { notFound } from '../commands/conflict.ts';
import {
  acceptLinkSuggestion,
  rejectLinkSuggestion,
  undoLinkRejection,
} from '../commands/decide-link-suggestion.ts';
import type { ServerContext } from '../context.ts';
import { accessToPlan } from '../plan-authorization.ts';
import { denyUnless } from '../policies/plan-access.ts';
import { canOnPlan } from '../policies/plans.ts';
import { validateRequest } from '../validate-request.ts';

type PlanParams = { Params: { planId: string } };

const decisionWhat = { fr: 'Suggestion', en: 'Suggestion' };

/**
 * Suggested links between recommendations and actions or objectives (issue 13). They are for
 * whoever may edit the plan's links (coordinators and admins): accepting one makes a link,
 * rejecting one hides it for good; a reader sees the links made, not the guesses.
 */
export function registerLinkSuggestionRoutes(app: FastifyInstance, ctx: ServerContext): void {
  /**
   * The last suggestions of each loaded plan and the rejections they left out: weighing a plan of
   * 300 actions takes a tenth of a second or more, and the cached plan object is replaced on every
   * change, so it is a safe key (a reload of the page, or another coordinator, pays nothing).
   */
  const computed = new WeakMap<Plan, { rejected: string; result: ReturnType<typeof suggestLinks> }>();
  async function authorize(actor: Actor, planId: string, what: { fr: string; en: string }) {
    const access = await accessToPlan(ctx, actor, planId);
    denyUnless(canOnPlan('edit', access), access, what);
  }

  /** The suggestions of the plan as stored now, without the rejected pairs, and the rejections. */
  async function present(planId: string): Promise<LinkSuggestionsPage> {
    const cached = await ctx.plans.get(ctx.db, planId);
    if (!cached) throw notFound('plan');
    const plan: Plan = cached.loaded.plan;
    const rows = await listRejectedLinks(ctx.db, planId);
    const rejected = rows.map((r) => ({
      recommendationId: r.recommendationId,
      targetKind: r.targetKind as 'action' | 'objective',
      targetId: r.targetId,
    }));
    const rejectedKey = JSON.stringify(rejected);
    let suggestions = computed.get(plan)?.rejected === rejectedKey ? computed.get(plan)!.result : null;
    if (!suggestions) {
      suggestions = suggestLinks(plan, { rejected });
      computed.set(plan, { rejected: rejectedKey, result: suggestions });
    }
    const labels = new Map<string, string>();
    for (const { action } of listActions(plan)) if (action.id) labels.set(`action:${action.id}`, action.text);
    for (const { objective } of listObjectives(plan))
      if (objective.id) labels.set(`objective:${objective.id}`, objective.title);
    const keys = new Map(plan.recommendations.map((r) => [r.id, recommendationKey(r)]));
    const names = new Map(
      (
        await findUsersByIds(ctx.db, [...new Set(rows.flatMap((r) => (r.rejectedBy ? [r.rejectedBy] : [])))])
      ).map((u) => [u.id, u.name]),
    );
    return {
      ...suggestions,
      rejected: rows.map((r) => ({
        recommendationId: r.recommendationId,
        targetKind: r.targetKind as 'action' | 'objective',
        targetId: r.targetId,
        key: keys.get(r.recommendationId) ?? null,
        label: labels.get(`${r.targetKind}:${r.targetId}`) ?? null,
        rejectedAt: r.rejectedAt,
        rejectedBy: r.rejectedBy ? (names.get(r.rejectedBy) ?? null) : null,
      })),
    };
  }

  app.get<PlanParams>('/api/v1/plans/:planId/link-suggestions', async (request) => {
    const actor = requireActor(request);
    await authorize(actor, request.params.planId, {
      fr: 'Voir les liens suggérés',
      en: 'Seeing the suggested links',
    });
    return present(request.params.planId);
  });

  app.post<PlanParams>('/api/v1/plans/:planId/link-suggestions/accept', async (request) => {
    const actor = requireActor(request);
    await authorize(actor, request.params.planId, {
      fr: 'Accepter un lien suggéré',
      en: 'Accepting a suggested link',
    });
    const pair = validateRequest(linkSuggestionDecisionSchema, request.body, decisionWhat);
    await acceptLinkSuggestion(ctx.db, actor, request.params.planId, pair);
    ctx.plans.invalidate(request.params.planId);
    return present(request.params.planId);
  });

  app.post<PlanParams>('/api/v1/plans/:planId/link-suggestions/reject', async (request) => {
    const actor = requireActor(request);
    await authorize(actor, request.params.planId, {
      fr: 'Rejeter un lien suggéré',
      en: 'Rejecting a suggested link',
    });
    const pair = validateRequest(linkSuggestionDecisionSchema, request.body, decisionWhat);
    await rejectLinkSuggestion(ctx.db, actor, request.params.planId, pair);
    ctx.plans.invalidate(request.params.planId);
    return present(request.params.planId);
  });

  app.delete<PlanParams>('/api/v1/plans/:planId/link-suggestions/rejections', async (request) => {
    const actor = requireActor(request);
    await authorize(actor, request.params.planId, {
      fr: 'Annuler le rejet d’un lien suggéré',
      en: 'Undoing the rejection of a suggested link',
    });
    const pair = validateRequest(undoRejectionQuerySchema, request.query, decisionWhat);
    await undoLinkRejection(ctx.db, actor, request.params.planId, pair);
    ctx.plans.invalidate(request.params.planId);
    return present(request.params.planId);
  });
}
