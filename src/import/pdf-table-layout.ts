import type { RawBlock, RawCell, RawParagraph, RawRow, RawTable } from './raw-document.ts';
import { buildRuledTable, selectRegionRules } from './pdf-ruled-table.ts';
import type { FilledBox, PageDrawing, Rule } from './pdf-ruling.ts';

/**
 * Turns positioned text (a PDF's text layer) back into paragraphs and tables.
 *
 * - Lines: fragments on one baseline; a line whose fragments are far apart, or that sits
 *   between two drawn vertical rules, is a table line.
 * - Table regions: table lines plus the neighbouring lines of the same font size and close
 *   spacing (full-width title rows and wrapped cell lines have a single fragment). A region
 *   that starts a page and continues the previous page's table joins it, even across a
 *   footnote printed at the foot of the page.
 * - Bordered tables (the usual case: Word and LibreOffice draw cell borders) are cut by their
 *   rules: see pdf-ruled-table.ts. Borderless ones are rebuilt here from the text alone:
 * - Columns: the white gutters no cell text crosses (centred headers included).
 * - Cells: in each column, lines closer than ~1.5 line heights belong to one cell, so a cell
 *   wrapped over several lines is re-joined even when a taller merged cell runs beside it.
 * - Rows: cell tops on the same baseline start a row; a cell reaching past the next row's top
 *   is a vertical merge (rowSpan), one wider than its column a horizontal merge (colSpan).
 * - Prose: lines of one size and spacing make a paragraph; larger type, or a numbered line in
 *   bold, is a heading; small raised numbers are footnote marks (¹).
 * All y values grow downwards from the page top.
 */
export interface TextFragment {
  page: number;
  x: number;
  right: number;
  /** Baseline, from the top of the page. */
  y: number;
  size: number;
  text: string;
  font: string;
  /** Baseline on the continuous scroll of pages, set when lines are built. */
  scrollY?: number;
  bold?: boolean;
}

interface Line {
  page: number;
  /** Baseline on the continuous scroll of pages (page offsets added). */
  y: number;
  size: number;
  left: number;
  right: number;
  fragments: TextFragment[];
  isTableLine: boolean;
  /** The line sits between two drawn vertical rules: it is inside a bordered table. */
  isBoxed: boolean;
}

const bulletPattern = /^[•◦▪▫‣⁃∙·●○■□➢►✓✔\-–—*]$/;
const pageNumberPattern = /^(?:page|p\.)?\s*\d{1,4}\s*(?:(?:\/|sur|of|de|van)\s*\d{1,4})?$/i;

/**
 * Drops page headers and footers: the same text (digits ignored) at the same height on most
 * pages, and bare page numbers in the top or bottom margin.
 */
export function dropRepeatedMargins(fragments: TextFragment[], pageHeights: number[]): TextFragment[] {
  const pageCount = pageHeights.length;
  const keyOf = (fragment: TextFragment): string =>
    `${Math.round(fragment.y / 3)}|${fragment.text.replace(/\d+/g, '#').trim().toLowerCase()}`;
  const pagesByKey = new Map<string, Set<number>>();
  for (const fragment of fragments) {
    const key = keyOf(fragment);
    let pages = pagesByKey.get(key);
    if (!pages) pagesByKey.set(key, (pages = new Set()));
    pages.add(fragment.page);
  }
  const threshold = Math.max(3, Math.ceil(pageCount * 0.5));
  return fragments.filter((fragment) => {
    const height = pageHeights[fragment.page - 1] ?? 842;
    const inMargin = fragment.y < height * 0.1 || fragment.y > height * 0.9;
    if (!inMargin) return true;
    if (pageCount >= 3 && (pagesByKey.get(keyOf(fragment))?.size ?? 0) >= threshold) return false;
    // A bare number is a page number only when nothing else shares its line (a footnote's
    // number is followed by the footnote).
    if (!pageNumberPattern.test(fragment.text.trim())) return true;
    return fragments.some(
      (other) =>
        other !== fragment &&
        other.page === fragment.page &&
        Math.abs(other.y - fragment.y) < 0.5 * fragment.size,
    );
  });
}

