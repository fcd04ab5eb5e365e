import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import JSZip from 'jszip';
import { describe, expect, it } from 'vitest';
import { JalonError } from '../../src/core/errors.ts';
import { readDocx } from '../../src/import/docx-reader.ts';
import { readPdf } from '../../src/import/pdf-reader.ts';
import type { RawDocument } from '../../src/import/raw-document.ts';
import { readXlsx } from '../../src/import/xlsx-reader.ts';
import { fixturesDir } from '../support/shared-files.ts';

/**
 * Seeded mutation fuzzing of the DOCX, XLSX and PDF readers: damaged files (bytes flipped,
 * cut short, blocks dropped or repeated) and, for DOCX, well-zipped but broken XML. Every case
 * must end in a document or a JalonError, within 2 s. A failure prints its seed and case.
 */
const fixtures = `${fixturesDir}/`;
const own = fileURLToPath(new URL('../fixtures/import/', import.meta.url));
const seed = Number(process.env.JALON_FUZZ_SEED ?? 20261123);

function random(seedValue: number): () => number {
  let state = seedValue >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function mutateBytes(source: Uint8Array, next: () => number): Uint8Array {
  const pick = (limit: number): number => Math.floor(next() * limit);
  const kind = pick(5);
  if (kind === 0) return source.subarray(0, pick(source.length));
  const bytes = new Uint8Array(source);
  if (kind === 1) {
    for (let count = 1 + pick(20); count > 0; count--) bytes[pick(bytes.length)] = pick(256);
    return bytes;
  }
  const start = pick(source.length);
  const length = 1 + pick(Math.min(4096, source.length - start));
  if (kind === 2) return new Uint8Array([...source.subarray(0, start), ...source.subarray(start + length)]);
  if (kind === 3) return new Uint8Array([...source.subarray(0, start + length), ...source.subarray(start)]);
  bytes.fill(0, start, start + length);
  return bytes;
}

function mutateText(text: string, next: () => number): string {
  const pick = (limit: number): number => Math.floor(next() * limit);
  let result = text;
  for (let count = 1 + pick(8); count > 0; count--) {
    const at = pick(result.length);
    const piece = [
      '<',
      '>',
      '"',
      '/',
      '&',
      '&#0;',
      '<w:tbl>',
      '</w:tr>',
      '<w:vMerge/>',
      '<w:gridSpan w:val="99999"/>',
      '',
    ][pick(11)]!;
    const cut = pick(3) === 0 ? pick(200) : 0;
    result = result.slice(0, at) + piece + result.slice(at + cut);
  }
  return result;
}

interface Outcome {
  documents: number;
  errors: number;
  slowest: number;
}

async function runCases(
  label: string,
  count: number,
  makeCase: (index: number) => Promise<Uint8Array> | Uint8Array,
  reader: (bytes: Uint8Array) => Promise<RawDocument>,
): Promise<Outcome> {
  const outcome: Outcome = { documents: 0, errors: 0, slowest: 0 };
  for (let index = 0; index < count; index++) {
    const bytes = await makeCase(index);
    const started = performance.now();
    try {
      const document = await reader(bytes);
      expect(Array.isArray(document.blocks), `${label} case ${index} (seed ${seed})`).toBe(true);
      outcome.documents += 1;
    } catch (error) {
      if (!(error instanceof JalonError)) {
        throw new Error(`${label} case ${index} (seed ${seed}) crashed with ${String(error)}`, {
          cause: error,
        });
      }
      outcome.errors += 1;
    }
    const elapsed = performance.now() - started;
    outcome.slowest = Math.max(outcome.slowest, elapsed);
    expect(elapsed, `${label} case ${index} (seed ${seed}) took ${Math.round(elapsed)} ms`).toBeLessThan(
      2000,
    );
  }
  return outcome;
}

describe('fuzzing the office readers', () => {
  it('DOCX: 900 damaged files and 400 with broken XML end in a document or a JalonError', async () => {
    const next = random(seed);
    const sources = [
      readFileSync(`${own}own-english-plan.docx`),
      readFileSync(`${fixtures}002_b31f838c1917508f.docx`),
    ].map((buffer) => new Uint8Array(buffer));
    const bytesOutcome = await runCases(
      'docx bytes',
      900,
      (index) => mutateBytes(sources[index % 2]!, next),
      (bytes) => readDocx(bytes, { file: 'fuzz.docx' }),
    );
    const zip = await JSZip.loadAsync(sources[0]!);
    const documentXml = await zip.file('word/document.xml')!.async('string');
    const xmlOutcome = await runCases(
      'docx xml',
      400,
      async () => {
        zip.file('word/document.xml', mutateText(documentXml, next));
        return zip.generateAsync({ type: 'uint8array', compression: 'STORE' });
      },
      (bytes) => readDocx(bytes, { file: 'fuzz.docx' }),
    );
    // Broken XML is read leniently: most of those files still give a document.
    expect(xmlOutcome.documents).toBeGreaterThan(200);
    expect(bytesOutcome.errors).toBeGreaterThan(0);
  });

  it('XLSX: 500 damaged workbooks and 300 with broken sheet XML end in a document or a JalonError', async () => {
    const next = random(seed + 1);
    const sources = [
      readFileSync(`${own}own-merged-objectives.xlsx`),
      readFileSync(`${fixtures}002_b31f838c1917508f_actions.xlsx`),
    ].map((buffer) => new Uint8Array(buffer));
    const outcome = await runCases(
      'xlsx',
      500,
      (index) => mutateBytes(sources[index % 2]!, next),
      (bytes) => readXlsx(bytes, { file: 'fuzz.xlsx' }),
    );
    expect(outcome.documents + outcome.errors).toBe(500);
    const zip = await JSZip.loadAsync(sources[0]!);
    const parts = [
      'xl/worksheets/sheet1.xml',
      'xl/sharedStrings.xml',
      'xl/workbook.xml',
      'xl/styles.xml',
    ].filter((name) => zip.file(name));
    const originals = await Promise.all(parts.map((name) => zip.file(name)!.async('string')));
    const xmlOutcome = await runCases(
      'xlsx xml',
      300,
      async (index) => {
        const part = index % parts.length;
        parts.forEach((name, position) =>
          zip.file(name, position === part ? mutateText(originals[position]!, next) : originals[position]!),
        );
        return zip.generateAsync({ type: 'uint8array', compression: 'STORE' });
      },
      (bytes) => readXlsx(bytes, { file: 'fuzz.xlsx' }),
    );
    expect(xmlOutcome.documents).toBeGreaterThan(0);
  });

  it('PDF: 200 damaged PDFs end in a document or a JalonError', async () => {
    const next = random(seed + 2);
    const source = new Uint8Array(readFileSync(`${own}own-english-plan.pdf`));
    const outcome = await runCases(
      'pdf',
      200,
      () => mutateBytes(source, next),
      (bytes) => readPdf(bytes, { file: 'fuzz.pdf' }),
    );
    expect(outcome.documents + outcome.errors).toBe(200);
  });
});
