import { guessLanguage, textTerms, type TextLanguage } from './text-terms.ts';

/** One part of a document's text and how much it counts ("the action itself" 1, "its objective's title" 0.5). */
export interface WeightedText {
  text: string;
  weight: number;
}

export interface CorpusDocument {
  id: string;
  parts: WeightedText[];
}

/** A document's BM25 term weights, with its vector's length for cosine similarity. */
export interface TermVector {
  weights: Map<string, number>;
  norm: number;
}

export interface WeightedCorpus {
  vectors: Map<string, TermVector>;
  /** For each stem, the word it was most often written as (ties: the first in alphabetical order). */
  displayWord: (stem: string) => string;
}

/** BM25's usual constants: term-frequency saturation and length normalisation. */
const K1 = 1.2;
const B = 0.75;

/**
 * Term weights of a corpus of short texts by BM25: each term's frequency in a document
 * (weighted by the part it sits in), saturated (k1) and normalised by the document's length (b),
 * times the term's inverse document frequency over the corpus. Written here rather than taken
 * from a library: the search-engine packages index and rank queries but do not expose the
 * weight vectors that two-way similarity (recommendation ↔ action) and theme clustering need.
 * Each document's language is guessed from its own words, falling back to the corpus's.
 */
export function weighCorpus(documents: CorpusDocument[]): WeightedCorpus {
  const corpusLanguage = guessLanguage(documents.flatMap((d) => d.parts.map((p) => p.text)).join(' '));
  const frequencies: Array<{ id: string; tf: Map<string, number>; length: number }> = [];
  const documentFrequency = new Map<string, number>();
  const surface = new Map<string, Map<string, number>>();
  for (const document of documents) {
    const language: TextLanguage = guessLanguage(document.parts.map((p) => p.text).join(' '), corpusLanguage);
    const tf = new Map<string, number>();
    let length = 0;
    for (const part of document.parts) {
      if (part.weight <= 0) continue;
      for (const term of textTerms(part.text, language)) {
        tf.set(term.stem, (tf.get(term.stem) ?? 0) + part.weight);
        length += part.weight;
        const words = surface.get(term.stem) ?? new Map<string, number>();
        words.set(term.word, (words.get(term.word) ?? 0) + 1);
        surface.set(term.stem, words);
      }
    }
    for (const stem of tf.keys()) documentFrequency.set(stem, (documentFrequency.get(stem) ?? 0) + 1);
    frequencies.push({ id: document.id, tf, length });
  }
  const count = frequencies.length;
  const averageLength = frequencies.reduce((sum, f) => sum + f.length, 0) / Math.max(count, 1) || 1;
  const vectors = new Map<string, TermVector>();
  for (const { id, tf, length } of frequencies) {
    const weights = new Map<string, number>();
    let squares = 0;
    for (const [stem, frequency] of tf) {
      const df = documentFrequency.get(stem)!;
      // The "plus one" form of BM25's idf stays positive for terms in more than half the documents.
      const idf = Math.log(1 + (count - df + 0.5) / (df + 0.5));
      const saturated = (frequency * (K1 + 1)) / (frequency + K1 * (1 - B + (B * length) / averageLength));
      const weight = idf * saturated;
      weights.set(stem, weight);
      squares += weight * weight;
    }
    vectors.set(id, { weights, norm: Math.sqrt(squares) });
  }
  const displayWord = (stem: string): string => {
    const words = surface.get(stem);
    if (!words) return stem;
    let best = '';
    let bestCount = -1;
    for (const [word, n] of words) {
      if (n > bestCount || (n === bestCount && word < best)) {
        best = word;
        bestCount = n;
      }
    }
    return best;
  };
  return { vectors, displayWord };
}

export interface Similarity {
  score: number;
  /** Stems both share, the largest contribution first (ties by stem). */
  shared: string[];
}

/** Cosine similarity of two term vectors (0 to 1) and the stems that make it. */
export function cosineSimilarity(a: TermVector, b: TermVector): Similarity {
  if (a.norm === 0 || b.norm === 0) return { score: 0, shared: [] };
  const [small, large] = a.weights.size <= b.weights.size ? [a, b] : [b, a];
  const contributions: Array<[string, number]> = [];
  let dot = 0;
  for (const [stem, weight] of small.weights) {
    const other = large.weights.get(stem);
    if (other === undefined) continue;
    const product = weight * other;
    dot += product;
    contributions.push([stem, product]);
  }
  contributions.sort((x, y) => y[1] - x[1] || (x[0] < y[0] ? -1 : x[0] > y[0] ? 1 : 0));
  return { score: Math.min(1, dot / (a.norm * b.norm)), shared: contributions.map(([stem]) => stem) };
}
