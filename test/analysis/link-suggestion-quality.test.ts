import { describe, expect, it } from 'vitest';
import { suggestLinks } from '../../src/analysis/link-suggestions.ts';
import { loadLabelledPlans, scoreRanking } from '../support/link-suggestion-set.ts';
import { suggestionRanker } from '../support/link-suggestion-rankers.ts';

describe('suggested links on the labelled set (test/fixtures/link-suggestions)', () => {
  it('ranks a right action or objective among the top 3 for at least 70 % of the 40 recommendations', async () => {
    const plans = await loadLabelledPlans();
    const score = scoreRanking(plans, suggestionRanker);
    expect(score.recommendations).toBeGreaterThanOrEqual(40);
    expect(score.top3, JSON.stringify(score.misses)).toBeGreaterThanOrEqual(0.7);
  });

  it('gives the same suggestions for the same plans', async () => {
    const [first, second] = await Promise.all([loadLabelledPlans(), loadLabelledPlans()]);
    for (let i = 0; i < first.length; i++)
      expect(JSON.stringify(suggestLinks(second[i]!.plan))).toBe(
        JSON.stringify(suggestLinks(first[i]!.plan)),
      );
  });
});
