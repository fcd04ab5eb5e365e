import { foldText } from './text.ts';

export interface RecommendationRef {
  criterion: string | null;
  number: string | null;
  /** The words as written. */
  label: string;
}

/**
 * Finds the expert recommendations a reference cell names: "Critère 3, Recommandation 6",
 * "Critère1, Recommandation 13", "C2-R3", "Recommandation 4", "Critère 5", "Criterion 2, Recommendation 1".
 * Several references in one cell are all returned, in order. Text that names none gives [].
 */
export function parseRecommendationRefs(text: string): RecommendationRef[] {
  const folded = foldText(text);
  const refs: RecommendationRef[] = [];
  const re =
    /\b(?:(?:criteres?|criterion|criteria|crit\.?)\s*(\d+)\s*[,;:–-]?\s*(?:(?:recommandations?|recommendations?|rec\.?|reco\.?)\s*(\d+))?|c(\d+)\s*[-.\s]?\s*r(\d+)|(?:recommandations?|recommendations?)\s*(?:n[°o]\s*)?(\d+))/g;
  for (const m of folded.matchAll(re)) {
    const criterion = m[1] ?? m[3] ?? null;
    const number = m[2] ?? m[4] ?? m[5] ?? null;
    refs.push({ criterion, number, label: text.slice(m.index, m.index + m[0].length).trim() });
  }
  return refs;
}

/** "C3-R6"-style key of a reference, for matching references to a register. */
export function recommendationKey(ref: { criterion: string | null; number: string | null }): string {
  return `C${ref.criterion ?? '?'}-R${ref.number ?? '?'}`;
}
