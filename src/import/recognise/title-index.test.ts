import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { TitleIndex } from './title-index.ts';
import { isSameTitle } from './title-similarity.ts';

const vocabulary = [
  'améliorer',
  'ameliorer',
  'les',
  'stages',
  'stage',
  'la',
  'réussite',
  'des',
  'étudiants',
  'suivi',
  'qualité',
  'Objectif',
  '1',
  '2',
  '(2018-19)',
  '(18-19)',
  '2025-2026',
  '—',
  '?',
];

const titles = fc
  .array(fc.constantFrom(...vocabulary), { minLength: 1, maxLength: 9 })
  .map((parts) => parts.join(' '));

describe('TitleIndex', () => {
  it('finds exactly the titles isSameTitle matches, in the order they were added', () => {
    fc.assert(
      fc.property(
        fc.array(titles, { maxLength: 220 }),
        fc.array(titles, { maxLength: 30 }),
        (added, asked) => {
          const index = new TitleIndex((t: { title: string }) => t.title);
          const items = added.map((t) => ({ title: t }));
          for (const item of items) index.add(item);
          for (const query of [...asked, ...added.slice(0, 10)]) {
            expect(index.findSame(query)).toEqual(items.filter((item) => isSameTitle(item.title, query)));
          }
        },
      ),
      { numRuns: 60 },
    );
  });

  it('compares a new title with a few candidates, not with every title already there', () => {
    let comparisons = 0;
    const index = new TitleIndex((t: string) => {
      comparisons += 1;
      return t;
    });
    // Titles of 5 to 11 words over a vocabulary of 3,000 words, common words more frequent
    // (Zipf), with and without numbers, as in a generated sheet of thousands of objectives.
    let state = 7;
    const next = () => (state = (state * 1103515245 + 12345) % 2147483648) / 2147483648;
    const word = () => `mot${Math.floor(3000 ** next())}`;
    const count = 8000;
    for (let i = 0; i < count; i++) {
      const words = Array.from({ length: 5 + Math.floor(next() * 7) }, word);
      const title = i % 3 === 0 ? `Objectif ${i} : ${words.join(' ')}` : words.join(' ');
      index.findSame(title);
      index.add(title);
    }
    // Comparing each new title with every earlier one would take count² / 2 = 32 million comparisons.
    expect(comparisons).toBeLessThan(10 * count);
  });
});