/** Joins the pieces pdfjs returns for one run of text (font changes split them). */
function mergeFragments(fragments: TextFragment[]): TextFragment[] {
  const sorted = [...fragments].sort((a, b) => a.page - b.page || a.y - b.y || a.x - b.x);
  const merged: TextFragment[] = [];
  for (const fragment of sorted) {
    const previous = merged[merged.length - 1];
    if (
      previous &&
      previous.page === fragment.page &&
      Math.abs(previous.y - fragment.y) < 0.3 * Math.max(previous.size, fragment.size) &&
      fragment.x >= previous.x &&
      fragment.x - previous.right < 0.3 * previous.size
    ) {
      const gap = fragment.x - previous.right;
      const space =
        gap > 0.12 * previous.size && !previous.text.endsWith(' ') && !fragment.text.startsWith(' ')
          ? ' '
          : '';
      previous.text += space + fragment.text;
      previous.right = Math.max(previous.right, fragment.right);
      previous.size = Math.max(previous.size, fragment.size);
      continue;
    }
    merged.push({ ...fragment });
  }
  return merged;
}

function buildLines(fragments: TextFragment[], pageOffsets: number[], pageHeights: number[]): Line[] {
  const lines: Line[] = [];
  for (const fragment of fragments) {
    const y = fragment.y + (pageOffsets[fragment.page - 1] ?? 0);
    fragment.scrollY = y;
    const line = lines[lines.length - 1];
    if (
      line &&
      line.page === fragment.page &&
      Math.abs(line.y - y) < 0.45 * Math.max(line.size, fragment.size)
    ) {
      line.fragments.push(fragment);
      line.left = Math.min(line.left, fragment.x);
      line.right = Math.max(line.right, fragment.right);
      if (fragment.text.trim().length > 2) line.size = Math.max(line.size, fragment.size);
      continue;
    }
    lines.push({
      page: fragment.page,
      y,
      size: fragment.size,
      left: fragment.x,
      right: fragment.right,
      fragments: [fragment],
      isTableLine: false,
      isBoxed: false,
    });
  }
  for (const line of lines) {
    line.fragments.sort((a, b) => a.x - b.x);
    attachBullets(line);
    attachSuperscripts(line);
    attachFootnoteNumber(line, pageHeights[line.page - 1] ?? 842, pageOffsets[line.page - 1] ?? 0);
    // Superscripts (footnote marks) are smaller: they never make a line a table line.
    const fullSize = line.fragments.filter((fragment) => fragment.size >= 0.85 * line.size);
    line.isTableLine = fullSize.some((fragment, index) => {
      const previous = fullSize[index - 1];
      return previous !== undefined && fragment.x - previous.right >= Math.max(1.2 * line.size, 8);
    });
  }
  return lines;
}

const superscriptDigits = ['⁰', '¹', '²', '³', '⁴', '⁵', '⁶', '⁷', '⁸', '⁹'];

/**
 * Small raised numbers are footnote marks: written as superscript digits ("CPEONS¹"), as the
 * DOCX reader does; a footnote at the foot of a page starts with its mark ("¹ Conseil des…").
 */
function attachSuperscripts(line: Line): void {
  for (let index = 0; index < line.fragments.length; index++) {
    const fragment = line.fragments[index]!;
    const digits = fragment.text.trim();
    if (!/^\d{1,2}$/.test(digits) || fragment.size >= 0.85 * line.size) continue;
    const mark = digits.replace(/\d/g, (digit) => superscriptDigits[Number(digit)]!);
    const previous = line.fragments[index - 1];
    const next = line.fragments[index + 1];
    if (previous && fragment.x - previous.right < 0.6 * line.size) {
      previous.text = previous.text.replace(/\s+$/, '') + mark;
      previous.right = Math.max(previous.right, fragment.right);
    } else if (next && next.x - fragment.right < 1.5 * line.size) {
      next.text = `${mark} ${next.text.trim()}`;
      next.x = fragment.x;
    } else {
      continue;
    }
    line.fragments.splice(index, 1);
    index -= 1;
  }
}

