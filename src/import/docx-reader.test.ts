import { readFileSync } from 'node:fs';
import JSZip from 'jszip';
import { describe, expect, it } from 'vitest';
import { JalonError } from '../core/errors.ts';
import { readDocx } from './docx-reader.ts';
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

async function expectError(promise: Promise<unknown>, code: string, message: RegExp): Promise<void> {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(JalonError);
  expect((error as JalonError).code).toBe(code);
  expect((error as JalonError).message).toMatch(message);
}

describe('readDocx on seed 000 (26 tables, merges, timeline colours)', async () => {
  const doc = await readDocx(read(new URL('000_408056d1a7750f6e.docx', fixtures)), { file: '000.docx' });
  const tables = tablesOf(doc);
  const cells = cellsOf(doc);

  it('finds the 26 tables in document order, numbered from 1', () => {
    expect(tables).toHaveLength(26);
    expect(tables.map((table) => table.index)).toEqual(
      Array.from({ length: 26 }, (_, position) => position + 1),
    );
  });

  it('turns the 97 vertical and 54 horizontal merges into rowSpan / colSpan', () => {
    expect(cells.filter((cell) => cell.rowSpan > 1)).toHaveLength(97);
    expect(cells.filter((cell) => cell.colSpan > 1)).toHaveLength(54);
    // Every continued cell is empty and marked, and the spans add up.
    const continued = cells.filter((cell) => cell.mergedFromAbove);
    expect(continued.every((cell) => cell.text === '')).toBe(true);
    const spanned = cells.filter((cell) => cell.rowSpan > 1).reduce((sum, cell) => sum + cell.rowSpan - 1, 0);
    expect(continued).toHaveLength(spanned);
  });

  it('reads the synthesis timeline colours as cell fills', () => {
    const fills = new Set(cells.map((cell) => cell.fill));
    for (const colour of ['#1e7b34', '#a8d5a2', '#fff2cc']) expect(fills).toContain(colour);
    const timeline = tables[0]!;
    expect(timeline.rows[1]!.cells.map((cell) => cell.text)).toEqual([
      '',
      '2023-2024',
      '2024-2025',
      '2025-2026',
      '2027-2028',
      '2028-2029',
    ]);
    expect(timeline.rows[1]!.cells.slice(1).every((cell) => cell.colSpan === 2)).toBe(true);
    expect(timeline.rows.some((row) => row.cells.filter((cell) => cell.fill === '#1e7b34').length >= 2)).toBe(
      true,
    );
  });

  it('flags the header rows Word repeats on each page', () => {
    const repeated = tables.flatMap((table) => table.rows.filter((row) => row.repeatedHeader));
    expect(repeated).toHaveLength(5);
    expect(repeated.some((row) => row.cells.some((cell) => cell.text === 'Actions locales'))).toBe(true);
  });

  it('keeps headings with their level and body paragraphs in order', () => {
    const headings = doc.blocks.filter(
      (block) => block.kind === 'paragraph' && block.headingLevel !== undefined,
    );
    expect(
      headings
        .slice(0, 3)
        .map((block) => (block.kind === 'paragraph' ? [block.headingLevel, block.text] : [])),
    ).toEqual([
      [1, '1. Introduction'],
      [2, '1.1. Préambule'],
      [2, '1.2. Méthodologie'],
    ]);
    const first = doc.blocks[0];
    expect(first).toMatchObject({ kind: 'paragraph', text: 'CLUSTER SCIENCES SOCIALES', bold: true });
  });

  it('gives one paragraph per paragraph of a cell and keeps campus lines apart', () => {
    const withPrefix = cells.filter((cell) =>
      cell.paragraphs.some((paragraph) => paragraph.startsWith('LLN :')),
    );
    expect(withPrefix.length).toBeGreaterThan(10);
    for (const cell of cells) expect(cell.text).toBe(cell.paragraphs.filter(Boolean).join('\n'));
  });
});

