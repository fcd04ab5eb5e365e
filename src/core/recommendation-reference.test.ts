import { describe, expect, it } from 'vitest';
import { parseRecommendationRefs, recommendationKey } from './recommendation-reference.ts';

describe('parseRecommendationRefs', () => {
  it.each([
    ['Critère 3, Recommandation 6', [['3', '6']]],
    ['Critère1, Recommandation 13', [['1', '13']]],
    ['Critère 5', [['5', null]]],
    [
      'Critère 3, Recommandation 9 Critère 4, Recommandation 6',
      [
        ['3', '9'],
        ['4', '6'],
      ],
    ],
    ['C2-R3', [['2', '3']]],
    ['Recommandation 4', [[null, '4']]],
    ['Criterion 2, Recommendation 1', [['2', '1']]],
    ['Analyse Transversale Cursus Assistant Social p.14', []],
  ])('reads %j', (text, expected) => {
    expect(parseRecommendationRefs(text).map((r) => [r.criterion, r.number])).toEqual(expected);
  });

  it('keys references for matching against a register', () => {
    expect(recommendationKey({ criterion: '3', number: '6' })).toBe('C3-R6');
  });
});
