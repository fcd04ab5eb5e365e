import type { ExportOptions, ExportResult } from '../export/index.ts';

import { timeExport } from './metrics.ts';

type ExportModule = typeof import('../export/index.ts');

let exporters: Promise<ExportModule> | null = null;

/**
 * The exporters (src/export), loaded on first use: docx, pdfmake and exceljs take a noticeable
 * part of start-up time and memory, and a server that never exports never loads them.
 */
export function loadExporters(): Promise<ExportModule> {
  exporters ??= import('../export/index.ts');
  return exporters;
}

/** A plan as a file in the asked format. */
export async function exportPlanFile(
  plan: Parameters<ExportModule['exportPlan']>[0],
  options: ExportOptions,
): Promise<ExportResult> {
  return timeExport(options.format, async () => (await loadExporters()).exportPlan(plan, options));
}