/**
 * A footnote at the foot of a page may print its number full size, apart from its text
 * ("1      Conseil des…"): that is one footnote line ("¹ Conseil des…"), not two table cells.
 */
function attachFootnoteNumber(line: Line, pageHeight: number, pageOffset: number): void {
  const [number, text, ...rest] = line.fragments;
  if (!number || !text || line.y - pageOffset < pageHeight * 0.75) return;
  if (!/^\d{1,2}$/.test(number.text.trim()) || text.x - number.right > 2.5 * line.size) return;
  const restIsText = rest.every(
    (fragment, index) => fragment.x - (index === 0 ? text : rest[index - 1]!).right < 1.2 * line.size,
  );
  if (!restIsText) return;
  text.text = `${number.text.trim().replace(/\d/g, (digit) => superscriptDigits[Number(digit)]!)} ${text.text.trim()}`;
  text.x = number.x;
  line.fragments.shift();
}

/** A bullet glyph drawn apart from its text is part of the text, not a column. */
function attachBullets(line: Line): void {
  const first = line.fragments[0];
  const second = line.fragments[1];
  if (first && second && bulletPattern.test(first.text.trim()) && second.x - first.right < 4 * line.size) {
    second.text = `${first.text.trim()} ${second.text}`;
    second.x = first.x;
    line.fragments.shift();
  }
}

interface Region {
  kind: 'table' | 'prose';
  lines: Line[];
}

function compatibleSize(a: number, b: number): boolean {
  return Math.abs(a - b) <= 0.08 * Math.max(a, b);
}

/**
 * A footnote printed at the foot of a page cuts a table that goes on at the top of the next
 * page in two: join the two halves and put the footnote after the table. A footnote is a
 * short run of lines below the table on the same page, in smaller type or opening with its
 * number.
 */
function joinTablesAroundFootnotes(regions: Region[]): Region[] {
  const result: Region[] = [];
  for (let index = 0; index < regions.length; index++) {
    const table = result[result.length - 1];
    const note = regions[index]!;
    const next = regions[index + 1];
    const tableEnd = table?.lines[table.lines.length - 1];
    const nextStart = next?.lines[0];
    if (
      table?.kind === 'table' &&
      note.kind === 'prose' &&
      next?.kind === 'table' &&
      tableEnd &&
      nextStart &&
      note.lines.length <= 6 &&
      note.lines.every((line) => line.page === tableEnd.page) &&
      nextStart.page === tableEnd.page + 1 &&
      (note.lines.every((line) => line.size < tableEnd.size * 0.95) ||
        /^[\d¹²³⁴⁵⁶⁷⁸⁹*]/.test(note.lines[0]!.fragments[0]?.text.trim() ?? ''))
    ) {
      table.lines.push(...next.lines);
      // The footnote now follows the joined table.
      result.push(note);
      index += 1;
      continue;
    }
    result.push(note);
  }
  return result;
}

/** Splits the lines into table regions and prose runs, in reading order. */
function findRegions(lines: Line[], rules: Rule[]): Region[] {
  const regions: Region[] = [];
  let table: Region | undefined;
  let tableSize = 0;
  for (let index = 0; index < lines.length; index++) {
    const line = lines[index]!;
    const previous = lines[index - 1];
    const gap = previous ? line.y - previous.y : Number.POSITIVE_INFINITY;
    const pageBreak = previous !== undefined && previous.page !== line.page;
    const boxedTogether =
      previous !== undefined &&
      !pageBreak &&
      line.isBoxed &&
      previous.isBoxed &&
      verticalRuleSpans(rules, previous, line);
    const joinsTable =
      boxedTogether ||
      gap <= 2.4 * tableSize ||
      // Borderless tables (a table of contents) leave more space between their rows.
      (line.isTableLine && gap <= 4 * tableSize) ||
      (pageBreak && startsTableOnPage(lines, index, tableSize));
    if (table && (boxedTogether || (compatibleSize(line.size, tableSize) && joinsTable))) {
      table.lines.push(line);
      continue;
    }
    if (line.isTableLine || line.isBoxed) {
      table = { kind: 'table', lines: [line] };
      tableSize = line.size;
      // Title rows just above the first table line (same size, close) belong to the table.
      const before = regions[regions.length - 1];
      for (;;) {
        const last = before?.kind === 'prose' ? before.lines[before.lines.length - 1] : undefined;
        if (!before || !last) break;
        const first = table.lines[0]!;
        if (
          last.page !== first.page ||
          !compatibleSize(last.size, tableSize) ||
          first.y - last.y > 2.4 * tableSize
        )
          break;
        table.lines.unshift(before.lines.pop()!);
      }
      if (before?.kind === 'prose' && before.lines.length === 0) regions.pop();
      regions.push(table);
      continue;
    }
    table = undefined;
    const last = regions[regions.length - 1];
    if (last?.kind === 'prose') last.lines.push(line);
    else regions.push({ kind: 'prose', lines: [line] });
  }
  return regions;
}

