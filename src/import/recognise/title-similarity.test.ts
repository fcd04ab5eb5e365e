import { describe, expect, it } from 'vitest';
import { isSameTitle } from './title-similarity.ts';

describe('isSameTitle', () => {
  it('recognises one objective written twice with other articles, plurals or year spellings', () => {
    expect(
      isSameTitle(
        'Après une phase diagnostic (2018-19), repérer les bonnes pratiques en matière de pédagogie',
        'Après la phase diagnostic (18-19), repérer les bonnes pratiques en matière de pédagogie',
      ),
    ).toBe(true);
    expect(
      isSameTitle(
        "Soutenir les participations dans le cadre d'Erasmus+ ou autre initiative",
        "Soutenir la participation dans le cadre d'Erasmus+ ou toute autre initiative",
      ),
    ).toBe(true);
  });

  it('keeps apart titles that differ by a number or by their words', () => {
    expect(isSameTitle('Objectif 1', 'Objectif 2')).toBe(false);
    expect(isSameTitle('Axe 1 : Thème 1', 'Axe 2 : Thème 2')).toBe(false);
    expect(isSameTitle("Développer l'aide à la réussite", 'Soutenir la mobilité étudiante')).toBe(false);
  });
});
