import { Readable } from 'node:stream';
import ExcelJS from 'exceljs';
import { JalonError } from '../core/errors.ts';
import { DEFAULT_MAX_IMPORT_CELLS, tooManyCellsError } from './import-size-limit.ts';
import {
  withoutFormulaGuard,
  type RawCell,
  type RawDocument,
  type RawRow,
  type RawTable,
} from './raw-document.ts';
import { assertOfficeZip, openZipArchive, verifyZipExpansion } from './zip-archive.ts';

/**
 * Reads every sheet of an Excel .xlsx as one table each: merged cells, real dates as
 * "YYYY-MM-DD", line breaks and rich text as paragraphs, formulas as their cached result,
 * fill colours. The cells of the sheets are counted while the archive's real size is checked,
 * before exceljs reads anything: a workbook of more than `maxCells` is refused there, and one
 * of more than `streamAboveCells` goes through exceljs's streaming reader, which keeps memory
 * flat but does not report merged ranges (exceljs ignores them while streaming), instead of
 * its whole-workbook model, which costs about 800 bytes a cell.
 */
export interface XlsxReadOptions {
  file?: string;
  maxExpandedBytes?: number;
  maxEntries?: number;
  /** Workbooks with more cells than this are streamed row by row (default 50,000). */
  streamAboveCells?: number;
  /** The most cells (a used rectangle's, row by row) the document may hold (default 50,000). */
  maxCells?: number;
}

const defaultStreamAboveCells = 50_000;

/** The cells a workbook may still produce, and the refusal once it has used them. */
class CellBudget {
  private left: number;
  constructor(
    private readonly file: string,
    private readonly max: number,
  ) {
    this.left = max;
  }

  spend(cells: number): void {
    this.left -= Math.max(1, cells);
    if (this.left < 0) throw tooManyCellsError(this.file, this.max);
  }
}

/** The sheets exceljs reads (its own pattern). */
const worksheetPart = /^xl\/worksheets\/sheet\d+\.xml$/;

/**
 * Counts the cell elements ("<c " "<c>" "<c/>") of the sheets from their inflated bytes, a
 * piece at a time: a tag cut between two pieces is counted once.
 */
class SheetCellCounter {
  cells = 0;
  private tail: Uint8Array = new Uint8Array(0);
  private part = '';

  see(name: string, piece: Uint8Array): void {
    if (name !== this.part) {
      this.part = name;
      this.tail = new Uint8Array(0);
    }
    const bytes = this.tail.length
      ? Buffer.concat([this.tail, piece])
      : Buffer.from(piece.buffer, piece.byteOffset, piece.byteLength);
    let at = bytes.indexOf('<c', 0, 'latin1');
    while (at !== -1 && at + 2 < bytes.length) {
      const next = bytes[at + 2]!;
      if (next === 0x20 || next === 0x3e || next === 0x2f || next === 0x09 || next === 0x0a || next === 0x0d)
        this.cells += 1;
      at = bytes.indexOf('<c', at + 2, 'latin1');
    }
    // Keep what may be the start of a tag the next piece finishes.
    this.tail =
      at !== -1
        ? bytes.subarray(at)
        : bytes[bytes.length - 1] === 0x3c
          ? bytes.subarray(-1)
          : new Uint8Array(0);
  }
}

