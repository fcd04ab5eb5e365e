import { describe, expect, it } from 'vitest';
import { textCell, type RawTable } from '../raw-document.ts';
import { buildGrid } from './table-grid.ts';

describe('buildGrid', () => {
  it('lays out horizontal merges and the cells a reader omitted under a vertical merge', () => {
    const table: RawTable = {
      kind: 'table',
      index: 1,
      rows: [
        {
          sourceRow: 1,
          cells: [{ ...textCell('Objectif A'), rowSpan: 2 }, textCell('Action 1'), textCell('En cours')],
        },
        // HTML-style: the cell covered by the merge is not repeated.
        { sourceRow: 2, cells: [textCell('Action 2'), textCell('Réalisé')] },
        { sourceRow: 3, cells: [{ ...textCell('Axe 2'), colSpan: 3 }] },
      ],
    };
    const grid = buildGrid(table);
    expect(grid.map((row) => row.cells.map((c) => c.text))).toEqual([
      ['Objectif A', 'Action 1', 'En cours'],
      ['Objectif A', 'Action 2', 'Réalisé'],
      ['Axe 2', '', ''],
    ]);
    expect(grid[1]!.cells[0]!.mergedFromAbove).toBe(true);
    expect(grid[2]!.cells[1]!.spanned).toBe(true);
  });

  it('splits <p> fragments of a pasted cell into paragraphs and marks underlined titles', () => {
    const grid = buildGrid({
      kind: 'table',
      index: 1,
      rows: [
        {
          sourceRow: 1,
          cells: [textCell('<p>LLN : a</p> <p>+ b &amp; c</p>'), textCell('<u>2.1. Titre</u>')],
        },
      ],
    });
    expect(grid[0]!.cells[0]!.paragraphs).toEqual(['LLN : a', '+ b & c']);
    expect(grid[0]!.cells[1]).toMatchObject({ text: '2.1. Titre', marked: true });
  });
});
