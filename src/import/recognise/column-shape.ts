import { foldText } from '../../core/text.ts';
import type { GridRow } from './table-grid.ts';

/**
 * How a column's cells lie over a table's action rows: a column whose cells are merged
 * vertically over groups of rows, repeat a value over consecutive rows, or are filled only at
 * the start of each group is a level of the plan's structure, not a field of each action.
 */
export interface ColumnShape {
  col: number;
  /** Action rows seen (title rows, repeated headers and empty rows left out). */
  rows: number;
  /** Groups of rows the column forms, by the index of their first action row. */
  starts: number[];
  /** Rows continuing a group by a vertical merge, by writing the value again, or by being empty. */
  merged: number;
  repeated: number;
  empty: number;
  /** Rows in no group (empty before the column's first value). */
  outside: number;
  /** Smallest and largest group, in rows. */
  minGroup: number;
  maxGroup: number;
  /** Mean length of the values that start groups. */
  meanLength: number;
}

/** What made the column a grouping column, for the reading's reasons. */
export type GroupingEvidence = 'merged' | 'repeated' | 'group-starts';

function comparable(text: string): string {
  return foldText(text).replace(/\s+/g, ' ').trim();
}

/**
 * Whether two texts are the same but for case, accents and spacing. Folding keeps lengths
 * within a few characters, so texts of quite different lengths are told apart unfolded.
 */
function sameFolded(text: string, other: string): boolean {
  if (Math.abs(text.length - other.length) > 4) return false;
  return comparable(text) === comparable(other);
}

/**
 * The shape of each column over the given action rows. `breaks` are the indexes of action rows
 * that follow a title row (a full-width "Axe 2" row): no group runs across them.
 */
export function measureColumnShapes(
  rows: GridRow[],
  columns: readonly number[],
  breaks: ReadonlySet<number>,
): Map<number, ColumnShape> {
  const shapes = new Map<number, ColumnShape>();
  for (const col of columns) {
    const starts: number[] = [];
    const sizes: number[] = [];
    let merged = 0;
    let repeated = 0;
    let empty = 0;
    let outside = 0;
    let lengths = 0;
    let current: string | null = null;
    let currentText: string | null = null;
    rows.forEach((row, r) => {
      const cell = row.cells[col];
      const text = cell && !cell.spanned ? cell.text : '';
      if (breaks.has(r)) current = currentText = null;
      if (cell?.mergedFromAbove && !cell.spanned && current !== null) {
        merged += 1;
        sizes[sizes.length - 1]! += 1;
        return;
      }
      if (text) {
        // Values written again are mostly the same string: folded only when they differ.
        if (current !== null && (text === currentText || sameFolded(text, currentText!))) {
          repeated += 1;
          sizes[sizes.length - 1]! += 1;
          return;
        }
        current = '';
        currentText = text;
        starts.push(r);
        sizes.push(1);
        lengths += text.length;
        return;
      }
      if (current !== null) {
        empty += 1;
        sizes[sizes.length - 1]! += 1;
      } else outside += 1;
    });
    shapes.set(col, {
      col,
      rows: rows.length,
      starts,
      merged,
      repeated,
      empty,
      outside,
      // Loops: Math.min(...sizes) overflows the stack beyond about 120,000 groups.
      minGroup: sizes.length ? sizes.reduce((a, b) => Math.min(a, b)) : 0,
      maxGroup: sizes.length ? sizes.reduce((a, b) => Math.max(a, b)) : 0,
      meanLength: starts.length ? lengths / starts.length : 0,
    });
  }
  return shapes;
}

/**
 * Whether the column groups the rows: values that start groups of several rows, continued by
 * merges, repeats or empty cells, on most of the table. Null when it does not; else what shows it.
 * `emptyCounts` says whether empty continuation cells count (a column filled at group starts):
 * not for a column right of the action text, where empty cells are just missing values.
 */
export function groupingEvidence(shape: ColumnShape, emptyCounts: boolean): GroupingEvidence | null {
  const continued = shape.merged + shape.repeated + (emptyCounts ? shape.empty : 0);
  if (shape.starts.length === 0 || shape.rows < 2) return null;
  // Rows the column leaves outside any group, or empty inside groups it does not form by empty cells.
  const unexplained = shape.outside + (emptyCounts ? 0 : shape.empty);
  if (unexplained > 0.25 * shape.rows) return null;
  if (continued < Math.max(1, 0.25 * shape.rows)) return null;
  if (shape.starts.length > shape.rows / 1.3) return null;
  // Titles are short: a column of paragraphs is a field, whatever its shape.
  if (shape.meanLength > 300) return null;
  if (shape.merged >= shape.repeated && shape.merged >= (emptyCounts ? shape.empty : 0)) return 'merged';
  if (shape.repeated >= (emptyCounts ? shape.empty : 0)) return 'repeated';
  return 'group-starts';
}

/** Whether the groups of `inner` all lie within groups of `outer`: every start of `outer` starts a group of `inner`. */
export function nestsWithin(inner: ColumnShape, outer: ColumnShape): boolean {
  const innerStarts = new Set(inner.starts);
  return outer.starts.every((start) => innerStarts.has(start));
}

/** Smallest and largest group, for the reading's reasons. */
export function groupSizes(shape: ColumnShape): { min: number; max: number } {
  return { min: shape.minGroup, max: shape.maxGroup };
}
