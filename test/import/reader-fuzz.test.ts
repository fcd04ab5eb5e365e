import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { JalonError } from '../../src/core/errors.ts';
import { planSchema } from '../../src/core/plan-schema.ts';
import { importBytes } from '../../src/import/import-file.ts';
import { seedFile } from '../support/shared-files.ts';

const read = (url: string) => readFileSync(fileURLToPath(new URL(url, import.meta.url)), 'utf8');
const seed000 = readFileSync(seedFile('000_408056d1a7750f6e.txt'), 'utf8');
const seed002 = readFileSync(seedFile('002_b31f838c1917508f.txt'), 'utf8');
const csv = read('../fixtures/import/quality-plan-en.csv');
const markdown = read('../fixtures/import/plan-de-suivi.md');

/** A small seeded generator (mulberry32), so a failing case can be replayed from its number. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const cases = Number(process.env.JALON_FUZZ_CASES ?? 300);

const noise = [
  '\t',
  '\n',
  '"',
  ';',
  ',',
  '|',
  '<p>',
  '</p>',
  '***',
  'LLN : ',
  'Axe 9 : ',
  '2.1. ',
  '¹ ',
  '\u0000',
  '{',
  '\r',
  '---',
];

/** One random damage: cut, duplicate, insert noise, swap two lines, or truncate. */
function mutate(text: string, next: () => number): string {
  const at = Math.floor(next() * text.length);
  const span = Math.floor(next() * 400);
  switch (Math.floor(next() * 5)) {
    case 0:
      return text.slice(0, at) + text.slice(at + span);
    case 1:
      return text.slice(0, at) + text.slice(at, at + span) + text.slice(at);
    case 2:
      return text.slice(0, at) + noise[Math.floor(next() * noise.length)]! + text.slice(at);
    case 3: {
      const lines = text.split('\n');
      const i = Math.floor(next() * lines.length);
      const j = Math.floor(next() * lines.length);
      [lines[i], lines[j]] = [lines[j]!, lines[i]!];
      return lines.join('\n');
    }
    default:
      return text.slice(0, at);
  }
}

describe('the text, CSV, Markdown and JSON readers under random damage', () => {
  it(
    'always give a valid plan or a JalonError, never a crash nor a hang',
    async () => {
      const json = JSON.stringify(
        (await importBytes({ name: 'p.txt', bytes: new TextEncoder().encode(seed002) })).plan,
      );
      const sources: Array<[string, string]> = [
        ['seed-000.txt', seed000],
        ['seed-002.txt', seed002],
        ['plan.csv', csv],
        ['plan.md', markdown],
        ['plan.json', json],
      ];
      let plans = 0;
      let errors = 0;
      for (let n = 0; n < cases; n++) {
        const next = random(n + 1);
        const [name, source] = sources[n % sources.length]!;
        let text = source;
        const damage = 1 + Math.floor(next() * 4);
        for (let k = 0; k < damage; k++) text = mutate(text, next);
        const started = performance.now();
        try {
          const { plan } = await importBytes({ name, bytes: new TextEncoder().encode(text) });
          expect(planSchema.safeParse(plan).success, `case ${n} (${name})`).toBe(true);
          plans += 1;
        } catch (error) {
          if (!(error instanceof JalonError))
            throw new Error(`case ${n} (${name}) crashed: ${String(error)}`, { cause: error });
          errors += 1;
        }
        expect(performance.now() - started, `case ${n} (${name}) took too long`).toBeLessThan(2000);
      }
      expect(plans + errors).toBe(cases);
      expect(plans).toBeGreaterThan(cases / 2);
    },
    30_000 + cases * 200,
  );
});