/** True when one drawn vertical rule runs from one line to the next: both are in one bordered table. */
function verticalRuleSpans(rules: Rule[], above: Line, below: Line): boolean {
  return rules.some(
    (rule) =>
      rule.orientation === 'vertical' &&
      rule.from <= above.y &&
      rule.to >= below.y - below.size &&
      rule.at <= Math.min(above.left, below.left) + 1,
  );
}

/** Marks the lines that sit between two vertical rules (inside a bordered table). */
function markBoxedLines(lines: Line[], rules: Rule[]): void {
  const vertical = rules.filter((rule) => rule.orientation === 'vertical');
  for (const line of lines) {
    let leftRule = false;
    let rightRule = false;
    for (const rule of vertical) {
      if (rule.from > line.y || rule.to < line.y - 0.5 * line.size) continue;
      if (rule.at <= line.left + 1) leftRule = true;
      if (rule.at >= line.right - 1) rightRule = true;
      if (leftRule && rightRule) break;
    }
    line.isBoxed = leftRule && rightRule;
  }
}

/** True when the page that starts at `index` opens with table lines of the same size. */
function startsTableOnPage(lines: Line[], index: number, tableSize: number): boolean {
  const page = lines[index]!.page;
  for (
    let cursor = index;
    cursor < lines.length && cursor < index + 8 && lines[cursor]!.page === page;
    cursor++
  ) {
    const line = lines[cursor]!;
    if (!compatibleSize(line.size, tableSize)) return false;
    if (line.isTableLine || line.isBoxed) return true;
  }
  return false;
}

/**
 * Left edges of the columns, from the white gutters between them: x positions that no cell
 * text covers. Cell text may be centred (headers) or ragged, but it never crosses a gutter;
 * full-width title rows do, so fragments overlapping two dense column areas are set aside
 * before the gutters are measured.
 */
function findColumnStarts(lines: Line[]): number[] {
  const fragments = lines.flatMap((line) => line.fragments);
  if (fragments.length === 0) return [0];
  const left = Math.floor(Math.min(...fragments.map((fragment) => fragment.x)));
  const right = Math.ceil(Math.max(...fragments.map((fragment) => fragment.right)));
  const width = Math.max(1, right - left + 1);
  const coverage = (set: TextFragment[]): Int32Array => {
    const bins = new Int32Array(width);
    for (const fragment of set) {
      const from = Math.max(0, Math.floor(fragment.x) - left);
      const to = Math.min(width - 1, Math.ceil(fragment.right) - left - 1);
      for (let bin = from; bin <= to; bin++) bins[bin]! += 1;
    }
    return bins;
  };
  const all = coverage(fragments);
  const dense = Math.max(2, 0.1 * Math.max(...all));
  // Dense areas: runs of bins covered by many lines.
  const denseRuns: [number, number][] = [];
  for (let bin = 0; bin < width; bin++) {
    if (all[bin]! < dense) continue;
    const last = denseRuns[denseRuns.length - 1];
    if (last && bin - last[1] <= 2) last[1] = bin;
    else denseRuns.push([bin, bin]);
  }
  const spansSeveral = (fragment: TextFragment): boolean => {
    const from = fragment.x - left;
    const to = fragment.right - left;
    return denseRuns.filter(([start, end]) => from < end - 1 && to > start + 1).length >= 2;
  };
  const narrow = fragments.filter((fragment) => !spansSeveral(fragment));
  const bins = coverage(narrow.length > 0 ? narrow : fragments);
  const starts: number[] = [];
  let gap = Number.POSITIVE_INFINITY;
  for (let bin = 0; bin < width; bin++) {
    if (bins[bin] === 0) {
      gap += 1;
      continue;
    }
    if (gap >= 2) starts.push(left + bin);
    gap = 0;
  }
  return starts.length > 0 ? starts : [left];
}