export async function readXlsx(bytes: Uint8Array, options: XlsxReadOptions = {}): Promise<RawDocument> {
  const file = options.file ?? 'workbook.xlsx';
  assertOfficeZip(bytes, file, 'Excel .xlsx');
  const archive = openZipArchive(bytes, file, options);
  if (!archive.entries.has('xl/workbook.xml')) {
    throw new JalonError(
      'FILE_UNREADABLE',
      {
        fr: `${file} est une archive zip, mais pas un classeur Excel (pas de xl/workbook.xml)`,
        en: `${file} is a zip archive but not an Excel workbook (no xl/workbook.xml)`,
      },
      { location: { file } },
    );
  }
  // exceljs inflates the whole archive itself: check the real expanded size first, and count
  // the cells on the way.
  const counter = new SheetCellCounter();
  await verifyZipExpansion(archive, {
    wants: (name) => worksheetPart.test(name),
    see: (name, piece) => counter.see(name, piece),
  });
  const budget = new CellBudget(file, options.maxCells ?? DEFAULT_MAX_IMPORT_CELLS);
  budget.spend(counter.cells);
  // The count was a forecast: the reading spends the budget again, on what it really holds.
  const reading = new CellBudget(file, options.maxCells ?? DEFAULT_MAX_IMPORT_CELLS);
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const tables =
    counter.cells > (options.streamAboveCells ?? defaultStreamAboveCells)
      ? await streamSheets(buffer, file, reading)
      : await loadSheets(buffer, file, reading);
  return { file, format: 'xlsx', blocks: tables };
}

/** exceljs's refusal in our words (its own message, in English, stays in details and cause, for the logs). */
function unreadable(file: string, error: unknown): JalonError {
  const reason = error instanceof Error ? error.message : String(error);
  return new JalonError(
    'FILE_UNREADABLE',
    {
      fr: `${file} n’a pas pu être lu comme un classeur Excel : le fichier est endommagé ou incomplet`,
      en: `${file} could not be read as an Excel workbook: the file is damaged or incomplete`,
    },
    { location: { file }, details: { reason }, cause: error },
  );
}

async function loadSheets(buffer: Buffer, file: string, budget: CellBudget): Promise<RawTable[]> {
  const workbook = new ExcelJS.Workbook();
  try {
    await workbook.xlsx.load(buffer as unknown as ExcelJS.Buffer);
  } catch (error) {
    throw unreadable(file, error);
  }
  return workbook.worksheets.map((worksheet, position) => readLoadedSheet(worksheet, position + 1, budget));
}

interface MergeRange {
  top: number;
  left: number;
  bottom: number;
  right: number;
}

function parseRange(range: string): MergeRange | undefined {
  const match = /^\$?([A-Z]{1,3})\$?(\d+):\$?([A-Z]{1,3})\$?(\d+)$/.exec(range.toUpperCase());
  if (!match) return undefined;
  const [, leftLetters, top, rightLetters, bottom] = match;
  const a = { left: columnNumber(leftLetters!), top: Number(top) };
  const b = { left: columnNumber(rightLetters!), top: Number(bottom) };
  return {
    top: Math.min(a.top, b.top),
    bottom: Math.max(a.top, b.top),
    left: Math.min(a.left, b.left),
    right: Math.max(a.left, b.left),
  };
}

function columnNumber(letters: string): number {
  let number = 0;
  for (const letter of letters) number = number * 26 + (letter.charCodeAt(0) - 64);
  return number;
}

