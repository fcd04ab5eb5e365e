import { z } from 'zod';

/**
 * Suggested links between the experts' recommendations and the plan's actions and objectives,
 * found by text similarity (src/analysis). Accepting one is an ordinary link
 * (`recommendationIds` of the action or objective, written as the update routes write it);
 * rejecting one stores the pair, which is never suggested again unless the rejection is undone.
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

/** A rejection as listed beside the suggestions, so that it can be undone. */
export const storedRejectionSchema = rejectedLinkSchema.extend({
  /** The recommendation's "C3-R6", or null when it left the register. */
  key: z.string().nullable(),
  /** The action's text or the objective's title, or null when it was deleted. */
  label: z.string().nullable(),
  rejectedAt: z.string(),
  /** Who rejected it (their name), null when the account is gone. */
  rejectedBy: z.string().nullable(),
});
export type StoredRejection = z.infer<typeof storedRejectionSchema>;

/** GET /api/v1/plans/:planId/link-suggestions (and the answer of every write on them) */
export const linkSuggestionsResponseSchema = z.object({
  /** Recommendations no action or objective answers yet, each with its likely answers, best first. */
  recommendations: z.array(recommendationSuggestionsSchema),
  /** Actions answering no recommendation (neither they nor their objectives), with the recommendations that fit. */
  actions: z.array(actionSuggestionsSchema),
});

export const linkSuggestionsPageSchema = linkSuggestionsResponseSchema.extend({
  /** The pairs turned down in this plan, newest first. */
  rejected: z.array(storedRejectionSchema),
});
export type LinkSuggestionsPage = z.infer<typeof linkSuggestionsPageSchema>;

/** POST …/link-suggestions/accept and …/link-suggestions/reject: one pair. */
export const linkSuggestionDecisionSchema = rejectedLinkSchema.strict();
export type LinkSuggestionDecision = z.infer<typeof linkSuggestionDecisionSchema>;

/** DELETE …/link-suggestions/rejections?recommendationId=…&targetKind=…&targetId=… : undo a rejection. */
export const undoRejectionQuerySchema = rejectedLinkSchema;
export type LinkSuggestionsResponse = z.infer<typeof linkSuggestionsResponseSchema>;