interface CellBlock {
  column: number;
  top: number;
  bottom: number;
  right: number;
  page: number;
  lines: { text: string; right: number; y: number }[];
}

function columnOf(columnStarts: number[], x: number): number {
  let column = 0;
  for (let index = 0; index < columnStarts.length; index++) if (columnStarts[index]! <= x + 1) column = index;
  return column;
}

/** Groups each column's lines into cells: lines closer than ~1.5 line heights continue a cell. */
function buildCellBlocks(lines: Line[], columnStarts: number[]): CellBlock[] {
  const open = new Map<number, CellBlock>();
  const blocks: CellBlock[] = [];
  for (const line of lines) {
    for (const fragment of line.fragments) {
      const column = columnOf(columnStarts, fragment.x);
      const block = open.get(column);
      const lastLine = block?.lines[block.lines.length - 1];
      if (block && lastLine && Math.abs(lastLine.y - line.y) < 0.3 * line.size) {
        // Two pieces of one cell line that pdfjs kept apart.
        lastLine.text += ` ${fragment.text}`;
        lastLine.right = Math.max(lastLine.right, fragment.right);
        block.right = Math.max(block.right, fragment.right);
        continue;
      }
      if (block && line.y - block.bottom <= 1.55 * line.size) {
        block.lines.push({ text: fragment.text, right: fragment.right, y: line.y });
        block.bottom = line.y;
        block.right = Math.max(block.right, fragment.right);
        continue;
      }
      const fresh: CellBlock = {
        column,
        top: line.y,
        bottom: line.y,
        right: fragment.right,
        page: line.page,
        lines: [{ text: fragment.text, right: fragment.right, y: line.y }],
      };
      open.set(column, fresh);
      blocks.push(fresh);
    }
  }
  return blocks;
}

/**
 * Re-joins a cell's wrapped lines: a space between lines, none after a hyphen that ends a
 * line ("étudiant-" + "e-s"), none when a single word filled the cell to its right edge and
 * was cut ("Recommandati" + "on 9": only known when the cell's right edge is, from its
 * border); a new paragraph where a line starts with a list marker.
 */
export interface JoinOptions {
  /** The cell's right edge, when known from its border. */
  rightEdge?: number;
  size?: number;
  /** Baseline distance above which the next line starts a new paragraph (paragraph spacing). */
  paragraphGap?: number;
}

export function joinWrappedLines(
  lines: { text: string; right: number; y?: number; x?: number }[],
  options: JoinOptions = {},
): string[] {
  const { size = 10, paragraphGap } = options;
  // Centred text (headers) has lines of many starts: a full line there is not a cut word.
  const lefts = lines.flatMap((line) => (line.x === undefined ? [] : [line.x]));
  const leftAligned = lefts.length < 2 || Math.max(...lefts) - Math.min(...lefts) < 1.5;
  const rightEdge = leftAligned ? options.rightEdge : undefined;
  const paragraphs: string[] = [];
  let previous: { text: string; right: number; y?: number } | undefined;
  for (const line of lines) {
    const text = line.text.replace(/\s+/g, ' ').trim();
    if (!text) continue;
    const current = paragraphs[paragraphs.length - 1];
    const cutWord =
      previous !== undefined &&
      rightEdge !== undefined &&
      !/\s/.test(previous.text.trim()) &&
      previous.right >= rightEdge - 0.8 * size &&
      /^[\p{Ll}]/u.test(text);
    const spaced =
      paragraphGap !== undefined &&
      previous?.y !== undefined &&
      line.y !== undefined &&
      line.y - previous.y > paragraphGap;
    previous = line;
    if (current === undefined || spaced || /^(?:[•◦▪‣●○■➢►✓✔*]|[-–—](?=\s)|\d{1,2}[).]\s)/.test(text)) {
      paragraphs.push(text);
      continue;
    }
    if (/[\p{L}\d][-‐]$/u.test(current) && /^[\p{L}\d]/u.test(text))
      paragraphs[paragraphs.length - 1] = current + text;
    else if (cutWord) paragraphs[paragraphs.length - 1] = current + text;
    else paragraphs[paragraphs.length - 1] = `${current} ${text}`;
  }
  return paragraphs;
}

