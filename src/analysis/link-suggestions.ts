import type {
  ActionSuggestions,
  LinkSuggestionsResponse,
  LinkTargetKind,
  RecommendationSuggestions,
  RejectedLink,
} from '../core/api/link-suggestions.ts';
import type { Action, Objective, Plan, Recommendation } from '../core/plan-schema.ts';
import { computeCoverage } from '../core/plan-stats.ts';
import { listActions, listObjectives } from '../core/plan-walk.ts';
import { recommendationKey } from '../core/recommendation-reference.ts';
import { cosineSimilarity, weighCorpus, type CorpusDocument, type WeightedText } from './term-weights.ts';

export interface LinkSuggestionOptions {
  /** Pairs the coordinator turned down: never suggested again. */
  rejected?: Iterable<RejectedLink>;
  /** Most suggestions per recommendation or action (default 5). */
  limit?: number;
  /** Least score a suggestion needs (default 0.05): below it the texts share only a stray word. */
  minScore?: number;
  /** How many shared terms explain a suggestion (default 5). */
  sharedTerms?: number;
}

/** What each part of a text counts for: the thing itself, then where it sits in the plan. */
const OWN = 1;
const OBJECTIVE = 0.5;
const AXIS = 0.25;

/**
 * The words an action is compared by: its text, expected results, indicators and tasks, then its
 * objectives' titles and its axis's title with less weight. Its references are left out (they may
 * quote the recommendation itself, which would make a match trivially), and so are its internal
 * notes: the suggestions are shown to whoever may read the plan, and notes are not for all of them.
 */
export function actionText(action: Action, objectives: Objective[], axisTitle: string): WeightedText[] {
  return [
    { text: action.text, weight: OWN },
    { text: action.expectedResults.join('\n'), weight: OWN },
    { text: action.indicators.join('\n'), weight: OWN },
    { text: action.tasks.join('\n'), weight: OWN },
    ...objectives.map((o) => ({ text: o.title, weight: OBJECTIVE })),
    { text: axisTitle, weight: AXIS },
  ];
}

/** An objective's words: its title and expected results, then its parents' and axis's titles with less weight. */
export function objectiveText(objective: Objective, parents: Objective[], axisTitle: string): WeightedText[] {
  return [
    { text: objective.title, weight: OWN },
    { text: objective.expectedResults.join('\n'), weight: OWN },
    ...parents.map((o) => ({ text: o.title, weight: OBJECTIVE })),
    { text: axisTitle, weight: AXIS },
  ];
}

const targetKey = (kind: LinkTargetKind, id: string) => `${kind}:${id}`;
const pairKey = (recommendationId: string, kind: LinkTargetKind, id: string) =>
  `${recommendationId}|${targetKey(kind, id)}`;

/**
 * Suggested links for one plan: for each recommendation no action or objective answers yet (and
 * that is not justified as left aside), the actions and objectives that most likely answer it;
 * and for each action that answers no recommendation, neither itself nor through its objectives,
 * the recommendations that fit it. Scores are cosine similarities of BM25 term weights computed
 * over the plan's own texts. Deterministic: ties go to the plan's order, then to ids.
 * Items without an id (a plan not stored yet) are left out: a suggestion must be linkable.
 */
export function suggestLinks(plan: Plan, options: LinkSuggestionOptions = {}): LinkSuggestionsResponse {
  const limit = options.limit ?? 5;
  const minScore = options.minScore ?? 0.05;
  const termCount = options.sharedTerms ?? 5;
  const rejected = new Set(
    [...(options.rejected ?? [])].map((r) => pairKey(r.recommendationId, r.targetKind, r.targetId)),
  );

  interface Target {
    kind: LinkTargetKind;
    id: string;
    label: string;
    order: number;
  }
  const targets: Target[] = [];
  const documents: CorpusDocument[] = [];
  const actions = listActions(plan);
  const objectives = listObjectives(plan);
  for (const { objective, parents, axis } of objectives) {
    if (!objective.id) continue;
    targets.push({ kind: 'objective', id: objective.id, label: objective.title, order: targets.length });
    documents.push({
      id: targetKey('objective', objective.id),
      parts: objectiveText(objective, parents, axis.title),
    });
  }
  for (const { action, objectives: path, axis } of actions) {
    if (!action.id) continue;
    targets.push({ kind: 'action', id: action.id, label: action.text, order: targets.length });
    documents.push({ id: targetKey('action', action.id), parts: actionText(action, path, axis.title) });
  }
  const recommendations = plan.recommendations.filter(
    (r): r is Recommendation & { id: string } => r.id !== undefined && r.text.trim() !== '',
  );
  for (const r of recommendations)
    documents.push({ id: `recommendation:${r.id}`, parts: [{ text: r.text, weight: OWN }] });
  const corpus = weighCorpus(documents);
  const vector = (id: string) => corpus.vectors.get(id)!;

  const coverage = computeCoverage(plan);
  const open = new Set(coverage.filter((e) => e.state === 'unanswered').map((e) => e.recommendation.id));
  const answeringObjectives = new Set(coverage.flatMap((e) => e.objectives.map((o) => o.id)));
  const answeringActions = new Set(coverage.flatMap((e) => e.actions.map((a) => a.id)));

  const forRecommendations: RecommendationSuggestions[] = [];
  for (const recommendation of recommendations) {
    if (!open.has(recommendation.id)) continue;
    const query = vector(`recommendation:${recommendation.id}`);
    const scored = targets
      .filter((t) => !rejected.has(pairKey(recommendation.id, t.kind, t.id)))
      .map((t) => ({ target: t, similarity: cosineSimilarity(query, vector(targetKey(t.kind, t.id))) }))
      .filter((s) => s.similarity.score >= minScore)
      .sort(
        (a, b) =>
          b.similarity.score - a.similarity.score ||
          a.target.order - b.target.order ||
          compareText(a.target.id, b.target.id),
      )
      .slice(0, limit);
    forRecommendations.push({
      recommendationId: recommendation.id,
      key: recommendationKey(recommendation),
      suggestions: scored.map(({ target, similarity }) => ({
        kind: target.kind,
        id: target.id,
        label: target.label,
        score: roundScore(similarity.score),
        sharedTerms: similarity.shared.slice(0, termCount).map(corpus.displayWord),
      })),
    });
  }

  const forActions: ActionSuggestions[] = [];
  for (const { action, objectives: path } of actions) {
    if (!action.id || answeringActions.has(action.id)) continue;
    if (path.some((o) => o.id !== undefined && answeringObjectives.has(o.id))) continue;
    const query = vector(targetKey('action', action.id));
    const actionId = action.id;
    const scored = recommendations
      .map((r, order) => ({
        r,
        order,
        similarity: cosineSimilarity(query, vector(`recommendation:${r.id}`)),
      }))
      .filter((s) => s.similarity.score >= minScore && !rejected.has(pairKey(s.r.id, 'action', actionId)))
      .sort((a, b) => b.similarity.score - a.similarity.score || a.order - b.order)
      .slice(0, limit);
    if (scored.length === 0) continue;
    forActions.push({
      actionId,
      suggestions: scored.map(({ r, similarity }) => ({
        recommendationId: r.id,
        key: recommendationKey(r),
        score: roundScore(similarity.score),
        sharedTerms: similarity.shared.slice(0, termCount).map(corpus.displayWord),
      })),
    });
  }
  return { recommendations: forRecommendations, actions: forActions };
}

/** Three decimals: enough to rank, and the same figure on every platform. */
function roundScore(score: number): number {
  return Math.round(score * 1000) / 1000;
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