function readLoadedSheet(worksheet: ExcelJS.Worksheet, index: number, budget: CellBudget): RawTable {
  const merges = ((worksheet.model as { merges?: string[] }).merges ?? [])
    .map(parseRange)
    .filter((range) => range !== undefined);
  const mergeAt = new Map<string, MergeRange>();
  const covered = new Set<string>();
  for (const range of merges) {
    mergeAt.set(`${range.top}:${range.left}`, range);
    for (let row = range.top; row <= range.bottom; row++) {
      for (let column = range.left; column <= range.right; column++) {
        if (row !== range.top || column !== range.left) covered.add(`${row}:${column}`);
      }
    }
  }
  // The used rectangle: the first and last columns that hold anything.
  let firstColumn = Number.POSITIVE_INFINITY;
  let lastColumn = 0;
  worksheet.eachRow({ includeEmpty: false }, (row) => {
    row.eachCell({ includeEmpty: false }, (cell) => {
      const column = Number(cell.col);
      firstColumn = Math.min(firstColumn, column);
      lastColumn = Math.max(lastColumn, column);
    });
  });
  for (const range of merges) {
    firstColumn = Math.min(firstColumn, range.left);
    lastColumn = Math.max(lastColumn, range.right);
  }
  const table: RawTable = { kind: 'table', index, sheet: worksheet.name, rows: [] };
  if (lastColumn === 0) return table;
  const rowsWithMerges = new Set<number>();
  for (const range of merges) for (let row = range.top; row <= range.bottom; row++) rowsWithMerges.add(row);
  const lastRow = worksheet.rowCount;
  for (let rowNumber = 1; rowNumber <= lastRow; rowNumber++) {
    const row = worksheet.findRow(rowNumber);
    if (!row && !rowsWithMerges.has(rowNumber)) continue;
    const cells: RawCell[] = [];
    let hasContent = false;
    for (let column = firstColumn; column <= lastColumn; column++) {
      const key = `${rowNumber}:${column}`;
      if (covered.has(key)) {
        // A merge seen from below: its first column stands for it; the other columns are covered.
        const owner = merges.find(
          (range) => range.left === column && range.top < rowNumber && range.bottom >= rowNumber,
        );
        if (owner) {
          cells.push({
            text: '',
            paragraphs: [''],
            colSpan: owner.right - owner.left + 1,
            rowSpan: 1,
            mergedFromAbove: true,
          });
          hasContent = true;
        }
        continue;
      }
      const cell = row ? convertCell(row.getCell(column)) : emptyCell();
      const range = mergeAt.get(key);
      if (range) {
        cell.colSpan = Math.min(range.right, lastColumn) - range.left + 1;
        cell.rowSpan = range.bottom - range.top + 1;
      }
      if (cell.text) hasContent = true;
      cells.push(cell);
    }
    if (!hasContent) continue;
    budget.spend(cells.length);
    table.rows.push({ sourceRow: rowNumber, cells });
  }
  return table;
}

async function streamSheets(buffer: Buffer, file: string, budget: CellBudget): Promise<RawTable[]> {
  const tables: RawTable[] = [];
  try {
    const reader = new ExcelJS.stream.xlsx.WorkbookReader(Readable.from([buffer]), {
      worksheets: 'emit',
      sharedStrings: 'cache',
      styles: 'cache',
      hyperlinks: 'ignore',
    });
    let index = 0;
    for await (const worksheet of reader) {
      index += 1;
      const sheet = worksheet as unknown as AsyncIterable<ExcelJS.Row> & { name?: string };
      const table: RawTable = { kind: 'table', index, rows: [] };
      if (sheet.name) table.sheet = sheet.name;
      // Cells go straight into sparse rows (index = column − 1), padded once the sheet's used
      // columns are known: no second copy of a large sheet is ever held.
      let firstColumn = Number.POSITIVE_INFINITY;
      let lastColumn = 0;
      let sparseCells = 0;
      for await (const row of sheet) {
        const cells: RawCell[] = [];
        let count = 0;
        row.eachCell({ includeEmpty: false }, (cell, column) => {
          const raw = convertCell(cell);
          if (!raw.text) return;
          cells[column - 1] = raw;
          count += 1;
          firstColumn = Math.min(firstColumn, column);
          lastColumn = Math.max(lastColumn, column);
        });
        if (count === 0) continue;
        budget.spend(count);
        sparseCells += count;
        table.rows.push({ sourceRow: row.number, cells } satisfies RawRow);
      }
      // The padding to the used columns counts too (one cell far right widens every row).
      const padding = (lastColumn - firstColumn + 1) * table.rows.length - sparseCells;
      if (padding > 0) budget.spend(padding);
      for (const row of table.rows) {
        const dense: RawCell[] = [];
        for (let column = firstColumn; column <= lastColumn; column++)
          dense.push(row.cells[column - 1] ?? emptyCell());
        row.cells = dense;
      }
      tables.push(table);
    }
  } catch (error) {
    if (error instanceof JalonError) throw error;
    throw unreadable(file, error);
  }
  return tables;
}

function emptyCell(): RawCell {
  return { text: '', paragraphs: [''], colSpan: 1, rowSpan: 1 };
}

