import { describe, expect, it } from 'vitest';
import type { RawTable } from './raw-document.ts';
import { readCsv, readText } from './text-reader.ts';

const cells = (table: RawTable) => table.rows.map((row) => row.cells.map((cell) => cell.text));

describe('readCsv', () => {
  it('reads quoted fields with separators, doubled quotes and line breaks, after a byte-order mark', () => {
    const doc = readCsv('\uFEFFAction;Statut\n"Réviser; publier";"En ""cours"""\n"Ligne 1\nLigne 2";Fait\n');
    const table = doc.blocks[0] as RawTable;
    expect(cells(table)).toEqual([
      ['Action', 'Statut'],
      ['Réviser; publier', 'En "cours"'],
      ['Ligne 1\nLigne 2', 'Fait'],
    ]);
    expect(table.rows[2]!.cells[0]!.paragraphs).toEqual(['Ligne 1', 'Ligne 2']);
    expect(table.rows.map((r) => r.sourceRow)).toEqual([1, 2, 3]);
  });

  it('detects a comma separator and skips blank lines', () => {
    const table = readCsv('Action,Owner\r\n\r\nDo it,"Ann, Bob"\r\n').blocks[0] as RawTable;
    expect(cells(table)).toEqual([
      ['Action', 'Owner'],
      ['Do it', 'Ann, Bob'],
    ]);
  });
});

describe('readText', () => {
  it('turns runs of TAB lines into tables and the rest into paragraphs, headings, list items and footnotes', () => {
    const doc = readText(
      [
        '# Titre',
        '',
        '- **point** un',
        'Texte avec note<sup>1</sup>',
        '',
        'Action\tStatut',
        'A\tEn cours',
        '',
        'B\tFait',
        '¹ Etat : Réalisé; En cours',
        '<sup>2</sup> [site](http://example.org)',
      ].join('\n'),
    );
    expect(doc.blocks.map((b) => (b.kind === 'table' ? `table ${b.index}` : b.text))).toEqual([
      'Titre',
      'point un',
      'Texte avec note¹',
      'table 1',
      'table 2',
    ]);
    expect(doc.blocks[0]).toMatchObject({ headingLevel: 1 });
    expect(doc.blocks[1]).toMatchObject({ listLevel: 0 });
    expect(doc.footnotes).toEqual({ '1': 'Etat : Réalisé; En cours', '2': 'site (http://example.org)' });
  });

  it('reads Markdown pipe tables, with escaped pipes and <br> line breaks', () => {
    const doc = readText('| Action | Responsable |\n|---|:--:|\n| A \\| B | X<br>Y |\n', { format: 'md' });
    expect(cells(doc.blocks[0] as RawTable)).toEqual([
      ['Action', 'Responsable'],
      ['A | B', 'X\nY'],
    ]);
  });
});