function makeCell(block: CellBlock | undefined, columnStarts: number[], colSpan: number): RawCell {
  if (!block) return { text: '', paragraphs: [''], colSpan, rowSpan: 1 };
  const paragraphs = joinWrappedLines(block.lines);
  return {
    text: paragraphs.join('\n'),
    paragraphs: paragraphs.length > 0 ? paragraphs : [''],
    colSpan,
    rowSpan: 1,
  };
}

function sameTexts(a: RawRow, b: RawRow): boolean {
  const textsA = a.cells.map((cell) => cell.text).join('\u0001');
  const textsB = b.cells.map((cell) => cell.text).join('\u0001');
  return textsA.length > 0 && textsA === textsB;
}

function buildTable(region: Region, index: number): RawTable {
  const columnStarts = findColumnStarts(region.lines);
  const blocks = buildCellBlocks(region.lines, columnStarts);
  const size = region.lines[0]?.size ?? 10;
  // Row tops: cell tops on (nearly) the same baseline.
  const tops = [...new Set(blocks.map((block) => block.top))].sort((a, b) => a - b);
  const rowTops: number[] = [];
  for (const top of tops) {
    const last = rowTops[rowTops.length - 1];
    if (last === undefined || top - last > 0.6 * size) rowTops.push(top);
  }
  const rowOf = (y: number): number => {
    let row = 0;
    rowTops.forEach((top, position) => {
      if (top <= y + 0.6 * size) row = position;
    });
    return row;
  };
  const grid: (CellBlock | undefined)[][] = rowTops.map(() => columnStarts.map(() => undefined));
  for (const block of blocks) {
    const row = grid[rowOf(block.top)]!;
    const existing = row[block.column];
    if (existing) {
      // Two cell starts in one grid slot: keep the text, in order.
      existing.lines.push(...block.lines);
      existing.bottom = Math.max(existing.bottom, block.bottom);
      existing.right = Math.max(existing.right, block.right);
    } else {
      row[block.column] = block;
    }
  }
  const table: RawTable = { kind: 'table', index, page: region.lines[0]?.page ?? 1, rows: [] };
  // Vertical merges still open, by column: rows left to cover and the span's width.
  const covering = new Map<number, { rowsLeft: number; colSpan: number; owner: RawCell }>();
  let firstPageRow: RawRow | undefined;
  let previousPage = table.page;
  grid.forEach((slots, rowIndex) => {
    const cells: RawCell[] = [];
    let column = 0;
    let rowPage = previousPage;
    while (column < slots.length) {
      const cover = covering.get(column);
      if (cover && cover.rowsLeft > 0) {
        cover.rowsLeft -= 1;
        cover.owner.rowSpan += 1;
        cells.push({ text: '', paragraphs: [''], colSpan: cover.colSpan, rowSpan: 1, mergedFromAbove: true });
        column += cover.colSpan;
        continue;
      }
      const block = slots[column];
      let colSpan = 1;
      if (block) {
        rowPage = block.page;
        while (
          column + colSpan < slots.length &&
          (columnStarts[column + colSpan] ?? Infinity) < block.right - 2 &&
          !slots[column + colSpan]
        )
          colSpan++;
      }
      const cell = makeCell(block, columnStarts, colSpan);
      if (block) {
        let rowsBelow = 0;
        while (
          rowIndex + rowsBelow + 1 < rowTops.length &&
          rowTops[rowIndex + rowsBelow + 1]! < block.bottom - 0.3 * size
        )
          rowsBelow++;
        if (rowsBelow > 0) covering.set(column, { rowsLeft: rowsBelow, colSpan, owner: cell });
      }
      cells.push(cell);
      column += colSpan;
    }
    const row: RawRow = { sourceRow: table.rows.length + 1, cells };
    // A table continued on a new page repeats its header row: keep it once.
    if (rowPage !== previousPage && firstPageRow && sameTexts(row, firstPageRow)) {
      previousPage = rowPage;
      return;
    }
    previousPage = rowPage;
    firstPageRow ??= row;
    if (cells.some((cell) => cell.text || cell.mergedFromAbove)) table.rows.push(row);
  });
  return table;
}

