import { foldText } from '../../core/text.ts';
import { isSameTitle, titleNumbers, titleWords } from './title-similarity.ts';

/**
 * The items of a list whose title `isSameTitle` matches, found without comparing the title
 * with every item: a sheet of tens of thousands of rows opens thousands of objectives, and
 * each new one is looked up among the others. Lookups give exactly what comparing with every
 * item would, in the order the items were added.
 *
 * Two filters, both exact. Numbers: titles that both hold numbers, different ones, are
 * different ("Objectif 1" / "Objectif 2"), so a numbered title is looked up among the titles
 * with the same numbers and those without any. Words: two titles the same have a Dice
 * coefficient ≥ 0.8 on their content words (see `WordPrefixIndex`).
 */
export class TitleIndex<T> {
  private readonly items: T[] = [];
  /** Every title, for titles without numbers. */
  private readonly all = new WordPrefixIndex();
  /** Titles without numbers, for numbered titles. */
  private readonly unnumbered = new WordPrefixIndex();
  private readonly byNumbers = new Map<string, number[]>();
  private readonly byNumberWords = new Map<string, number[]>();

  constructor(private readonly titleOf: (item: T) => string) {}

  get size(): number {
    return this.items.length;
  }

  add(item: T): void {
    const position = this.items.length;
    const title = this.titleOf(item);
    this.items.push(item);
    this.all.add(title, position);
    const { numbers, numberWords } = titleNumbers(title);
    if (!numbers) {
      this.unnumbered.add(title, position);
      return;
    }
    push(this.byNumbers, numbers, position);
    push(this.byNumberWords, numberWords, position);
  }

  /** The items of the same title, in the order they were added. */
  findSame(title: string): T[] {
    const { numbers, numberWords } = titleNumbers(title);
    const candidates = numbers
      ? new Set([
          ...this.unnumbered.candidates(title),
          ...(this.byNumbers.get(numbers) ?? []),
          ...(this.byNumberWords.get(numberWords) ?? []),
        ])
      : new Set(this.all.candidates(title));
    return [...candidates]
      .sort((a, b) => a - b)
      .map((i) => this.items[i]!)
      .filter((item) => isSameTitle(this.titleOf(item), title));
  }
}

/**
 * Prefix filtering on content words: two titles the same by `isSameTitle` have a Dice
 * coefficient ≥ 0.8, hence share at least ⌈2n/3⌉ of the n words of either. With every title's
 * words in one order (rarest first), two such titles share a word among the first
 * n − ⌈2n/3⌉ + 1 of each: only those are indexed. The order (word frequencies) stays frozen
 * between rebuilds, which happen each time the index doubles, so the filter stays exact and
 * the total work near-linear. Titles without content words ("—", "?") go by their folded text.
 */
class WordPrefixIndex {
  private readonly tokens = new Map<number, string[]>();
  private readonly frequency = new Map<string, number>();
  private rank = new Map<string, number>();
  private postings = new Map<string, number[]>();
  private readonly wordless = new Map<string, number[]>();
  private rebuiltAt = 0;

  add(title: string, position: number): void {
    const tokens = tokensOf(title);
    if (tokens.length === 0) {
      push(this.wordless, foldText(title).trim(), position);
      return;
    }
    this.tokens.set(position, tokens);
    for (const token of tokens) this.frequency.set(token, (this.frequency.get(token) ?? 0) + 1);
    if (this.tokens.size >= 64 && this.tokens.size >= 2 * this.rebuiltAt) this.rebuild();
    else for (const token of this.prefix(tokens)) push(this.postings, token, position);
  }

  /** Positions of the titles that may be the same as this one (a superset of them). */
  candidates(title: string): number[] {
    const tokens = tokensOf(title);
    if (tokens.length === 0) return this.wordless.get(foldText(title).trim()) ?? [];
    return this.prefix(tokens).flatMap((token) => this.postings.get(token) ?? []);
  }

  private rebuild(): void {
    this.rank = new Map(this.frequency);
    this.postings = new Map();
    this.rebuiltAt = this.tokens.size;
    for (const [position, tokens] of this.tokens)
      for (const token of this.prefix(tokens)) push(this.postings, token, position);
  }

  /** The first words of a title in the frozen order (rarest first, then alphabetical), as many as the filter needs. */
  private prefix(tokens: string[]): string[] {
    const rank = (token: string) => this.rank.get(token) ?? 0;
    const ordered = [...tokens].sort((a, b) => rank(a) - rank(b) || (a < b ? -1 : a > b ? 1 : 0));
    // Words two same titles share at least, rounded down so that the prefix is never too short.
    const shared = Math.max(1, Math.floor((2 * tokens.length) / 3));
    return ordered.slice(0, tokens.length - shared + 1);
  }
}

/** A title's content words, a word written twice counted twice ("stage#2"), as Dice counts them. */
function tokensOf(title: string): string[] {
  const seen = new Map<string, number>();
  return titleWords(title).map((word) => {
    const n = (seen.get(word) ?? 0) + 1;
    seen.set(word, n);
    return n === 1 ? word : `${word}#${n}`;
  });
}

function push(map: Map<string, number[]>, key: string, value: number): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}