describe('readDocx on seed 002 (footnotes, one site)', async () => {
  const doc = await readDocx(read(new URL('002_b31f838c1917508f.docx', fixtures)));

  it('reads the two footnotes by their visible number and marks them in the text as ¹ ²', () => {
    expect(doc.footnotes).toEqual({
      '1': "Conseil des Pouvoirs organisateurs de l'Enseignement Officiel Neutre Subventionné",
      '2': 'http://ecampus.hainaut-promsoc.be',
    });
    const texts = doc.blocks.map((block) => (block.kind === 'paragraph' ? block.text : ''));
    expect(texts.some((text) => text.includes('CPEONS¹.'))).toBe(true);
    expect(texts.some((text) => text.includes('E-Campus².'))).toBe(true);
  });

  it('reads the plan tables with their full-width axis rows', () => {
    const tables = tablesOf(doc);
    expect(tables).toHaveLength(5);
    expect(tables[1]!.rows[0]!.cells[0]).toMatchObject({
      text: 'Axe 1 : Définir et assumer une identité singulière',
      colSpan: 6,
    });
  });
});

describe('readDocx on an English plan of our own', async () => {
  const doc = await readDocx(read(new URL('own-english-plan.docx', own)));

  it('reads run highlight as the cell highlight colour and merged objective cells', () => {
    const table = tablesOf(doc)[0]!;
    const newLabels = table.rows.flatMap((row) => row.cells).filter((cell) => cell.text.endsWith('NEW'));
    expect(newLabels).toHaveLength(2);
    expect(newLabels.every((cell) => cell.highlight === '#ffff00')).toBe(true);
    const objective = table.rows[2]!.cells[0]!;
    expect(objective).toMatchObject({ text: 'Strengthen clinical skills teaching', rowSpan: 3, bold: true });
    expect(table.rows[0]!.repeatedHeader).toBe(true);
  });

  it('reads the title style as a top heading and the footnote', () => {
    expect(doc.blocks[0]).toMatchObject({
      kind: 'paragraph',
      text: 'Quality Action Plan 2025-2028',
      headingLevel: 1,
    });
    expect(doc.footnotes).toEqual({
      '1': 'Status values: Not started; In progress; Done; Postponed; Dropped.',
    });
  });
});

describe('readDocx on hand-written WordprocessingML', () => {
  const wordDocument = (body: string): Promise<Uint8Array> => {
    const zip = new JSZip();
    zip.file(
      'word/document.xml',
      `<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>${body}</w:body></w:document>`,
    );
    return zip.generateAsync({ type: 'uint8array', compression: 'DEFLATE' });
  };
  const cell = (content: string, properties = ''): string =>
    `<w:tc><w:tcPr>${properties}</w:tcPr>${content}</w:tc>`;
  const paragraph = (text: string): string => `<w:p><w:r><w:t xml:space="preserve">${text}</w:t></w:r></w:p>`;

  it('flattens a table nested in a cell into that cell, row by row', async () => {
    const nested = `<w:tbl><w:tr>${cell(paragraph('a1'))}${cell(paragraph('b1'))}</w:tr><w:tr>${cell(paragraph('a2'))}${cell(paragraph('b2'))}</w:tr></w:tbl>`;
    const doc = await readDocx(
      await wordDocument(
        `<w:tbl><w:tr>${cell(paragraph('Objectif'))}${cell(paragraph('Avant') + nested)}</w:tr></w:tbl>`,
      ),
    );
    const [table] = tablesOf(doc);
    expect(table!.rows).toHaveLength(1);
    expect(table!.rows[0]!.cells[1]!.paragraphs).toEqual(['Avant', 'a1', 'b1', 'a2', 'b2']);
  });

  it('keeps inserted text, drops deleted text, and reads legacy horizontal merges and skipped grid columns', async () => {
    const row1 = `<w:tr><w:trPr><w:gridBefore w:val="1"/></w:trPr>${cell('<w:p><w:ins><w:r><w:t>new</w:t></w:r></w:ins><w:del><w:r><w:delText>old</w:delText></w:r></w:del></w:p>')}${cell(paragraph('x'))}</w:tr>`;
    const row2 = `<w:tr>${cell(paragraph('wide'), '<w:hMerge w:val="restart"/>')}${cell(paragraph(''), '<w:hMerge/>')}${cell(paragraph('y'))}</w:tr>`;
    const doc = await readDocx(await wordDocument(`<w:tbl>${row1}${row2}</w:tbl>`));
    const [table] = tablesOf(doc);
    expect(table!.rows[0]!.cells.map((c) => [c.text, c.colSpan])).toEqual([
      ['', 1],
      ['new', 1],
      ['x', 1],
    ]);
    expect(table!.rows[1]!.cells.map((c) => [c.text, c.colSpan])).toEqual([
      ['wide', 2],
      ['y', 1],
    ]);
  });

  it('decodes character references but never expands unknown entities', async () => {
    const doc = await readDocx(await wordDocument(paragraph('A &amp; B &#233;t&#xE9; &unknown;')));
    expect(doc.blocks[0]).toMatchObject({ kind: 'paragraph', text: 'A & B été &unknown;' });
  });
});

