import { JalonError } from '../core/errors.ts';
import type { Plan, PlanWarning } from '../core/plan-schema.ts';
import { writeCsv } from './csv-writer.ts';
import { writeDocx } from './docx-writer.ts';
import { exportLayouts, type ExportLayout } from './export-layout.ts';
import { writeHtml } from './html-writer.ts';
import { writeJson } from './json-writer.ts';
import { writeMarkdown } from './markdown-writer.ts';
import { writePdf } from './pdf-writer.ts';
import { makePublicPlan } from './public-plan.ts';
import { looksLikeFormula } from './spreadsheet-safety.ts';
import { listActions } from '../core/plan-walk.ts';
import { writeXlsx } from './xlsx-writer.ts';

export { exportLayouts, type ExportLayout } from './export-layout.ts';
export { makePublicPlan } from './public-plan.ts';

export const exportFormats = ['docx', 'pdf', 'xlsx', 'csv', 'json', 'md', 'html'] as const;
export type ExportFormat = (typeof exportFormats)[number];

export interface ExportOptions {
  format: ExportFormat;
  /** Column template of the detailed tables (DOCX, PDF, HTML, Markdown); default `original`. */
  layout?: ExportLayout;
  /** The published version: no internal notes, internal extra columns, source locations or warnings. */
  public?: boolean;
}

export interface ExportResult {
  bytes: Uint8Array;
  mimeType: string;
  /** A file name made from the plan's title, with the format's extension. */
  fileName: string;
  warnings: PlanWarning[];
}

const mimeTypes: Record<ExportFormat, string> = {
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  pdf: 'application/pdf',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  csv: 'text/csv; charset=utf-8',
  json: 'application/json',
  md: 'text/markdown; charset=utf-8',
  html: 'text/html; charset=utf-8',
};

/** "Plan d'Actions Actualisé - 2026" → "plan-d-actions-actualise-2026". */
export function buildFileName(plan: Plan, format: ExportFormat, isPublic: boolean): string {
  const base =
    plan.title
      .normalize('NFD')
      .replace(/[\u0300-\u036f]/g, '')
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 80) || 'plan';
  return `${base}${isPublic ? '-public' : ''}.${format}`;
}

/** Tells the user which texts were neutralised as possible formulas in a spreadsheet export. */
function collectFormulaWarnings(plan: Plan, format: ExportFormat): PlanWarning[] {
  if (format !== 'csv' && format !== 'xlsx') return [];
  const count = listActions(plan).filter(({ action }) =>
    [
      action.text,
      action.notes ?? '',
      action.deadline ?? '',
      ...action.responsibles,
      ...action.indicators,
    ].some(looksLikeFormula),
  ).length;
  if (!count) return [];
  return [
    {
      code: 'FORMULA_NEUTRALISED',
      message: `${count} action(s) ont un texte qui commence par = + - ou @ : une apostrophe a été ajoutée devant pour qu'il ne soit pas lu comme une formule.`,
    },
  ];
}

/**
 * Writes a plan in one format. Pure: no console, no global state; the CLI, the server and the web
 * app call this one function.
 */
export async function exportPlan(plan: Plan, options: ExportOptions): Promise<ExportResult> {
  const layout = options.layout ?? 'original';
  if (!exportFormats.includes(options.format)) {
    throw new JalonError('UNSUPPORTED_FORMAT', {
      fr: `Format d’export inconnu « ${options.format} » : choisissez parmi ${exportFormats.join(', ')}.`,
      en: `Unknown export format "${options.format}": use one of ${exportFormats.join(', ')}.`,
    });
  }
  if (!exportLayouts.includes(layout)) {
    throw new JalonError('BAD_INPUT', {
      fr: `Mise en page inconnue « ${layout} » : choisissez original ou aeqes.`,
      en: `Unknown layout "${layout}": use original or aeqes.`,
    });
  }
  const source = options.public ? makePublicPlan(plan) : plan;
  const bytes = await writeFormat(source, options.format, layout);
  return {
    bytes,
    mimeType: mimeTypes[options.format],
    fileName: buildFileName(plan, options.format, options.public ?? false),
    warnings: collectFormulaWarnings(source, options.format),
  };
}

async function writeFormat(plan: Plan, format: ExportFormat, layout: ExportLayout): Promise<Uint8Array> {
  switch (format) {
    case 'docx':
      return writeDocx(plan, { layout });
    case 'pdf':
      return writePdf(plan, { layout });
    case 'xlsx':
      return writeXlsx(plan);
    case 'csv':
      return writeCsv(plan);
    case 'json':
      return writeJson(plan);
    case 'md':
      return writeMarkdown(plan, { layout });
    case 'html':
      return writeHtml(plan, { layout });
  }
}

export {
  buildDiffDocument,
  buildProgressDocument,
  exportDiff,
  exportProgressRecord,
  writeDiffMarkdown,
  type DocumentFile,
  type VersionLabels,
} from './follow-up-documents.ts';
export { renderHtmlDocument } from './html-writer.ts';
export { buildPlanDocument } from './plan-document.ts';
export { escapeHtml } from './html-writer.ts';
