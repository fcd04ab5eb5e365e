import { stopwords as englishSnowball } from '@orama/stopwords/english';
import { stopwords as frenchSnowball } from '@orama/stopwords/french';
import { foldText } from '../core/text.ts';

export type TextLanguage = 'fr' | 'en';

/**
 * Words that carry no theme in a plan's sentences, folded (no accents, lower case) as the
 * tokeniser folds text. The Snowball lists (through @orama/stopwords) hold the grammatical words;
 * the short lists below add the common ones they lack (adverbs, prepositions, quantifiers) and
 * nothing of the domain: words like "stage" or "qualité" must stay, BM25 weighs them by rarity.
 */
const frenchExtra = [
  'afin',
  'ainsi',
  'alors',
  'apres',
  'aupres',
  'aussi',
  'autre',
  'autres',
  'avant',
  'celle',
  'celles',
  'celui',
  'ceux',
  'chaque',
  'comme',
  'dont',
  'durant',
  'entre',
  'etc',
  'jusqu',
  'lors',
  'meme',
  'memes',
  'moins',
  'notamment',
  'parmi',
  'pendant',
  'peu',
  'plus',
  'selon',
  'sous',
  'tant',
  'tous',
  'tout',
  'toute',
  'toutes',
  'tres',
  'via',
  'vers',
  'deux',
  'trois',
  'quatre',
  'cinq',
  'etre',
  'avoir',
  'fait',
  'faire',
  'cas',
  'ci',
  'dessous',
  'dessus',
  'voire',
];
const englishExtra = [
  'also',
  'among',
  'across',
  'along',
  'per',
  'via',
  'within',
  'without',
  'every',
  'least',
  'two',
  'three',
  'four',
  'five',
  'one',
  'etc',
  'whether',
  'upon',
  'can',
  'well',
];

export const stopWords: Record<TextLanguage, ReadonlySet<string>> = {
  fr: new Set([...frenchSnowball, ...frenchExtra].map(foldText)),
  en: new Set([...englishSnowball, ...englishExtra].map(foldText)),
};