describe('readDocx refuses bad input with a clear error', () => {
  it('a file that is not a zip', async () => {
    await expectError(
      readDocx(new TextEncoder().encode('hello, not a word file'), { file: 'notes.docx' }),
      'FILE_UNREADABLE',
      /notes\.docx is not a Word \.docx file/,
    );
  });

  it('a zip without word/document.xml', async () => {
    const zip = new JSZip();
    zip.file('hello.txt', 'hi');
    const bytes = await zip.generateAsync({ type: 'uint8array', compression: 'DEFLATE' });
    await expectError(
      readDocx(bytes, { file: 'other.docx' }),
      'FILE_UNREADABLE',
      /other\.docx .*not a Word document/,
    );
  });

  it('an encrypted Office file (compound file with an EncryptionInfo stream) or a legacy .doc', async () => {
    const header = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1];
    const encrypted = new Uint8Array([
      ...header,
      ...new Uint8Array(504),
      ...Buffer.from('EncryptionInfo', 'utf16le'),
    ]);
    await expectError(
      readDocx(encrypted, { file: 'secret.docx' }),
      'FILE_PASSWORD_PROTECTED',
      /secret\.docx is password-protected/,
    );
    const legacy = new Uint8Array([...header, ...new Uint8Array(1024)]);
    await expectError(
      readDocx(legacy, { file: 'old.doc' }),
      'FILE_PASSWORD_PROTECTED',
      /old\.doc is password-protected or a legacy Word 97-2003 \.doc/,
    );
  });

  it('a document.xml with a DOCTYPE (entity expansion, external entities)', async () => {
    const zip = new JSZip();
    zip.file(
      'word/document.xml',
      '<?xml version="1.0"?><!DOCTYPE lol [<!ENTITY x SYSTEM "file:///etc/passwd">]><w:document><w:body><w:p><w:r><w:t>&x;</w:t></w:r></w:p></w:body></w:document>',
    );
    const bytes = await zip.generateAsync({ type: 'uint8array', compression: 'DEFLATE' });
    await expectError(readDocx(bytes, { file: 'xxe.docx' }), 'FILE_UNREADABLE', /xxe\.docx.*DOCTYPE/);
  });

  it('a zip that expands beyond the limit (zip bomb)', async () => {
    const bytes = read(new URL('000_408056d1a7750f6e.docx', fixtures));
    await expectError(
      readDocx(bytes, { file: 'big.docx', maxExpandedBytes: 200_000 }),
      'FILE_TOO_LARGE',
      /big\.docx would expand to more than/,
    );
  });
});
