import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { JalonError } from '../core/errors.ts';
import { readDocx } from './docx-reader.ts';
import { readPdf } from './pdf-reader.ts';
import type { RawCell, RawDocument, RawTable } from './raw-document.ts';
import { pathToFileURL } from 'node:url';
import { fixturesDir } from '../../test/support/shared-files.ts';

const fixtures = pathToFileURL(`${fixturesDir}/`);
const own = new URL('../../test/fixtures/import/', import.meta.url);
const read = (url: URL): Uint8Array => new Uint8Array(readFileSync(url));
const tablesOf = (doc: RawDocument): RawTable[] =>
  doc.blocks.filter((block): block is RawTable => block.kind === 'table');
const cellsOf = (doc: RawDocument): RawCell[] =>
  tablesOf(doc).flatMap((table) => table.rows.flatMap((row) => row.cells));
const paragraphsOf = (doc: RawDocument): string[] =>
  doc.blocks.flatMap((block) => (block.kind === 'paragraph' ? [block.text] : []));

describe('readPdf on seed 000 (23 pages, bordered tables)', async () => {
  const doc = await readPdf(read(new URL('000_408056d1a7750f6e.pdf', fixtures)), { file: '000.pdf' });
  const cells = cellsOf(doc);

  it('re-joins cells wrapped over several lines, cut words and hyphens included', () => {
    const texts = cells.map((cell) => cell.text);
    expect(texts).toContain('Critère 3, Recommandation 6');
    expect(texts).toContain('DAE – Directions Aux Enseignements');
    expect(
      texts.some((text) =>
        text.startsWith('LLN : Organisation de tests formatifs pour tous les cours de B1 durant la semaine'),
      ),
    ).toBe(true);
    // "étudiant-" at a line end followed by "e-s" is one word again.
    expect(texts.some((text) => text.includes('étudiant-e-s'))).toBe(true);
    expect(texts.some((text) => /étudiant- e-s/.test(text))).toBe(false);
  });

  it('finds the tables with their columns, like the DOCX of the same plan', async () => {
    const docx = await readDocx(read(new URL('000_408056d1a7750f6e.docx', fixtures)));
    const header = (document: RawDocument): string[] =>
      tablesOf(document)
        .flatMap((table) => table.rows)
        .find((row) => row.cells.some((cell) => cell.text === 'Actions locales'))!
        .cells.map((cell) => cell.text);
    expect(header(doc)).toEqual(header(docx));
    const width = (table: RawTable): number =>
      Math.max(...table.rows.map((row) => row.cells.reduce((sum, cell) => sum + cell.colSpan, 0)));
    expect(tablesOf(doc).filter((table) => width(table) === 9).length).toBeGreaterThanOrEqual(17);
  });

  it('reads the timeline colours from the shaded boxes', () => {
    const fills = new Set(cells.map((cell) => cell.fill));
    for (const colour of ['#1e7b34', '#a8d5a2', '#fff2cc']) expect(fills).toContain(colour);
  });

  it('keeps headings and prose, with page numbers', () => {
    expect(doc.blocks).toContainEqual(
      expect.objectContaining({ kind: 'paragraph', text: '1.1. Préambule', page: 2 }),
    );
    expect(paragraphsOf(doc).some((text) => text.startsWith("Le plan d'action présenté ci-dessous"))).toBe(
      true,
    );
  });
});

describe('readPdf on seed 002 (footnotes)', async () => {
  const doc = await readPdf(read(new URL('002_b31f838c1917508f.pdf', fixtures)));

  it('writes footnote marks as superscript digits and keeps each footnote line whole', () => {
    const texts = paragraphsOf(doc);
    expect(texts.some((text) => text.includes('CPEONS¹.'))).toBe(true);
    expect(texts).toContain(
      "¹ Conseil des Pouvoirs organisateurs de l'Enseignement Officiel Neutre Subventionné",
    );
  });
});

describe('readPdf on a borderless table (seed 002 table of contents)', async () => {
  const doc = await readPdf(read(new URL('002_b31f838c1917508f.pdf', fixtures)));

  it('rebuilds its rows and columns from the text positions alone', () => {
    const contents = tablesOf(doc)[0]!;
    expect(contents.page).toBe(2);
    expect(contents.rows).toHaveLength(10);
    expect(contents.rows.every((row) => /^\d+$/.test(row.cells.at(-1)!.text))).toBe(true);
    expect(
      contents.rows.some((row) =>
        row.cells.some((cell) => cell.text.startsWith('1 Définir et assumer une identité')),
      ),
    ).toBe(true);
  });
});

describe('readPdf on an English plan of our own (three pages, running header, table over two pages)', async () => {
  const doc = await readPdf(read(new URL('own-english-plan.pdf', own)));
  const docx = await readDocx(read(new URL('own-english-plan.docx', own)));

  it('drops the running header and the page numbers', () => {
    const everything = [...paragraphsOf(doc), ...cellsOf(doc).map((cell) => cell.text)].join('\n');
    expect(everything).not.toContain('Northfield College - Quality Action Plan');
    expect(everything).not.toMatch(/Page \d of \d/);
  });

  it('keeps the table continued over the page break as one table, its repeated header once', () => {
    const tables = tablesOf(doc);
    expect(tables).toHaveLength(1);
    const texts = (table: RawTable): string[][] =>
      table.rows.map((row) => row.cells.map((cell) => cell.text));
    expect(texts(tables[0]!)).toEqual(texts(tablesOf(docx)[0]!));
  });

  it('keeps the footnote placed at the foot of the page after the table', () => {
    expect(paragraphsOf(doc)).toContain('Status values: Not started; In progress; Done; Postponed; Dropped.');
  });
});

describe('readPdf refuses bad input', () => {
  it('a password-protected PDF', async () => {
    const error = await readPdf(read(new URL('own-encrypted.pdf', own)), { file: 'locked.pdf' }).catch(
      (caught: unknown) => caught,
    );
    expect(error).toBeInstanceOf(JalonError);
    expect((error as JalonError).code).toBe('FILE_PASSWORD_PROTECTED');
    expect((error as JalonError).message).toMatch(/locked\.pdf is a password-protected PDF/);
  });

  it('a file that is not a PDF, and a truncated one', async () => {
    const notPdf = await readPdf(new TextEncoder().encode('plain text'), { file: 'x.pdf' }).catch(
      (caught: unknown) => caught,
    );
    expect((notPdf as JalonError).code).toBe('FILE_UNREADABLE');
    const bytes = read(new URL('own-english-plan.pdf', own));
    const truncated = await readPdf(bytes.subarray(0, 2000), { file: 'cut.pdf' }).then(
      (document) => document,
      (caught: unknown) => caught,
    );
    // Either an error naming the file or whatever text survived: never a crash of another kind.
    if (truncated instanceof Error) expect((truncated as JalonError).message).toMatch(/cut\.pdf/);
    else expect(truncated).toMatchObject({ format: 'pdf' });
  });
});
