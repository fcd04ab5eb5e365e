import type { Plan } from '../core/plan-schema.ts';
import { buildActionSheet, type CellValue } from './action-rows.ts';
import { neutraliseFormula } from './spreadsheet-safety.ts';

/** RFC 4180: a field with a comma, quote or line break is quoted, quotes doubled; lines end in CRLF. */
function quoteField(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

function formatValue(value: CellValue): string {
  if (value === null) return '';
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  if (typeof value === 'number') return String(value);
  return neutraliseFormula(value);
}

/** The "Actions" sheet as CSV: UTF-8 with a byte-order mark (so Excel reads the accents), comma-separated. */
export function writeCsv(plan: Plan): Uint8Array {
  const sheet = buildActionSheet(plan);
  const lines = [
    sheet.columns.map((c) => quoteField(c.header)),
    ...sheet.rows.map((row) => row.map((v) => quoteField(formatValue(v)))),
  ];
  const text = `\uFEFF${lines.map((fields) => fields.join(',')).join('\r\n')}\r\n`;
  return new TextEncoder().encode(text);
}
