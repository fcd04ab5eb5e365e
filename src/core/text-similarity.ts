import { foldText } from './text.ts';

/** Words of a text for comparison: folded, punctuation dropped, short words kept only if numeric. */
export function comparableWords(text: string): string[] {
  return foldText(text)
    .split(/[^a-z0-9]+/)
    .filter((w) => w.length > 2 || /^\d+$/.test(w));
}

/** Jaccard similarity of the word sets of two texts, from 0 (nothing shared) to 1 (same words). */
export function textSimilarity(a: string, b: string): number {
  const wa = new Set(comparableWords(a));
  const wb = new Set(comparableWords(b));
  if (wa.size === 0 && wb.size === 0) return foldText(a).trim() === foldText(b).trim() ? 1 : 0;
  let shared = 0;
  for (const w of wa) if (wb.has(w)) shared++;
  return shared / (wa.size + wb.size - shared);
}
