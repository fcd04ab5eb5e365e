import type { TermSlot } from '../../core/academic-calendar.ts';
import { filledCells, type GridCell, type GridRow } from './table-grid.ts';

/** One objective row of a synthesis timeline table. */
export interface TimelineEntry {
  label: string;
  slots: TermSlot[];
  /** Dark shading = run by all sites, light = by some; null when the row is not shaded. */
  scope: 'all' | 'some' | null;
  isNew: boolean;
  completionNote: string | null;
  /** From the shading: true when the row reads as a general objective (grey or bold, no term shaded), null when the table has no colours. */
  looksGeneral: boolean | null;
  sourceRow: number;
}

export interface TimelineTable {
  table: number | string;
  /** A full-width title row above the years (the axis), if any. */
  titles: string[];
  years: string[];
  yearRow: number;
  entries: TimelineEntry[];
}

interface Hsl {
  h: number;
  s: number;
  l: number;
}

function toHsl(hex: string): Hsl {
  const n = parseInt(hex.slice(1), 16);
  const r = ((n >> 16) & 255) / 255;
  const g = ((n >> 8) & 255) / 255;
  const b = (n & 255) / 255;
  const max = Math.max(r, g, b);
  const min = Math.min(r, g, b);
  const l = (max + min) / 2;
  const d = max - min;
  if (d === 0) return { h: 0, s: 0, l };
  const s = d / (1 - Math.abs(2 * l - 1));
  let h: number;
  if (max === r) h = ((g - b) / d) % 6;
  else if (max === g) h = (b - r) / d + 2;
  else h = (r - g) / d + 4;
  return { h: (h * 60 + 360) % 360, s, l };
}

/** A shading that marks something (not white, not grey). */
function isMarkingColour(colour: string | null): boolean {
  if (!colour) return false;
  const { s, l } = toHsl(colour);
  return s > 0.2 && l < 0.97;
}

function cellColour(cell: GridCell): string | null {
  return isMarkingColour(cell.fill) ? cell.fill : isMarkingColour(cell.highlight) ? cell.highlight : null;
}

/** Pale yellow or orange: the "new since the update" label colour. */
function isNewColour(colour: string | null): boolean {
  if (!colour) return false;
  const { h, s, l } = toHsl(colour);
  return s > 0.2 && h >= 30 && h <= 70 && l > 0.6;
}

/**
 * Reads a synthesis timeline table (a year header row, a Q1/Q2 row, then one row per
 * objective with shaded term cells). Shaded term cells give the objective's timeline; dark
 * shading means all sites and light shading some sites; text in the term cells is a
 * completion note ("Action terminée en 2021-2022").
 */
export function readTimelineTable(
  rows: GridRow[],
  layout: { yearIndex: number; termIndex: number | null; slots: Map<number, TermSlot[]>; years: string[] },
  table: number | string,
): TimelineTable {
  const titles = rows
    .slice(0, layout.yearIndex)
    .map((row) => filledCells(row))
    .filter((cells) => cells.length > 0)
    .map((cells) => cells.map(({ cell }) => cell.text).join(' '));
  const first = (layout.termIndex ?? layout.yearIndex) + 1;
  const slotCols = [...layout.slots.keys()];
  const tableHasColours = rows
    .slice(first)
    .some((row) => row.cells.some((cell) => cellColour(cell) !== null));
  const entries: TimelineEntry[] = [];
  for (const row of rows.slice(first)) {
    const labelCells = row.cells.filter((_, col) => !layout.slots.has(col));
    const label = labelCells
      .map((cell) => cell.text)
      .filter(Boolean)
      .join(' ')
      .trim();
    if (!label) continue;
    const slots: TermSlot[] = [];
    const notes: string[] = [];
    const lightness: number[] = [];
    for (const col of slotCols) {
      const cell = row.cells[col];
      if (!cell) continue;
      if (cell.text && !cell.spanned) notes.push(cell.text);
      const colour = cellColour(cell);
      if (colour) {
        slots.push(...(layout.slots.get(col) ?? []));
        lightness.push(toHsl(colour).l);
      }
    }
    const labelCell = labelCells[0];
    const labelColour = labelCell ? (labelCell.highlight ?? labelCell.fill) : null;
    const scope = lightness.length === 0 ? null : Math.min(...lightness) < 0.5 ? 'all' : 'some';
    entries.push({
      label,
      slots: dedupeSlots(slots),
      scope,
      isNew: isNewColour(labelColour),
      completionNote: notes.length ? notes.join(' ') : null,
      looksGeneral: tableHasColours ? slots.length === 0 && notes.length === 0 : null,
      sourceRow: row.sourceRow,
    });
  }
  return { table, titles, years: layout.years, yearRow: rows[layout.yearIndex]?.sourceRow ?? 0, entries };
}

function dedupeSlots(slots: TermSlot[]): TermSlot[] {
  const seen = new Set<string>();
  return slots.filter((slot) => {
    const key = `${slot.year}/${slot.term}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** Academic years missing between the first and last year of a timeline header ("2026-2027" between 2025-2026 and 2027-2028). */
export function missingYears(years: string[]): string[] {
  const starts = years.map((y) => Number(y.slice(0, 4))).sort((a, b) => a - b);
  const missing: string[] = [];
  for (let i = 1; i < starts.length; i++) {
    for (let y = starts[i - 1]! + 1; y < starts[i]!; y++) missing.push(`${y}-${y + 1}`);
  }
  return missing;
}
