import ExcelJS from 'exceljs';
import type { Plan } from '../core/plan-schema.ts';
import {
  buildActionSheet,
  buildObjectiveSheet,
  buildRecommendationSheet,
  type Sheet,
} from './action-rows.ts';
import { neutraliseFormula } from './spreadsheet-safety.ts';
import { selectTimelineYears, timelineColours } from './synthesis-timeline.ts';

const HEADER_FILL = 'FFD9E2F3';

function addSheet(workbook: ExcelJS.Workbook, sheet: Sheet): void {
  const worksheet = workbook.addWorksheet(sheet.name, { views: [{ state: 'frozen', ySplit: 1 }] });
  worksheet.columns = sheet.columns.map((column) => ({
    header: column.header,
    width: column.width,
    style: {
      alignment: { wrapText: true, vertical: 'top' },
      ...(column.date ? { numFmt: 'dd/mm/yyyy' } : {}),
    },
  }));
  for (const row of sheet.rows) {
    worksheet.addRow(row.map((value) => (typeof value === 'string' ? neutraliseFormula(value) : value)));
  }
  const header = worksheet.getRow(1);
  header.font = { bold: true };
  header.eachCell((cell) => {
    cell.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: HEADER_FILL } };
  });
  sheet.fills?.forEach((rowFills, r) => {
    rowFills.forEach((fill, c) => {
      if (fill) {
        worksheet.getCell(r + 2, c + 1).fill = {
          type: 'pattern',
          pattern: 'solid',
          fgColor: { argb: `FF${fill.toUpperCase()}` },
        };
      }
    });
  });
  if (sheet.rows.length) {
    worksheet.autoFilter = {
      from: { row: 1, column: 1 },
      to: { row: sheet.rows.length + 1, column: sheet.columns.length },
    };
  }
}

/**
 * The plan as a workbook: "Actions" (one row per action, filters, frozen header, real dates),
 * "Objectifs" (fields and the synthesis timeline, one column per quadrimester, coloured), and
 * "Recommandations" (the experts' register and what answers each one).
 */
export async function writeXlsx(plan: Plan): Promise<Uint8Array> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'Jalon';
  workbook.title = plan.title;
  // A fixed date keeps two exports of the same plan byte-comparable apart from content.
  workbook.created = plan.updatedAt ? new Date(`${plan.updatedAt}T00:00:00Z`) : new Date(0);
  workbook.modified = workbook.created;
  addSheet(workbook, buildActionSheet(plan));
  addSheet(workbook, buildObjectiveSheet(plan, selectTimelineYears(plan), timelineColours));
  addSheet(workbook, buildRecommendationSheet(plan));
  const buffer = await workbook.xlsx.writeBuffer();
  return new Uint8Array(buffer as ArrayBuffer);
}
