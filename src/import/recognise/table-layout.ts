import { normaliseAcademicYear, type TermSlot } from '../../core/academic-calendar.ts';
import { foldText } from '../../core/text.ts';
import {
  actionScopedKeys,
  matchColumn,
  objectiveLevelKeys,
  objectiveOnlyKeys,
  readTimelineSlotLabel,
  type ColumnKey,
} from '../column-synonyms.ts';
import { mappingLabelKey, type ColumnReading } from '../../core/column-roles.ts';
import { readColumnRoles, type ColumnNote, type ResolvedMapping } from './column-reading.ts';
import { filledCells, type GridRow } from './table-grid.ts';

export interface LayoutOptions {
  /** The coordinator's mapping of header labels to roles, over the header words and the table's shape. */
  mapping?: ResolvedMapping | undefined;
  /** A spreadsheet's sheet: its header may sit below a cover written one line per row. */
  sheet?: boolean;
}

export interface ColumnSpec {
  col: number;
  /** The field; null for a column with no known meaning (kept as an extra field). */
  key: ColumnKey | null;
  /** The label as the institution wrote it ("" for an unlabelled column). */
  label: string;
}

/** The columns of a detailed plan table, found from its header row. */
export interface TableTemplate {
  width: number;
  columns: ColumnSpec[];
  /** Grid column of each known field. */
  byKey: Partial<Record<ColumnKey, number>>;
  /** Folded header labels, to spot the header repeated when a table continues. */
  signature: string[];
  signatureSet: ReadonlySet<string>;
  /** The header labels sat one column left of their data (a pasted header missing its first cell). */
  shifted: boolean;
  /** The quadrimester of each "2025-2026 Q1" column. */
  slots: Map<number, TermSlot>;
  /**
   * A table of objectives (Jalon's "Objectifs" sheet, a timeline with one header row): an
   * objective column, columns only objectives fill, and no action column. Its rows describe
   * objectives and hold no action.
   */
  objectivesOnly: boolean;
  /** How each column was read, with its confidence and reasons (the import preview shows them). */
  readings: ColumnReading[];
  /** Doubts about columns, reported once per template as warnings. */
  notes: ColumnNote[];
  /** Columns named after a campus whose marks ("x") say the action runs there. */
  siteMarks: Array<{ col: number; site: string }>;
}

export type TableLayout =
  | {
      kind: 'plan';
      headerIndex: number;
      template: TableTemplate;
      /** First row of a two-row header. */ headerTop: number;
    }
  | {
      kind: 'timeline';
      yearIndex: number;
      termIndex: number | null;
      slots: Map<number, TermSlot[]>;
      years: string[];
    }
  | { kind: 'headerless' };

/** Keys whose column names the row (objective, step, action): the table's title column. */
export const titleKeys: ReadonlySet<ColumnKey> = new Set([
  'objective',
  'generalObjective',
  'step',
  'text',
  'axis',
  'subdimension',
]);

const headerSearchRows = 6;

/** Whether a row reads as a header: at least two cells, and most of its filled cells, are known column names. */
export function isHeaderRow(row: GridRow, mapping?: ResolvedMapping): boolean {
  const filled = filledCells(row).filter(({ cell }) => !cell.spanned);
  if (filled.length < 2) return false;
  const keys = new Set<ColumnKey | string>();
  let matched = 0;
  for (const { cell } of filled) {
    if (cell.text.length > 120) continue;
    const chosen = mapping?.roles.get(mappingLabelKey(cell.text.replace(/\s+/g, ' ')));
    const key = chosen ? chosen.role : matchColumn(cell.text);
    if (key) {
      matched += 1;
      keys.add(key);
    }
  }
  if (keys.size < 2) return false;
  if (matched >= 0.6 * filled.length) return true;
  // A row of short labels naming the action column and another field, beside columns of the
  // institution's own ("Repère", "Public"): a header too.
  const short = filled.every(({ cell }) => cell.text.length <= 60 && !cell.text.includes('\n'));
  return short && (keys.has('text') || keys.has('step')) && matched >= 0.4 * filled.length;
}

