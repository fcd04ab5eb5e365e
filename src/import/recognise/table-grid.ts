import type { RawCell, RawTable } from '../raw-document.ts';

/** One position of a table's column grid, after horizontal and vertical merges are laid out. */
export interface GridCell {
  text: string;
  /** Non-empty paragraphs or lines of the cell, HTML fragments split and tags removed. */
  paragraphs: string[];
  fill: string | null;
  highlight: string | null;
  bold: boolean;
  /** The text was underlined or bold markup in a text form (<u>, <b>): a heading inside a table. */
  marked: boolean;
  /** Continues a vertical merge from the row above. */
  mergedFromAbove: boolean;
  /** Covered by a horizontal merge that starts further left. */
  spanned: boolean;
  colSpan: number;
}

export interface GridRow {
  sourceRow: number;
  repeatedHeader: boolean;
  cells: GridCell[];
}

const entities: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ' };

function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (whole, name: string) => {
    if (name.startsWith('#x') || name.startsWith('#X'))
      return String.fromCodePoint(parseInt(name.slice(2), 16));
    if (name.startsWith('#')) return String.fromCodePoint(Number(name.slice(1)));
    return entities[name.toLowerCase()] ?? whole;
  });
}

/**
 * Splits a cell's paragraphs on HTML paragraph and line-break fragments left by copy-paste
 * ("<p>a</p> <p>b</p>"), removes other tags and collapses white space inside each paragraph.
 */
export function normaliseParagraphs(paragraphs: readonly string[]): {
  paragraphs: string[];
  marked: boolean;
} {
  const out: string[] = [];
  let marked = false;
  for (const paragraph of paragraphs) {
    if (/<\s*(u|b|strong)\s*>/i.test(paragraph)) marked = true;
    const pieces = paragraph.split(/<\s*\/?\s*p\b[^>]*>|<\s*br\s*\/?\s*>|<\s*\/?\s*li\b[^>]*>/i);
    for (const piece of pieces) {
      const clean = decodeEntities(piece.replace(/<\/?[a-z][^>]*>/gi, ''))
        .replace(/[\s\u00a0]+/g, ' ')
        .trim();
      if (clean) out.push(clean);
    }
  }
  return { paragraphs: out, marked };
}

/** Paragraphs that normalising would leave as they are: no markup, entity or white space to collapse, none empty. */
function isClean(paragraphs: readonly string[]): boolean {
  return paragraphs.every((p) => p !== '' && !/[<&]|[^\S ]|^ | $| {2}/.test(p));
}

function toGridCell(cell: RawCell): GridCell {
  const source = cell.paragraphs.length > 0 ? cell.paragraphs : cell.text.split('\n');
  // Most cells of a large sheet are plain text: the grid shares their strings and lists.
  const { paragraphs, marked } =
    cell.paragraphs.length > 0 && isClean(source)
      ? { paragraphs: source, marked: false }
      : normaliseParagraphs(source);
  return {
    text: paragraphs.length === 1 ? paragraphs[0]! : paragraphs.join('\n'),
    paragraphs,
    fill: normaliseColour(cell.fill),
    highlight: normaliseColour(cell.highlight),
    bold: cell.bold ?? false,
    marked,
    mergedFromAbove: cell.mergedFromAbove ?? false,
    spanned: false,
    colSpan: Math.max(1, cell.colSpan || 1),
  };
}

function emptyCell(mergedFromAbove: boolean, spanned: boolean, from?: GridCell): GridCell {
  return {
    text: '',
    paragraphs: [],
    fill: from?.fill ?? null,
    highlight: null,
    bold: false,
    marked: false,
    mergedFromAbove,
    spanned,
    colSpan: 1,
  };
}

function normaliseColour(colour: string | null | undefined): string | null {
  if (!colour) return null;
  const hex = colour.trim().replace(/^#/, '').toLowerCase();
  if (!/^[0-9a-f]{6}$/.test(hex) || hex === 'auto') return null;
  return `#${hex}`;
}

/**
 * Lays a table's cells on a uniform grid: a cell spanning n columns fills n positions (the
 * extra ones marked `spanned`, with the same shading); where a reader omitted the cells covered
 * by a vertical merge (HTML semantics), the covered positions are filled as `mergedFromAbove`.
 */
export function buildGrid(table: RawTable): GridRow[] {
  const widths = table.rows.map((row) =>
    row.cells.reduce((sum, cell) => sum + Math.max(1, cell.colSpan || 1), 0),
  );
  // Not Math.max(0, ...widths): beyond about 120,000 rows the arguments overflow the stack.
  const width = widths.reduce((a, b) => Math.max(a, b), 0);
  const pendingRowSpans: number[] = Array.from({ length: width }, () => 0);
  const rows: GridRow[] = [];
  table.rows.forEach((row, rowIndex) => {
    const cells: GridCell[] = [];
    const omitsCovered = (widths[rowIndex] ?? 0) < width;
    let col = 0;
    const pushCovered = () => {
      if (!omitsCovered) return;
      while (col < width && (pendingRowSpans[col] ?? 0) > 0) {
        cells.push(emptyCell(true, false));
        pendingRowSpans[col]! -= 1;
        col += 1;
      }
    };
    for (const raw of row.cells) {
      pushCovered();
      const cell = toGridCell(raw);
      cells.push(cell);
      for (let i = 1; i < cell.colSpan; i++) cells.push(emptyCell(cell.mergedFromAbove, true, cell));
      for (let i = 0; i < cell.colSpan && col + i < width; i++) {
        if (!omitsCovered || (pendingRowSpans[col + i] ?? 0) === 0) {
          pendingRowSpans[col + i] = Math.max(0, (raw.rowSpan || 1) - 1);
        }
      }
      col += cell.colSpan;
    }
    pushCovered();
    while (cells.length < width) cells.push(emptyCell(false, false));
    if (!omitsCovered) {
      // Readers that give placeholders for covered cells keep the counters only for HTML-style rows.
      for (let i = 0; i < width; i++)
        if (cells[i]?.mergedFromAbove) pendingRowSpans[i] = Math.max(0, (pendingRowSpans[i] ?? 0) - 1);
    }
    rows.push({ sourceRow: row.sourceRow, repeatedHeader: row.repeatedHeader ?? false, cells });
  });
  inheritMergedText(rows);
  return rows;
}

/**
 * A cell covered by a vertical merge says what the merged cell says: a responsible or a
 * recommendation written once for several actions applies to each of them. The cell keeps
 * its `mergedFromAbove` flag, so a merged objective title still reads as a continuation.
 */
function inheritMergedText(rows: GridRow[]): void {
  const origin: Array<GridCell | undefined> = [];
  for (const row of rows) {
    row.cells.forEach((cell, col) => {
      if (!cell.mergedFromAbove) {
        origin[col] = cell;
        return;
      }
      const from = origin[col];
      if (from && !cell.spanned && !cell.text) {
        cell.text = from.text;
        cell.paragraphs = from.paragraphs;
      }
    });
  }
}

/** The non-empty cells of a row, with their grid column. */
export function filledCells(row: GridRow): Array<{ col: number; cell: GridCell }> {
  const out: Array<{ col: number; cell: GridCell }> = [];
  row.cells.forEach((cell, col) => {
    if (cell.text.trim() !== '') out.push({ col, cell });
  });
  return out;
}
