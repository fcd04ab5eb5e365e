import { describe, expect, it } from 'vitest';
import { parseRecommendationRegister } from './recommendation-register.ts';

describe('parseRecommendationRegister', () => {
  it('reads recommendations under criterion headings, with continuation lines', () => {
    const text = [
      'Critère 3 : La cohérence interne du programme',
      'Recommandation 4 : Améliorer le dispositif de recherche de stages,',
      'en particulier pour les étudiant·e·s de B1.',
      'Recommandation 6 : Renforcer l’apprentissage du travail à plusieurs.',
      '',
      'Critère 5',
      '1. Créer une commission des relations internationales.',
      '2) Associer les enseignant·e·s à la recherche.',
    ].join('\n');
    expect(parseRecommendationRegister(text).map((r) => [r.criterion, r.number, r.text])).toEqual([
      [
        '3',
        '4',
        'Améliorer le dispositif de recherche de stages, en particulier pour les étudiant·e·s de B1.',
      ],
      ['3', '6', 'Renforcer l’apprentissage du travail à plusieurs.'],
      ['5', '1', 'Créer une commission des relations internationales.'],
      ['5', '2', 'Associer les enseignant·e·s à la recherche.'],
    ]);
  });

  it('reads rows copied from a table and numbers bullets in order', () => {
    expect(
      parseRecommendationRegister('Critère 1\t13\tÉvaluer les enseignements').map((r) => [
        r.criterion,
        r.number,
        r.text,
      ]),
    ).toEqual([['1', '13', 'Évaluer les enseignements']]);
    expect(
      parseRecommendationRegister('Critère 2\n- Ouvrir à la recherche\n- Former les MDP').map((r) => [
        r.criterion,
        r.number,
      ]),
    ).toEqual([
      ['2', '1'],
      ['2', '2'],
    ]);
  });
});
