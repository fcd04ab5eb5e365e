import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { JalonError } from '../core/errors.ts';
import type { RawDocument, RawTable } from './raw-document.ts';
import { readXlsx } from './xlsx-reader.ts';
import { pathToFileURL } from 'node:url';
import { fixturesDir } from '../../test/support/shared-files.ts';

const fixtures = pathToFileURL(`${fixturesDir}/`);
const own = new URL('../../test/fixtures/import/', import.meta.url);
const read = (url: URL): Uint8Array => new Uint8Array(readFileSync(url));
const tablesOf = (doc: RawDocument): RawTable[] =>
  doc.blocks.filter((block): block is RawTable => block.kind === 'table');

describe('readXlsx on seed 002 actions sheet', async () => {
  const doc = await readXlsx(read(new URL('002_b31f838c1917508f_actions.xlsx', fixtures)), {
    file: '002.xlsx',
  });
  const [sheet] = tablesOf(doc);

  it('reads the sheet as one table: a header row and the 17 action rows', () => {
    expect(doc).toMatchObject({ file: '002.xlsx', format: 'xlsx' });
    expect(sheet).toMatchObject({ index: 1, sheet: "Plan d'action" });
    expect(sheet!.rows).toHaveLength(18);
    expect(sheet!.rows[0]!.cells.map((cell) => cell.text)).toEqual([
      'Axe',
      'Sous-dimension',
      'Description des actions',
      'Degré de priorité */**/**',
      'Responsable(s)',
      'Degré de réalisation / Échéance(s)',
      'Résultats attendus',
      'Conditions de réalisation',
    ]);
    expect(sheet!.rows[0]!.cells.every((cell) => cell.fill === '#d9d9d9' && cell.bold)).toBe(true);
    expect(sheet!.rows.map((row) => row.sourceRow)).toEqual(
      Array.from({ length: 18 }, (_, position) => position + 1),
    );
  });

  it('gives one paragraph per line of a cell', () => {
    const list = sheet!.rows[3]!.cells[6]!;
    expect(list.paragraphs).toEqual([
      "- Favoriser les échanges au sein de l'équipe éducative et avec les étudiants",
      "- Augmenter l'efficacité de la communication en interne",
    ]);
  });
});

describe('readXlsx on a two-sheet plan with merged objective cells', async () => {
  const doc = await readXlsx(read(new URL('own-merged-objectives.xlsx', own)));
  const tables = tablesOf(doc);

  it('reads every sheet, in order, with its name', () => {
    expect(tables.map((table) => [table.index, table.sheet])).toEqual([
      [1, 'Axe 1 – Pédagogie'],
      [2, 'Axe 2 – Gouvernance'],
      [3, 'Légende'],
    ]);
  });

  it('gives a merged objective cell its rowSpan and marks the cells it covers', () => {
    const rows = tables[0]!.rows;
    expect(rows[1]!.cells[0]).toMatchObject({
      text: 'Renforcer la pratique professionnelle',
      rowSpan: 3,
      colSpan: 1,
    });
    expect(rows[2]!.cells[0]).toMatchObject({ text: '', mergedFromAbove: true });
    expect(rows[3]!.cells[0]).toMatchObject({ text: '', mergedFromAbove: true });
    expect(rows[4]!.cells[0]).toMatchObject({ text: 'Clarifier les évaluations', rowSpan: 2 });
  });

  it('writes real dates as ISO days, formulas as their result, rich text and line breaks as text', () => {
    const rows = tables[0]!.rows;
    expect(rows[1]!.cells[3]!.text).toBe('2026-02-15');
    expect(rows[2]!.cells[3]!.text).toBe('2025-12-01');
    expect(rows[3]!.cells[3]!.text).toBe('2026-2027');
    expect(rows[3]!.cells[4]!.text).toBe('À venir');
    expect(rows[2]!.cells[1]!.text).toBe('Inviter des professionnels dans trois unités d’enseignement');
    expect(rows[3]!.cells[5]!.paragraphs).toEqual([
      'Carnet disponible',
      'Utilisation par les étudiants',
      'Avis des maîtres de stage',
    ]);
    expect(rows[2]!.cells[4]).toMatchObject({ text: 'Réalisé', fill: '#a8d5a2' });
  });
});

describe('readXlsx on large files (streaming reader)', () => {
  it('gives the same rows and cell texts as the whole-workbook reader, merges aside', async () => {
    const bytes = read(new URL('002_b31f838c1917508f_actions.xlsx', fixtures));
    const texts = (doc: RawDocument): string[][][] =>
      tablesOf(doc).map((table) => table.rows.map((row) => row.cells.map((cell) => cell.text)));
    const streamed = await readXlsx(bytes, { streamAboveCells: 0 });
    expect(texts(streamed)).toEqual(texts(await readXlsx(bytes)));
    expect(tablesOf(streamed)[0]!.sheet).toBe("Plan d'action");
    expect(tablesOf(streamed)[0]!.rows[0]!.cells[0]!.fill).toBe('#d9d9d9');
  });
});

describe('readXlsx refuses bad input', () => {
  it('a text file, naming it', async () => {
    const error = await readXlsx(new TextEncoder().encode('a;b;c'), { file: 'plan.xlsx' }).catch(
      (caught: unknown) => caught,
    );
    expect(error).toBeInstanceOf(JalonError);
    expect((error as JalonError).message).toMatch(/plan\.xlsx is not an Excel \.xlsx file/);
  });

  it('a workbook that would expand beyond the limit', async () => {
    const error = await readXlsx(read(new URL('002_b31f838c1917508f_actions.xlsx', fixtures)), {
      file: 'bomb.xlsx',
      maxExpandedBytes: 4096,
    }).catch((caught: unknown) => caught);
    expect((error as JalonError).code).toBe('FILE_TOO_LARGE');
    expect((error as JalonError).message).toMatch(/bomb\.xlsx .*expand/);
  });
});