/**
 * Prose lines into paragraphs. Inside a paragraph, a line ends with a hard break ("\n", as a
 * DOCX reader sees it) when the next line's first word would have fitted after it: only a
 * full line wraps. A short numbered paragraph in bold is a heading.
 */
function buildParagraphs(
  region: Region,
  bodySize: number,
  headingSizes: number[],
  rightMargins: Map<number, number>,
): RawParagraph[] {
  const paragraphs: RawParagraph[] = [];
  let current: { lines: Line[] } | undefined;
  const lineText = (line: Line): string => joinFragmentTexts(line.fragments).replace(/\s+/g, ' ').trim();
  const flush = (): void => {
    if (!current) return;
    const first = current.lines[0]!;
    const margin = rightMargins.get(first.page) ?? Math.max(...current.lines.map((line) => line.right));
    const pieces: string[] = [];
    current.lines.forEach((line, position) => {
      const texts = joinWrappedLines([{ text: lineText(line), right: line.right }]);
      const piece = texts.join(' ');
      if (position === 0) {
        pieces.push(piece);
        return;
      }
      const previous = current!.lines[position - 1]!;
      const word = piece.split(' ')[0] ?? '';
      const charWidth = (line.right - line.left) / Math.max(1, piece.length);
      const fitted = previous.right + (word.length + 1) * charWidth < margin - line.size;
      const last = pieces[pieces.length - 1]!;
      if (fitted) pieces.push(piece);
      else if (/[\p{L}\d][-‐]$/u.test(last) && /^[\p{L}\d]/u.test(piece))
        pieces[pieces.length - 1] = last + piece;
      else pieces[pieces.length - 1] = `${last} ${piece}`;
    });
    const text = pieces.join('\n');
    if (text) {
      const paragraph: RawParagraph = { kind: 'paragraph', text, page: first.page };
      const bold = current.lines.every((line) => line.fragments.every((fragment) => fragment.bold === true));
      const level = headingSizes.findIndex((size) => Math.abs(size - first.size) < 0.5);
      if (level >= 0 && first.size > bodySize * 1.15) paragraph.headingLevel = level + 1;
      else if (
        bold &&
        /^\d{1,2}(?:\.\d{1,2})*\.?\s+\p{L}/u.test(text) &&
        first.size >= bodySize * 0.95 &&
        text.length <= 150 &&
        current.lines.length <= 2 &&
        !/[.:;,]$/.test(text)
      ) {
        // A numbered line in bold ("2.1 A travers les stages") is a heading below the sized ones.
        paragraph.headingLevel = headingSizes.length + 1;
      }
      if (bold) paragraph.bold = true;
      if (/^[•◦▪‣●○■➢►✓✔]/.test(text)) paragraph.listLevel = 0;
      paragraphs.push(paragraph);
    }
    current = undefined;
  };
  for (const line of region.lines) {
    const previous = current?.lines[current.lines.length - 1];
    const text = lineText(line);
    const continues =
      previous !== undefined &&
      previous.page === line.page &&
      Math.abs(previous.size - line.size) < 0.5 &&
      line.y - previous.y <= 1.5 * line.size &&
      Math.abs(previous.left - line.left) < 3 * line.size &&
      previous.fragments.every((fragment) => fragment.bold === true) ===
        line.fragments.every((fragment) => fragment.bold === true) &&
      !/^[•◦▪‣●○■➢►✓✔¹²³⁴⁵⁶⁷⁸⁹]/.test(text);
    if (!continues) flush();
    current ??= { lines: [] };
    current.lines.push(line);
  }
  flush();
  return paragraphs;
}

