import { describe, expect, it } from 'vitest';
import { guessLanguage, stemWord, textTerms, tokenise } from './text-terms.ts';

const stems = (text: string, language: 'fr' | 'en') => textTerms(text, language).map((t) => t.stem);

describe('text terms', () => {
  it('gives a word and its plural one stem, in French and in English', () => {
    expect(stemWord('recommandations', 'fr')).toBe(stemWord('recommandation', 'fr'));
    expect(stemWord('stages', 'fr')).toBe(stemWord('stage', 'fr'));
    expect(stemWord('evaluations', 'en')).toBe(stemWord('evaluation', 'en'));
    expect(stems('Les recommandations des experts', 'fr')).toEqual(
      stems('la recommandation de l’expert', 'fr'),
    );
  });

  it('matches words written with or without accents and capitals', () => {
    expect(stems('Évaluation des enseignements', 'fr')).toEqual(stems('evaluation des ENSEIGNEMENTS', 'fr'));
    expect(stems('qualité', 'fr')).toEqual(stems('qualite', 'fr'));
  });

  it('reads inclusive writing as the plain word', () => {
    expect(tokenise('les étudiant-e-s, les diplômé·e·s et les ancien·ne·s')).toEqual([
      'les',
      'etudiant',
      'les',
      'diplome',
      'et',
      'les',
      'ancien',
    ]);
    expect(stems('étudiant·e·s', 'fr')).toEqual(stems('étudiants', 'fr'));
  });

  it('drops stop words, elided articles and bare numbers', () => {
    expect(textTerms("L'évaluation de tous les stages en 2025", 'fr').map((t) => t.word)).toEqual([
      'evaluation',
      'stages',
    ]);
    expect(textTerms('Review the balance of the modules', 'en').map((t) => t.word)).toEqual([
      'review',
      'balance',
      'modules',
    ]);
  });

  it('guesses the language from its stop words, and falls back when a text shows none', () => {
    expect(guessLanguage('Renforcer le suivi des étudiants en stage et la qualité des écrits')).toBe('fr');
    expect(guessLanguage('Strengthen the personal tutoring system for all of the students', 'fr')).toBe('en');
    expect(guessLanguage('TFE', 'en')).toBe('en');
  });
});