/** A row under a header whose every filled cell is a column name: the second line of a two-row header. */
function isSubHeaderRow(row: GridRow): boolean {
  const filled = filledCells(row).filter(({ cell }) => !cell.spanned && !cell.mergedFromAbove);
  return (
    filled.length > 0 && filled.every(({ cell }) => cell.text.length <= 60 && matchColumn(cell.text) !== null)
  );
}

function academicYearCell(text: string): string | null {
  const clean = text.trim();
  return /^\d{4}\s*[-/–]\s*(\d{2}|\d{4})$/.test(clean) ? normaliseAcademicYear(clean) : null;
}

function termCell(text: string): 'Q1' | 'Q2' | null {
  const m = /^(?:q|s|t|quadri(?:mestre)?|semestre|semester|term)\s*([12])$/.exec(foldText(text.trim()));
  if (!m) return null;
  return m[1] === '1' ? 'Q1' : 'Q2';
}

function detectTimeline(rows: GridRow[]): TableLayout | null {
  for (let i = 0; i < Math.min(rows.length, headerSearchRows); i++) {
    const yearCols: Array<{ col: number; year: string }> = [];
    rows[i]!.cells.forEach((cell, col) => {
      const year = cell.spanned ? null : academicYearCell(cell.text);
      if (year) yearCols.push({ col, year });
    });
    if (yearCols.length < 2) continue;
    const slots = new Map<number, TermSlot[]>();
    const next = rows[i + 1];
    const termCols = next
      ? next.cells.map((cell, col) => ({ col, term: termCell(cell.text) })).filter((t) => t.term)
      : [];
    const yearAt = (col: number) => yearCols.toReversed().find((y) => y.col <= col)?.year ?? null;
    if (termCols.length >= 2) {
      for (const { col, term } of termCols) {
        const year = yearAt(col);
        if (year && term) slots.set(col, [{ year, term }]);
      }
    } else {
      const width = rows[i]!.cells.length;
      yearCols.forEach(({ col, year }, k) => {
        const end = yearCols[k + 1]?.col ?? width;
        for (let c = col; c < end; c++) {
          slots.set(c, [
            { year, term: 'Q1' },
            { year, term: 'Q2' },
          ]);
        }
      });
    }
    return {
      kind: 'timeline',
      yearIndex: i,
      termIndex: termCols.length >= 2 ? i + 1 : null,
      slots,
      years: yearCols.map((y) => y.year),
    };
  }
  return null;
}

/** Finds what kind of table this is: a detailed plan table (with its header), a synthesis timeline, or a table without header. */
export function detectLayout(rows: GridRow[], options: LayoutOptions = {}): TableLayout {
  // A sheet may hold a cover and some narrative above its table, one line per row: its header is
  // looked for past them; elsewhere (and in sheets past a row of several cells) in the first rows only.
  let linesOnly = true;
  for (let i = 0; i < rows.length; i++) {
    if (i >= headerSearchRows && (!linesOnly || !options.sheet)) break;
    if (filledCells(rows[i]!).filter(({ cell }) => !cell.spanned).length > 1) linesOnly = false;
    if (!isHeaderRow(rows[i]!, options.mapping)) continue;
    // A two-row header ("Suivi" spanning "Statut | Commentaire"): the second row's labels win where it has some.
    const next = rows[i + 1];
    if (next && isSubHeaderRow(next)) {
      const merged: GridRow = {
        ...rows[i]!,
        cells: rows[i]!.cells.map((cell, col) => {
          const below = next.cells[col];
          return below?.text
            ? { ...cell, text: below.text, paragraphs: below.paragraphs, spanned: false }
            : cell;
        }),
      };
      const withMerged = [...rows.slice(0, i), merged, ...rows.slice(i + 2)];
      return {
        kind: 'plan',
        headerIndex: i + 1,
        headerTop: i,
        template: buildTemplate(withMerged, i, options),
      };
    }
    return { kind: 'plan', headerIndex: i, headerTop: i, template: buildTemplate(rows, i, options) };
  }
  return detectTimeline(rows) ?? { kind: 'headerless' };
}