/** The texts of fragments on one line: a space between them unless they touch or punctuation follows. */
export function joinFragmentTexts(
  fragments: { x: number; right: number; text: string; size?: number }[],
): string {
  let text = '';
  fragments.forEach((fragment, index) => {
    const previous = fragments[index - 1];
    const touching = previous !== undefined && fragment.x - previous.right < 0.1 * (fragment.size ?? 10);
    const space = previous !== undefined && !touching && !/^[.,;:)\]]/.test(fragment.text) ? ' ' : '';
    text += space + fragment.text;
  });
  return text;
}

/** The most common font size, by characters: the body text. */
function findBodySize(lines: Line[]): number {
  const weights = new Map<number, number>();
  for (const line of lines) {
    const key = Math.round(line.size * 2) / 2;
    weights.set(
      key,
      (weights.get(key) ?? 0) + line.fragments.reduce((sum, fragment) => sum + fragment.text.length, 0),
    );
  }
  let best = 10;
  let bestWeight = -1;
  for (const [size, weight] of weights) if (weight > bestWeight) [best, bestWeight] = [size, weight];
  return best;
}

export function layOutDocument(
  fragments: TextFragment[],
  pageHeights: number[],
  drawings: PageDrawing[] = [],
): RawBlock[] {
  const pageOffsets: number[] = [];
  let offset = 0;
  for (const height of pageHeights) {
    pageOffsets.push(offset);
    offset += height;
  }
  const shift = (page: number): number => pageOffsets[page - 1] ?? 0;
  const rules: Rule[] = drawings.flatMap((drawing) =>
    drawing.rules.map((rule) =>
      rule.orientation === 'horizontal'
        ? { ...rule, at: rule.at + shift(rule.page) }
        : { ...rule, from: rule.from + shift(rule.page), to: rule.to + shift(rule.page) },
    ),
  );
  const boxes: FilledBox[] = drawings.flatMap((drawing) =>
    drawing.boxes.map((box) => ({
      ...box,
      top: box.top + shift(box.page),
      bottom: box.bottom + shift(box.page),
    })),
  );
  const lines = buildLines(mergeFragments(fragments), pageOffsets, pageHeights);
  markBoxedLines(lines, rules);
  const regions = joinTablesAroundFootnotes(findRegions(lines, rules));
  const proseLines = regions.filter((region) => region.kind === 'prose').flatMap((region) => region.lines);
  const bodySize = findBodySize(proseLines.length > 0 ? proseLines : lines);
  const headingSizes = [
    ...new Set(
      proseLines.map((line) => Math.round(line.size * 2) / 2).filter((size) => size > bodySize * 1.15),
    ),
  ].sort((a, b) => b - a);
  // The right edge of the text block of each page: where full prose lines end.
  const rightMargins = new Map<number, number>();
  for (const line of proseLines)
    rightMargins.set(line.page, Math.max(rightMargins.get(line.page) ?? 0, line.right));
  const blocks: RawBlock[] = [];
  let tableIndex = 0;
  for (const region of regions) {
    if (region.kind === 'table') {
      const selected = selectRegionRules(region.lines, rules);
      const table = selected
        ? buildRuledTable(
            { lines: region.lines, rules, boxes, index: tableIndex + 1, joinLines: joinWrappedLines },
            selected,
          )
        : buildTable(region, tableIndex + 1);
      if (table.rows.length === 0) continue;
      tableIndex += 1;
      blocks.push(table);
    } else {
      blocks.push(...buildParagraphs(region, bodySize, headingSizes, rightMargins));
    }
  }
  return blocks;
}
