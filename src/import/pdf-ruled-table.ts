import type { RawCell, RawRow, RawTable } from './raw-document.ts';
import type { FilledBox, Rule } from './pdf-ruling.ts';

/**
 * Builds a table from its drawn borders ("lattice"): vertical rules give the columns,
 * horizontal rules the rows; a cell is the text between rules, a missing inner rule is a
 * merge. Used when a table region has borders; pdf-table-layout.ts falls back to text
 * spacing for borderless tables. All y values are on the continuous scroll of pages.
 */
export interface PositionedLine {
  page: number;
  y: number;
  size: number;
  fragments: { x: number; right: number; text: string; scrollY?: number }[];
}

export interface RuledTableInput {
  lines: PositionedLine[];
  rules: Rule[];
  boxes: FilledBox[];
  index: number;
  joinLines: (
    lines: { text: string; right: number; y?: number; x?: number }[],
    options: { rightEdge?: number; size?: number; paragraphGap?: number },
  ) => string[];
}

function cluster(values: number[], tolerance: number): number[] {
  const sorted = [...values].sort((a, b) => a - b);
  const groups: number[][] = [];
  for (const value of sorted) {
    const group = groups[groups.length - 1];
    if (group && value - group[group.length - 1]! <= tolerance) group.push(value);
    else groups.push([value]);
  }
  return groups.map((group) => group.reduce((sum, value) => sum + value, 0) / group.length);
}

/** The rules that frame the region's text, or undefined when it has too few to be a grid. */
export function selectRegionRules(
  lines: PositionedLine[],
  rules: Rule[],
): { horizontal: Rule[]; vertical: Rule[] } | undefined {
  if (lines.length === 0) return undefined;
  const size = lines[0]!.size;
  const top = Math.min(...lines.map((line) => line.y)) - 2.5 * size;
  const bottom = Math.max(...lines.map((line) => line.y)) + 1.5 * size;
  const left = Math.min(...lines.flatMap((line) => line.fragments.map((fragment) => fragment.x))) - 12;
  const right = Math.max(...lines.flatMap((line) => line.fragments.map((fragment) => fragment.right))) + 12;
  const horizontal = rules.filter(
    (rule) =>
      rule.orientation === 'horizontal' &&
      rule.at >= top &&
      rule.at <= bottom &&
      rule.to > left &&
      rule.from < right,
  );
  const vertical = rules.filter(
    (rule) =>
      rule.orientation === 'vertical' &&
      rule.to > top &&
      rule.from < bottom &&
      rule.at >= left &&
      rule.at <= right,
  );
  if (
    cluster(
      horizontal.map((rule) => rule.at),
      1.5,
    ).length < 2 ||
    cluster(
      vertical.map((rule) => rule.at),
      2,
    ).length < 2
  )
    return undefined;
  return { horizontal, vertical };
}

interface Block {
  page: number;
  row: number;
  column: number;
  lines: { text: string; x: number; right: number; y: number }[];
}

/**
 * The first row of a page continues the last row of the previous page when it has the same
 * cells and at least one cell picks up mid-sentence the text of the cell above.
 */
