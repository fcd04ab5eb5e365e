import type { Axis, Plan, Recommendation } from '../../core/plan-schema.ts';
import { parseRecommendationRefs } from '../../core/recommendation-reference.ts';
import { parseRecommendationRegister } from '../../core/recommendation-register.ts';
import { foldText } from '../../core/text.ts';

/**
 * The register of the experts' recommendations a plan answers: every recommendation its
 * objectives and actions refer to ("Critère 3, Recommandation 6", "C1-R2 : Formaliser …", with
 * the wording when the cell gives it), completed by a narrative section that lists them
 * ("Recommandations des experts").
 */
export function buildRecommendationRegister(axes: Axis[], sections: Plan['sections']): Recommendation[] {
  const register = collectReferenced(axes);
  for (const section of sections) {
    if (!/\brecomm?andations?\b/.test(foldText(section.title))) continue;
    for (const rec of parseRecommendationRegister(section.text)) {
      const known = register.find((r) => r.criterion === rec.criterion && r.number === rec.number);
      if (!known) register.push(rec);
      else if (!known.text) known.text = rec.text;
    }
  }
  return register;
}

function collectReferenced(axes: Axis[]): Recommendation[] {
  const seen = new Map<string, Recommendation>();
  const visit = (refs: string[]) => {
    for (const ref of refs) {
      const parsedRefs = parseRecommendationRefs(ref);
      for (const parsed of parsedRefs) {
        const key = `${parsed.criterion ?? ''}/${parsed.number ?? ''}`;
        // The words after a single reference are the recommendation itself ("C1-R2 : Formaliser …").
        const wording =
          parsedRefs.length === 1
            ? ref
                .replace(parsed.label, '')
                .replace(/^[\s:–—,.-]+/, '')
                .trim()
            : '';
        const known = seen.get(key);
        if (!known)
          seen.set(key, {
            criterion: parsed.criterion,
            number: parsed.number,
            text: wording,
            justification: null,
          });
        else if (!known.text && wording) known.text = wording;
      }
    }
  };
  const walk = (objectives: Axis['objectives']) => {
    for (const objective of objectives) {
      visit(objective.references);
      for (const action of objective.actions) visit(action.references);
      walk(objective.objectives);
    }
  };
  for (const axis of axes) {
    for (const action of axis.actions) visit(action.references);
    walk(axis.objectives);
    for (const sub of axis.subdimensions) {
      for (const action of sub.actions) visit(action.references);
      walk(sub.objectives);
    }
  }
  return [...seen.values()];
}