/** The template of a header row, with unlabelled and misaligned first columns resolved. */
export function buildTemplate(
  rows: GridRow[],
  headerIndex: number,
  options: LayoutOptions = {},
): TableTemplate {
  const header = rows[headerIndex]!;
  const width = header.cells.length;
  let labels = header.cells.map((cell) => (cell.spanned ? '' : cell.text.replace(/\s+/g, ' ').trim()));
  let keys = labels.map((label) => (label ? matchColumn(label) : null));
  const data = rows.slice(headerIndex + 1);
  // A pasted header that lost its leading empty cell: labels start on the title column and the
  // last label is empty while the data has values there. Shift the labels one column right.
  const lastFilledInData = data.some((row) => (row.cells[width - 1]?.text ?? '') !== '');
  const shifted =
    width > 2 &&
    labels[0] !== '' &&
    labels[width - 1] === '' &&
    keys[0] !== null &&
    !titleKeys.has(keys[0]!) &&
    lastFilledInData;
  if (shifted) {
    labels = ['', ...labels.slice(0, width - 1)];
    keys = [null, ...keys.slice(0, width - 1)];
  }
  // A "Tâches" column in a table without action column holds the actions.
  if (!keys.includes('text') && !keys.includes('step')) keys = keys.map((k) => (k === 'tasks' ? 'text' : k));
  // Columns only objectives fill, in a table of actions, have no field to go to: extra fields.
  const hasActionColumn = keys.includes('text') || keys.includes('step');
  if (hasActionColumn) keys = keys.map((k) => (k && objectiveOnlyKeys.has(k) ? null : k));
  const read = readColumnRoles({ rows, headerIndex, labels, keys, mapping: options.mapping });
  keys = read.keys;
  const byKey: Partial<Record<ColumnKey, number>> = {};
  const slots = new Map<number, TermSlot>();
  const columns: ColumnSpec[] = labels.map((label, col) => {
    let key = keys[col] ?? null;
    const slot = key === 'timelineSlot' ? readTimelineSlotLabel(label) : null;
    if (slot) {
      slots.set(col, slot);
      return { col, key, label };
    }
    if (key === 'timelineSlot') key = null;
    if (key && byKey[key] !== undefined) {
      key = null;
      const reading = read.readings[col];
      if (reading) read.readings[col] = { ...reading, role: 'extra', confidence: 'low' };
    }
    if (key) byKey[key] = col;
    return { col, key, label };
  });
  // Without an objective column, "Garant" next to "Garant de l'action" has no objective to
  // describe: it is kept as an extra column rather than competing for the action's field.
  if (byKey.objective === undefined) {
    for (const field of objectiveLevelKeys) {
      const plain = byKey[field];
      if (plain === undefined || byKey[actionScopedKeys[field]] === undefined) continue;
      columns[plain] = { ...columns[plain]!, key: null };
      read.readings[plain] = { ...read.readings[plain]!, role: 'extra' };
      delete byKey[field];
    }
  }
  const signature = labels.map((l) => foldText(l));
  const objectivesOnly =
    !hasActionColumn &&
    byKey.objective !== undefined &&
    columns.some((c) => c.key !== null && objectiveOnlyKeys.has(c.key));
  return {
    width,
    columns,
    byKey,
    signature,
    signatureSet: new Set(signature.filter(Boolean)),
    shifted,
    slots,
    objectivesOnly,
    readings: read.readings,
    notes: read.notes,
    siteMarks: read.siteMarks,
  };
}

/** Whether a row repeats the template's header (a table continued on a new page). */
export function isRepeatedHeader(row: GridRow, template: TableTemplate): boolean {
  const filled = filledCells(row);
  if (filled.length < 2) return false;
  const wanted = template.signatureSet;
  const needed = Math.max(2, 0.6 * filled.length);
  let same = 0;
  let missed = 0;
  for (const { cell } of filled) {
    // Header labels are short: longer cells are data and need no folding.
    if (cell.text.length <= 120 && wanted.has(foldText(cell.text.replace(/\s+/g, ' ').trim()))) same += 1;
    // Data rows are told apart after a few cells: the rest need no folding either.
    else if (++missed > filled.length - needed) break;
  }
  return same >= needed || (row.repeatedHeader && isHeaderRow(row));
}
