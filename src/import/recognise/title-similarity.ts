import { normaliseAcademicYear } from '../../core/academic-calendar.ts';
import { foldText } from '../../core/text.ts';

const stopWords = new Set(
  'a au aux de des du d l la le les un une et en dans par pour sur avec ou ainsi que qui the of and to in for on with by an at'.split(
    ' ',
  ),
);

interface TitleInfo {
  words: string[];
  /** The numbers as written ("1 2025 26"), and the number words once academic years are made comparable. */
  numbers: string;
  numberWords: string;
}

const infoCache = new Map<string, TitleInfo>();

/** What comparisons need of a title, computed once (memoised: titles are compared many times). */
function titleInfo(title: string): TitleInfo {
  const cached = infoCache.get(title);
  if (cached) return cached;
  if (infoCache.size > 100_000) infoCache.clear();
  const words = computeTitleWords(title);
  const info: TitleInfo = {
    words,
    numbers: (title.match(/\d+/g) ?? []).join(' '),
    numberWords: words.filter((w) => /\d/.test(w)).join(' '),
  };
  infoCache.set(title, info);
  return info;
}

/** Empties the memo of titles: a recognition calls it when done, so that a server keeps no titles between imports. */
export function forgetTitles(): void {
  infoCache.clear();
}

/** Folded content words of a title, plurals and academic-year spellings made comparable. */
export function titleWords(title: string): string[] {
  return titleInfo(title).words;
}

/**
 * The numbers of a title as written, and its number words: `isSameTitle` keeps apart two
 * titles whose numbers both differ ("Objectif 1" / "Objectif 2"), unless the number words are
 * the same (one academic year written two ways).
 */
export function titleNumbers(title: string): { numbers: string; numberWords: string } {
  const { numbers, numberWords } = titleInfo(title);
  return { numbers, numberWords };
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
  const ia = titleInfo(a);
  const ib = titleInfo(b);
  // Titles that differ by a number ("Objectif 1" / "Objectif 2") are different titles, unless
  // the numbers are one academic year written two ways ("(2018-19)" and "(18-19)").
  if (ia.numbers !== ib.numbers && ia.numbers && ib.numbers && ia.numberWords !== ib.numberWords)
    return false;
  return titleSimilarity(a, b) >= 0.8;
}
