import { stemmer as stemEnglish } from '@orama/stemmers/english';
import { stemmer as stemFrench } from '@orama/stemmers/french';
import { foldText } from '../core/text.ts';
import { stopWords, type TextLanguage } from './stop-words.ts';

export type { TextLanguage };

/** A word of a text reduced for comparison: its stem, and the word as written (folded) for display. */
export interface Term {
  stem: string;
  word: string;
}

/**
 * Inclusive-writing endings ("étudiant-e-s", "diplômé·e·s", "ancien·ne·s", "chercheur-euse-s")
 * dropped before splitting, so that the word keeps its stem and the endings do not become words.
 */
const inclusiveEnding = /(\p{L})[·•.-](?:e|ne|euse|rice|trice|ere|esse)(?:[·•.-]s)?(?![\p{L}\d])/gu;

/** Words of a text: folded (case, accents, ligatures), inclusive endings dropped, split on anything not a letter or digit. */
export function tokenise(text: string): string[] {
  const folded = foldText(text.replace(inclusiveEnding, '$1'));
  return folded.split(/[^a-z0-9]+/).filter((w) => w.length >= 2 && !/^\d+$/.test(w));
}

/**
 * The language of a text from how many French and English stop words it holds; `fallback`
 * when neither shows (a short title, a list of nouns) or they tie.
 */
export function guessLanguage(text: string, fallback: TextLanguage = 'fr'): TextLanguage {
  let fr = 0;
  let en = 0;
  for (const word of foldText(text).split(/[^a-z]+/)) {
    if (!word) continue;
    // Words both lists hold ("on", "me", "a") tell nothing.
    const inFr = stopWords.fr.has(word);
    const inEn = stopWords.en.has(word);
    if (inFr && !inEn) fr++;
    else if (inEn && !inFr) en++;
  }
  if (fr === en) return fallback;
  return fr > en ? 'fr' : 'en';
}

/** The Snowball stem of a folded word. */
export function stemWord(word: string, language: TextLanguage): string {
  return language === 'en' ? stemEnglish(word) : stemFrench(word);
}

/** The terms of a text in its language: words less stop words, each with its stem. */
export function textTerms(text: string, language: TextLanguage): Term[] {
  const stops = stopWords[language];
  const terms: Term[] = [];
  for (const word of tokenise(text)) {
    if (stops.has(word)) continue;
    const stem = stemWord(word, language);
    if (stem.length < 2) continue;
    terms.push({ stem, word });
  }
  return terms;
}
