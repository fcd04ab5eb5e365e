import type { RecommendationsRequest } from '../../core/api/follow-up.ts';
import { planSchema, type Recommendation } from '../../core/plan-schema.ts';
import { recommendationKey } from '../../core/recommendation-reference.ts';
import { parseRecommendationRegister } from '../../core/recommendation-register.ts';
import type { Database } from '../../db/connection.ts';
import { findPlanData, updatePlanData } from '../../db/repositories/follow-up.ts';
import type { Actor } from '../auth/actor.ts';
import { notFound } from './conflict.ts';
import { recordChange } from './record-change.ts';

/**
 * Replaces a plan's recommendations register, from the experts' report pasted as text or from a
 * list. A recommendation already in the register (same criterion and number) keeps its id, so
 * the links made to it stay; its justification is kept unless a new one is given.
 */
export async function setRecommendations(
  db: Database,
  actor: Actor,
  planId: string,
  request: RecommendationsRequest,
) {
  return db.transaction(async (tx) => {
    const data = (await findPlanData(tx, planId, true)) as { recommendations?: Recommendation[] } | null;
    if (!data) throw notFound('Plan');
    const before = data.recommendations ?? [];
    const byKey = new Map(before.map((r) => [recommendationKey(r), r]));
    const incoming = request.recommendations ?? parseRecommendationRegister(request.text ?? '');
    const register = incoming.map((r) => {
      const known = byKey.get(recommendationKey(r));
      return {
        ...r,
        id: r.id ?? known?.id ?? globalThis.crypto.randomUUID(),
        justification: r.justification ?? known?.justification ?? null,
      };
    });
    // The register is part of the plan format: check it as such before it is stored.
    planSchema.shape.recommendations.parse(register);
    await updatePlanData(tx, planId, { ...data, recommendations: register });
    await recordChange(tx, {
      actor,
      planId,
      action: 'recommendations.replace',
      objectType: 'plan',
      objectId: planId,
      before,
      after: register,
    });
    return register;
  });
}
