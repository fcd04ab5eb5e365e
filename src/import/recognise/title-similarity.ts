import { normaliseAcademicYear } from '../../core/academic-calendar.ts';
import { foldText } from '../../core/text.ts';

const stopWords = new Set(
  'a au aux de des du d l la le les un une et en dans par pour sur avec ou ainsi que qui the of and to in for on with by an at'.split(
    ' ',
  ),
);

const wordCache = new Map<string, string[]>();

/** Folded content words of a title, plurals and academic-year spellings made comparable (memoised: titles are compared many times). */
function titleWords(title: string): string[] {
  const cached = wordCache.get(title);
  if (cached) return cached;
  if (wordCache.size > 10_000) wordCache.clear();
  const words = computeTitleWords(title);
  wordCache.set(title, words);
  return words;
}

function computeTitleWords(title: string): string[] {
  const folded = foldText(title).replace(/\b(\d{2}|\d{4})\s*[-/–]\s*(\d{2}|\d{4})\b/g, (whole) => {
    const year = normaliseAcademicYear(whole);
    return year ? ` ay${year.slice(2, 4)} ` : whole;
  });
  return folded
    .split(/[^a-z0-9]+/)
    .filter((w) => (w.length > 1 || /\d/.test(w)) && !stopWords.has(w))
    .map((w) => (w.length > 3 ? w.replace(/(e?s|e)$/, '') : w));
}

/**
 * How alike two titles are, from 0 to 1 (Dice coefficient on content words), so that the same
 * objective written twice ("Après une phase diagnostic (2018-19)" / "Après la phase diagnostic
 * (18-19)") is recognised while different objectives are not.
 */
export function titleSimilarity(a: string, b: string): number {
  const wa = titleWords(a);
  const wb = titleWords(b);
  if (wa.length === 0 || wb.length === 0) return foldText(a).trim() === foldText(b).trim() ? 1 : 0;
  const counts = new Map<string, number>();
  for (const w of wa) counts.set(w, (counts.get(w) ?? 0) + 1);
  let common = 0;
  for (const w of wb) {
    const n = counts.get(w) ?? 0;
    if (n > 0) {
      common += 1;
      counts.set(w, n - 1);
    }
  }
  return (2 * common) / (wa.length + wb.length);
}

/** Same title, allowing for typos, articles and plural changes. */
export function isSameTitle(a: string, b: string): boolean {
  if (a === b) return true;
  // Titles that differ by a number ("Objectif 1" / "Objectif 2") are different titles.
  const numbers = (t: string) => (t.match(/\d+/g) ?? []).join(' ');
  if (numbers(a) !== numbers(b) && /\d/.test(a) && /\d/.test(b) && !isAcademicYearOnly(a, b)) return false;
  return titleSimilarity(a, b) >= 0.8;
}

/** "(2018-19)" and "(18-19)" write the same year differently: numbers that differ only that way do not count. */
function isAcademicYearOnly(a: string, b: string): boolean {
  const words = (t: string) =>
    titleWords(t)
      .filter((w) => /\d/.test(w))
      .join(' ');
  return words(a) === words(b);
}
