import { expect } from 'vitest';
import type { Language } from '../../src/core/errors.ts';

/**
 * Issue 16: telling a message's language, for the tests that check every message is written
 * in French and in English and that no library text (English) leaks into the French one.
 */

/** A word of the list, whole: `\b` does not know that "é" is a letter. */
const anyWord = (words: string[]) =>
  new RegExp(`(?<![\\p{L}\\p{N}_])(${words.join('|')})(?![\\p{L}\\p{N}_])`, 'iu');

/** Common English words, none of them French ("or", "position", "plan" are both). */
export const englishWords = anyWord([
  'the',
  'is',
  'are',
  'not',
  'your',
  'this',
  'with',
  'must',
  'cannot',
  'found',
  'invalid',
  'allowed',
  'of',
  'and',
  'to',
  'be',
  'could',
  'file',
  'error',
  'unexpected',
  'token',
]);

/** Common French words, none of them English. */
export const frenchWords = anyWord([
  'le',
  'la',
  'les',
  'est',
  'sont',
  'pas',
  'votre',
  'cette',
  'avec',
  'doit',
  'introuvable',
  'invalide',
  'réservé',
  'une',
  'des',
  'du',
  'fichier',
  'pour',
]);

/** The message without what the user sent or named (file names, quoted values), which is in no language. */
export function wording(message: string, data: readonly string[]): string {
  let text = message;
  for (const value of data) text = text.split(value).join(' ');
  return text
    .replace(/«[^»]*»/g, ' ')
    .replace(/"[^"]*"/g, ' ')
    .replace(/“[^”]*”/g, ' ');
}

/** Fails unless `message` is a non-empty text without a common word of the other language. */
export function expectLanguage(message: string, lang: Language, data: readonly string[]): void {
  expect(message, 'an error message').toEqual(expect.any(String));
  expect(message.length).toBeGreaterThan(0);
  const text = wording(message, data);
  if (lang === 'fr') expect(text, `French answer with English words: ${message}`).not.toMatch(englishWords);
  else expect(text, `English answer with French words: ${message}`).not.toMatch(frenchWords);
}
