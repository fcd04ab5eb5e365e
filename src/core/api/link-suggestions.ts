import { z } from 'zod';

/**
 * Suggested links between the experts' recommendations and the plan's actions and objectives,
 * found by text similarity (src/analysis). Accepting one is an ordinary link
 * (`recommendationIds` of the action or objective, set through the update routes).
 */

export const linkTargetKindSchema = z.enum(['action', 'objective']);
export type LinkTargetKind = z.infer<typeof linkTargetKindSchema>;

/** One (recommendation, action or objective) pair the coordinator turned down. */
export const rejectedLinkSchema = z.object({
  recommendationId: z.string(),
  targetKind: linkTargetKindSchema,
  targetId: z.string(),
});
export type RejectedLink = z.infer<typeof rejectedLinkSchema>;

/** Why two texts were matched: the stems they share, shown by their most frequent written form. */
const sharedTermsSchema = z.array(z.string());

/** An action or objective that may answer a recommendation. */
export const suggestedTargetSchema = z.object({
  kind: linkTargetKindSchema,
  id: z.string(),
  /** The action's text or the objective's title. */
  label: z.string(),
  /** Cosine similarity of the two texts' BM25 term weights, from 0 to 1. */
  score: z.number().min(0).max(1),
  sharedTerms: sharedTermsSchema,
});
export type SuggestedTarget = z.infer<typeof suggestedTargetSchema>;

export const recommendationSuggestionsSchema = z.object({
  recommendationId: z.string(),
  /** "C3-R6" */
  key: z.string(),
  suggestions: z.array(suggestedTargetSchema),
});
export type RecommendationSuggestions = z.infer<typeof recommendationSuggestionsSchema>;

/** A recommendation that may be the one an action without any recommendation answers. */
export const suggestedRecommendationSchema = z.object({
  recommendationId: z.string(),
  key: z.string(),
  score: z.number().min(0).max(1),
  sharedTerms: sharedTermsSchema,
});
export type SuggestedRecommendation = z.infer<typeof suggestedRecommendationSchema>;

export const actionSuggestionsSchema = z.object({
  actionId: z.string(),
  suggestions: z.array(suggestedRecommendationSchema),
});
export type ActionSuggestions = z.infer<typeof actionSuggestionsSchema>;

/** GET /api/v1/plans/:planId/link-suggestions */
export const linkSuggestionsResponseSchema = z.object({
  /** Recommendations no action or objective answers yet, each with its likely answers, best first. */
  recommendations: z.array(recommendationSuggestionsSchema),
  /** Actions answering no recommendation (neither they nor their objectives), with the recommendations that fit. */
  actions: z.array(actionSuggestionsSchema),
});
export type LinkSuggestionsResponse = z.infer<typeof linkSuggestionsResponseSchema>;