function continuesRow(
  cells: RawCell[],
  columns: number[],
  lastColumns: number[],
  lastOwners: RawCell[],
): boolean {
  if (
    cells.length !== lastColumns.length ||
    cells.some((_, position) => columns[position] !== lastColumns[position])
  )
    return false;
  let midSentence = false;
  for (const [position, cell] of cells.entries()) {
    if (cell.text && lastOwners[position]!.text && /^[\p{Ll}\d(]/u.test(cell.text)) midSentence = true;
  }
  if (midSentence) return true;
  // Only the end of a sentence left for the new page ("… pour l'évaluation du" / "TFE"): one cell
  // filled, below a cell ending on a comma or a short linking word.
  const filled = cells.filter((cell) => cell.text && !cell.mergedFromAbove);
  if (filled.length !== 1) return false;
  const above = lastOwners[cells.indexOf(filled[0]!)]!.text.trim();
  return /(?:,|\s(?:\p{Ll}{1,3}|pour|avec|dans|sans|vers|chez|entre|sur|sous|with|from|into|for|and|the|of|to))$/u.test(
    above,
  );
}

/**
 * A cell merged over several rows prints its text centred (Word's and LibreOffice's default for
 * merged cells): the text sits in a middle row of the merge. It belongs to the merge's first row,
 * where a merged cell starts: moved up while the line above it is open in its column (ruled in
 * other columns only) and the row above has nothing in that column, on the same page.
 */
function liftCentredMergedText(
  slots: Map<string, Block>,
  rowCount: number,
  openAbove: (row: number, column: number) => boolean,
): void {
  const pageOf = new Map<number, number>();
  for (const block of slots.values()) if (!pageOf.has(block.row)) pageOf.set(block.row, block.page);
  const moves = [...slots.values()].sort((a, b) => a.row - b.row);
  for (const block of moves) {
    let top = block.row;
    while (
      top > 0 &&
      top < rowCount &&
      openAbove(top, block.column) &&
      !slots.has(`${top - 1}:${block.column}`) &&
      (pageOf.get(top - 1) ?? block.page) === block.page
    )
      top -= 1;
    if (top === block.row) continue;
    slots.delete(`${block.row}:${block.column}`);
    block.row = top;
    slots.set(`${top}:${block.column}`, block);
  }
}

/** Where a cell's text sits: its first and last lines and the right edge it wraps at. */
interface CellGeometry {
  first: { text: string; x: number; right: number };
  last: { text: string; x: number; right: number };
  rightEdge: number;
}

/**
 * True when the first word of `next` would not have fitted at the end of `previous`: the
 * line was wrapped there, it is not the end of a paragraph.
 */
function wrapsOnto(previous: CellGeometry, next: CellGeometry, size: number): boolean {
  const text = next.first.text.trim();
  const word = text.split(/\s+/)[0] ?? '';
  const charWidth = (next.first.right - next.first.x) / Math.max(1, text.length);
  return previous.last.right + 0.3 * size + word.length * charWidth > previous.rightEdge;
}

/**
 * Adds a cell's continuation (the part of a row printed on the next page). Its first line
 * goes on the owner's last paragraph when it continues it: a word cut at the right edge
 * ("Recommandati" + "on 4"), a first word too long for the space left, a lower-case start,
 * or a paragraph above ending on a comma or a short linking word.
 */
function appendContinuation(
  owner: RawCell,
  paragraphs: string[],
  ownerGeometry: CellGeometry | undefined,
  geometry: CellGeometry | undefined,
  size: number,
): void {
  const merged = owner.paragraphs.filter(Boolean);
  paragraphs.filter(Boolean).forEach((paragraph, position) => {
    const last = merged[merged.length - 1];
    const listItem = /^(?:[•◦▪‣●○■➢►✓✔*]|[-–—](?=\s)|\d{1,2}[).]\s)/.test(paragraph);
    if (position !== 0 || last === undefined || listItem) {
      merged.push(paragraph);
      return;
    }
    const lowerStart = /^[\p{Ll}\d(]/u.test(paragraph);
    const cutWord =
      ownerGeometry !== undefined &&
      lowerStart &&
      !/\s/.test(ownerGeometry.last.text.trim()) &&
      ownerGeometry.last.right >= ownerGeometry.rightEdge - 0.8 * size;
    const wrapped =
      ownerGeometry !== undefined && geometry !== undefined && wrapsOnto(ownerGeometry, geometry, size);
    if (cutWord || /[\p{L}][-‐]$/u.test(last)) merged[merged.length - 1] = last + paragraph;
    else if (wrapped || lowerStart || /(?:,|\s\p{Ll}{1,3})$/u.test(last))
      merged[merged.length - 1] = `${last} ${paragraph}`;
    else merged.push(paragraph);
  });
  owner.paragraphs = merged.length > 0 ? merged : [''];
  owner.text = merged.join('\n');
}

function sameTexts(a: RawCell[], b: RawCell[]): boolean {
  const hasText = a.some((cell) => cell.text.length > 0);
  return hasText && a.length === b.length && a.every((cell, position) => cell.text === b[position]!.text);
}

export function buildRuledTable(
  input: RuledTableInput,
  selected: { horizontal: Rule[]; vertical: Rule[] },
): RawTable {
  const { lines, boxes, index } = input;
  const size = lines[0]?.size ?? 10;
  // Columns from the vertical rules, plus the table's outer edges where no side border is
  // drawn; rows from the horizontal rules. Rules closer than a text line cannot have text
  // between them (double borders): they count once.
  const edges = [
    Math.min(...selected.horizontal.map((rule) => rule.from)),
    Math.max(...selected.horizontal.map((rule) => rule.to)),
  ];
  const boundaries = cluster(
    [...selected.vertical.map((rule) => rule.at), ...edges],
    Math.max(2, 0.4 * size),
  );
  const columnCount = Math.max(1, boundaries.length - 1);
  const rowLines = cluster(
    selected.horizontal.map((rule) => rule.at),
    Math.max(1.5, 0.45 * size),
  );
  const rowCount = Math.max(1, rowLines.length - 1);
  const columnOf = (x: number): number => {
    let column = 0;
    for (let position = 0; position < columnCount; position++)
      if (boundaries[position]! <= x + 1.5) column = position;
    return column;
  };
  const rowOf = (baseline: number): number => {
    let row = 0;
    for (let position = 0; position < rowCount; position++)
      if (rowLines[position]! <= baseline - 0.3 * size) row = position;
    return row;
  };
  const crossesColumn = (rule: Rule, column: number): boolean => {
    const middle = (boundaries[column]! + boundaries[column + 1]!) / 2;
    return rule.from < middle && rule.to > middle;
  };
  /** A horizontal rule across this column between two heights. */
  const ruleBetween = (column: number, above: number, below: number): number | undefined =>
    selected.horizontal.find((rule) => crossesColumn(rule, column) && rule.at > above && rule.at < below)?.at;

  // Cells: a column's lines belong to one cell until a rule crosses the column between them.
  const blocks: Block[] = [];
  const open = new Map<number, Block>();
  for (const line of lines) {
    for (const fragment of line.fragments) {
      // Cells of one visual line may sit a little higher or lower: use the fragment's own baseline.
      const y = fragment.scrollY ?? line.y;
      const column = columnOf(fragment.x);
      const block = open.get(column);
      const last = block?.lines[block.lines.length - 1];
      if (block && last && Math.abs(last.y - y) < 0.3 * size) {
        last.text +=
          fragment.x - last.right < 0.1 * size || /^[.,;:)\]]/.test(fragment.text)
            ? fragment.text
            : ` ${fragment.text}`;
        last.right = Math.max(last.right, fragment.right);
        continue;
      }
      if (
        block &&
        last &&
        ruleBetween(column, last.y + 0.1 * size, y - 0.5 * size) === undefined &&
        y - last.y < 4 * size
      ) {
        block.lines.push({ text: fragment.text, x: fragment.x, right: fragment.right, y });
        continue;
      }
      const fresh: Block = {
        page: line.page,
        row: rowOf(y),
        column,
        lines: [{ text: fragment.text, x: fragment.x, right: fragment.right, y }],
      };
      open.set(column, fresh);
      blocks.push(fresh);
    }
  }
  const slots = new Map<string, Block>();
  for (const block of blocks) {
    const key = `${block.row}:${block.column}`;
    const existing = slots.get(key);
    if (existing) existing.lines.push(...block.lines);
    else slots.set(key, block);
  }
  liftCentredMergedText(slots, rowLines.length - 1, (row, column) => {
    const rules = selected.horizontal.filter((rule) => Math.abs(rule.at - rowLines[row]!) <= 1.5);
    // The line between the two rows is ruled elsewhere but not across this column: a merged cell.
    return rules.length > 0 && !rules.some((rule) => crossesColumn(rule, column));
  });

  // Line pitch inside cells: the most common baseline distance. Paragraph spacing shows as
  // a larger one (Word and LibreOffice add space after a paragraph, not after a wrapped line).
  const pitches = new Map<number, number>();
  for (const block of blocks) {
    for (let position = 1; position < block.lines.length; position++) {
      const pitch = Math.round((block.lines[position]!.y - block.lines[position - 1]!.y) * 2) / 2;
      if (pitch > 0) pitches.set(pitch, (pitches.get(pitch) ?? 0) + 1);
    }
  }
  let commonPitch = 0;
  let commonCount = 0;
  for (const [pitch, count] of pitches) if (count > commonCount) [commonPitch, commonCount] = [pitch, count];
  const paragraphGap = commonPitch > 0 ? commonPitch + Math.max(0.9, 0.1 * commonPitch) : undefined;

  // Rules indexed by the boundary or row line they sit on: span checks stay linear in cells.
  const verticalAt = boundaries.map((x) => selected.vertical.filter((rule) => Math.abs(rule.at - x) <= 2));
  const horizontalAt = rowLines.map((y) =>
    selected.horizontal.filter((rule) => Math.abs(rule.at - y) <= 1.5),
  );
  const hasVerticalRule = (boundary: number, row: number): boolean => {
    const middle = (rowLines[row]! + rowLines[row + 1]!) / 2;
    return verticalAt[boundary]!.some((rule) => rule.from < middle && rule.to > middle);
  };
  const spanOf = (row: number, column: number): { colSpan: number; rowSpan: number } => {
    let colSpan = 1;
    while (
      column + colSpan < columnCount &&
      !hasVerticalRule(column + colSpan, row) &&
      !slots.has(`${row}:${column + colSpan}`)
    )
      colSpan++;
    let rowSpan = 1;
    while (row + rowSpan < rowCount) {
      const crossed = horizontalAt[row + rowSpan]!.some((rule) => crossesColumn(rule, column));
      if (crossed || slots.has(`${row + rowSpan}:${column}`)) break;
      rowSpan++;
    }
    return { colSpan, rowSpan };
  };
  const tableTop = rowLines[0]!;
  const tableBottom = rowLines[rowLines.length - 1]!;
  const regionBoxes = boxes.filter((box) => box.bottom >= tableTop && box.top <= tableBottom);
  const pageOfRow = new Map<number, number>();
  for (const block of blocks) if (!pageOfRow.has(block.row)) pageOfRow.set(block.row, block.page);
  const fillOf = (row: number, column: number, colSpan: number): string | undefined => {
    const x = (boundaries[column]! + boundaries[column + colSpan]!) / 2;
    const y = (rowLines[row]! + rowLines[row + 1]!) / 2;
    let best: FilledBox | undefined;
    for (const box of regionBoxes) {
      if (box.left <= x && box.right >= x && box.top <= y && box.bottom >= y) {
        if (
          !best ||
          (box.right - box.left) * (box.bottom - box.top) <
            (best.right - best.left) * (best.bottom - best.top)
        )
          best = box;
      }
    }
    return best?.colour;
  };

  const table: RawTable = { kind: 'table', index, page: lines[0]?.page ?? 1, rows: [] };
  const covering = new Map<number, { rowsLeft: number; colSpan: number; owner: RawCell }>();
  let previousPage = table.page;
  let pageStartPending = false;
  // For the last row kept: each cell's grid column and the cell that holds its text.
  let lastColumns: number[] = [];
  let lastOwners: RawCell[] = [];
  const geometries = new Map<RawCell, CellGeometry>();
  for (let row = 0; row < rowCount; row++) {
    const cells: RawCell[] = [];
    const columns: number[] = [];
    const owners: RawCell[] = [];
    let hasText = false;
    let column = 0;
    while (column < columnCount) {
      const cover = covering.get(column);
      if (cover && cover.rowsLeft > 0) {
        cover.rowsLeft -= 1;
        cells.push({ text: '', paragraphs: [''], colSpan: cover.colSpan, rowSpan: 1, mergedFromAbove: true });
        columns.push(column);
        owners.push(cover.owner);
        column += cover.colSpan;
        continue;
      }
      const block = slots.get(`${row}:${column}`);
      const { colSpan, rowSpan } = spanOf(row, column);
      // The cell's right border less a little padding: where a cut word would end.
      const paragraphs = block
        ? input.joinLines(block.lines, { rightEdge: boundaries[column + 1]! - 2, size, paragraphGap })
        : [];
      const cell: RawCell = {
        text: paragraphs.join('\n'),
        paragraphs: paragraphs.length > 0 ? paragraphs : [''],
        colSpan,
        rowSpan,
      };
      if (block) {
        const first = block.lines[0]!;
        const last = block.lines[block.lines.length - 1]!;
        geometries.set(cell, { first, last, rightEdge: boundaries[column + 1]! - 2 });
      }
      const fill = fillOf(row, column, colSpan);
      if (fill) cell.fill = fill;
      if (cell.text) hasText = true;
      if (rowSpan > 1) covering.set(column, { rowsLeft: rowSpan - 1, colSpan, owner: cell });
      cells.push(cell);
      columns.push(column);
      owners.push(cell);
      column += colSpan;
    }
    // Rows with no text (double borders, the gap between two pages) are dropped.
    // Shading alone does not keep a row: a timeline row always names its objective.
    const isEmpty = !hasText && cells.every((cell) => !cell.mergedFromAbove && cell.rowSpan === 1);
    if (isEmpty) continue;
    const rowPage = pageOfRow.get(row) ?? previousPage;
    // The first row kept on a page (a repeated header row dropped before it does not count).
    const newPage = rowPage !== previousPage || pageStartPending;
    pageStartPending = false;
    previousPage = rowPage;
    // A table continued on a new page repeats its header row: keep it once.
    if (newPage && table.rows[0] && sameTexts(cells, table.rows[0].cells)) {
      pageStartPending = true;
      continue;
    }
    // A row broken by the page end goes on at the top of the next page: join its halves.
    if (newPage && continuesRow(cells, columns, lastColumns, lastOwners)) {
      cells.forEach((cell, position) => {
        const owner = lastOwners[position]!;
        if (cell.mergedFromAbove) {
          // This row disappears: the merge that covered it is one row shorter.
          owners[position]!.rowSpan -= 1;
          return;
        }
        if (cell.text)
          appendContinuation(owner, cell.paragraphs, geometries.get(owner), geometries.get(cell), size);
        if (cell.rowSpan > 1) {
          // The continued cell goes on merging downwards: its rows now belong to the owner.
          owner.rowSpan += cell.rowSpan - 1;
          const cover = covering.get(columns[position]!);
          if (cover && cover.owner === cell) cover.owner = owner;
        }
      });
      continue;
    }
    table.rows.push({ sourceRow: table.rows.length + 1, cells } satisfies RawRow);
    lastColumns = columns;
    lastOwners = owners;
  }
  return table;
}
