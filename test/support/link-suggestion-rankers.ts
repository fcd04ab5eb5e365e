import { actionText, objectiveText, suggestLinks } from '../../src/analysis/link-suggestions.ts';
import type { Plan } from '../../src/core/plan-schema.ts';
import { listActions, listObjectives } from '../../src/core/plan-walk.ts';
import { textSimilarity } from '../../src/core/text-similarity.ts';
import type { Ranker } from './link-suggestion-set.ts';

/** Jalon's suggestions (BM25 weights, cosine), every candidate kept. */
export const suggestionRanker: Ranker = (plan, recommendationId) => {
  const entry = suggestLinks(plan, { limit: Number.MAX_SAFE_INTEGER, minScore: 0 }).recommendations.find(
    (r) => r.recommendationId === recommendationId,
  );
  return (entry?.suggestions ?? []).map((s) => `${s.kind}:${s.id}`);
};

/**
 * The baseline: the Jaccard word overlap of src/core/text-similarity.ts between the
 * recommendation and the same texts the suggestions read (unweighted), ties in plan order.
 */
export const jaccardRanker: Ranker = (plan: Plan, recommendationId: string) => {
  const recommendation = plan.recommendations.find((r) => r.id === recommendationId)!;
  const candidates: Array<{ key: string; text: string }> = [];
  for (const { objective, parents, axis } of listObjectives(plan))
    candidates.push({
      key: `objective:${objective.id}`,
      text: objectiveText(objective, parents, axis.title)
        .map((p) => p.text)
        .join(' '),
    });
  for (const { action, objectives, axis } of listActions(plan))
    candidates.push({
      key: `action:${action.id}`,
      text: actionText(action, objectives, axis.title)
        .map((p) => p.text)
        .join(' '),
    });
  return candidates
    .map((c, order) => ({ ...c, order, score: textSimilarity(recommendation.text, c.text) }))
    .sort((a, b) => b.score - a.score || a.order - b.order)
    .map((c) => c.key);
};