function pad(number: number, width = 2): string {
  return String(number).padStart(width, '0');
}

/** A date as "YYYY-MM-DD" (with " HH:MM" when it has a time of day); exceljs reads them as UTC. */
export function formatSpreadsheetDate(date: Date): string {
  if (Number.isNaN(date.getTime())) return '';
  const day = `${date.getUTCFullYear()}-${pad(date.getUTCMonth() + 1)}-${pad(date.getUTCDate())}`;
  const hours = date.getUTCHours();
  const minutes = date.getUTCMinutes();
  return hours === 0 && minutes === 0 ? day : `${day} ${pad(hours)}:${pad(minutes)}`;
}

interface CellText {
  text: string;
  bold?: boolean;
}

/** The text a user sees for any exceljs cell value (formulas give their cached result). */
function valueText(value: unknown): CellText {
  if (value === null || value === undefined) return { text: '' };
  if (typeof value === 'string') return { text: withoutFormulaGuard(value) };
  if (typeof value === 'number')
    return { text: Number.isInteger(value) ? String(value) : String(Number(value.toPrecision(15))) };
  if (typeof value === 'boolean') return { text: value ? 'VRAI' : 'FAUX' };
  if (value instanceof Date) return { text: formatSpreadsheetDate(value) };
  if (typeof value === 'object') {
    const record = value as Record<string, unknown>;
    if (Array.isArray(record.richText)) {
      const runs = record.richText as { text?: unknown; font?: { bold?: boolean } }[];
      const text = runs.map((run) => (typeof run.text === 'string' ? run.text : '')).join('');
      const visible = runs.filter((run) => typeof run.text === 'string' && run.text.trim());
      return { text, bold: visible.length > 0 && visible.every((run) => run.font?.bold === true) };
    }
    if ('formula' in record || 'sharedFormula' in record || 'result' in record)
      return valueText(record.result);
    if ('text' in record) return valueText(record.text);
    if (typeof record.error === 'string') return { text: record.error };
  }
  return { text: '' };
}

function argbToHex(argb: unknown): string | undefined {
  if (typeof argb !== 'string' || !/^[0-9a-fA-F]{6,8}$/.test(argb)) return undefined;
  return `#${argb.slice(-6).toLowerCase()}`;
}

/**
 * A copy of a cell's text that does not point into the XML chunk the parser cut it from: V8
 * keeps a substring's whole parent string alive, so a large sheet's plan would otherwise
 * hold most of the sheet's XML (hundreds of megabytes). Short strings are copied anyway.
 */
function detached(text: string): string {
  return text.length > 12 ? (' ' + text).slice(1) : text;
}

function convertCell(cell: ExcelJS.Cell): RawCell {
  const value = valueText(cell.value);
  const text = detached(value.text);
  const bold = value.bold;
  // A one-line cell (the common case) shares one string between text and paragraphs: a large
  // sheet holds millions of cells.
  const simple = !/[\r\n\u2028]/.test(text) && text === text.trim();
  const paragraphs = simple
    ? text
      ? [text]
      : []
    : text
        .split(/\r\n|\r|\n|\u2028/)
        .map((line) => line.trim())
        .filter((line) => line.length > 0);
  const raw: RawCell = {
    text: paragraphs.length === 1 ? paragraphs[0]! : paragraphs.join('\n'),
    paragraphs: paragraphs.length > 0 ? paragraphs : [''],
    colSpan: 1,
    rowSpan: 1,
  };
  const fill = cell.fill as ExcelJS.Fill | undefined;
  if (fill && fill.type === 'pattern' && fill.pattern !== 'none') {
    const colour = argbToHex(
      fill.pattern === 'solid' ? fill.fgColor?.argb : (fill.bgColor?.argb ?? fill.fgColor?.argb),
    );
    if (colour) raw.fill = colour;
  }
  if (raw.text && (bold || cell.font?.bold === true)) raw.bold = true;
  return raw;
}
