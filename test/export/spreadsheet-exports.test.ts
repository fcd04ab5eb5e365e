import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listActions, listObjectives } from '../../src/core/plan-walk.ts';
import { exportPlan } from '../../src/export/index.ts';
import { buildPlan } from '../factories/build-plan.ts';
import { convertWithLibreOffice, makeScratch } from './office-tools.ts';

const plan = buildPlan({ hostile: true });
const actions = listActions(plan);
let scratch: Awaited<ReturnType<typeof makeScratch>>;

beforeAll(async () => {
  scratch = await makeScratch('sheets');
});
afterAll(async () => {
  await scratch.cleanup();
});

/** RFC 4180 reader, strict enough to fail on a broken quote. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') {
      if (field !== '') throw new Error(`quote inside an unquoted field, row ${rows.length + 1}`);
      quoted = true;
    } else if (c === ',') {
      row.push(field);
      field = '';
    } else if (c === '\r' && text[i + 1] === '\n') {
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
      i++;
    } else field += c;
  }
  if (quoted) throw new Error('unterminated quote');
  if (field !== '' || row.length) rows.push([...row, field]);
  return rows;
}

describe('XLSX export', () => {
  it('has an Actions sheet with one row per action, filters, a frozen header, real dates and wrapped text', async () => {
    const { bytes } = await exportPlan(plan, { format: 'xlsx' });
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(bytes.buffer as ArrayBuffer);
    expect(workbook.worksheets.map((s) => s.name)).toEqual(['Actions', 'Objectifs', 'Recommandations']);
    const sheet = workbook.getWorksheet('Actions')!;
    expect(sheet.rowCount).toBe(actions.length + 1);
    expect(sheet.autoFilter).toBeTruthy();
    expect(sheet.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
    const headers = (sheet.getRow(1).values as string[]).slice(1);
    expect(headers.slice(0, 6)).toEqual([
      'Axe',
      'Sous-dimension',
      'Objectif général',
      'Objectif opérationnel',
      'Implantation(s)',
      'Description des actions',
    ]);
    expect(headers).toContain('Partenaire(s)');
    const column = (name: string) => headers.indexOf(name) + 1;
    const stepRow = actions.findIndex(({ action }) => action.kind === 'step') + 2;
    const start = sheet.getCell(stepRow, column('Début')).value;
    expect(start).toBeInstanceOf(Date);
    expect((start as Date).toISOString().slice(0, 10)).toBe('2026-09-01');
    expect(sheet.getCell(2, column('Description des actions')).alignment?.wrapText).toBe(true);
    // A text that starts like a formula is written as text, with an apostrophe in front.
    const texts = actions.map((_, i) =>
      String(sheet.getCell(i + 2, column('Description des actions')).value ?? ''),
    );
    expect(texts).toContain(`'=HYPERLINK("http://evil.example","clic")`);
    expect(texts.every((t) => !/^[=+\-@]/.test(t))).toBe(true);
  });

  it('has the objectives with their timeline, coloured, and the recommendations with what answers them', async () => {
    const { bytes } = await exportPlan(plan, { format: 'xlsx' });
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(bytes.buffer as ArrayBuffer);
    const objectives = workbook.getWorksheet('Objectifs')!;
    expect(objectives.rowCount).toBe(listObjectives(plan).length + 1);
    const headers = (objectives.getRow(1).values as string[]).slice(1);
    expect(headers).toContain('2025-2026 Q1');
    const fills = new Set<string>();
    objectives.eachRow((row) =>
      row.eachCell((cell) => {
        const fill = cell.fill as { fgColor?: { argb?: string } } | undefined;
        if (fill?.fgColor?.argb) fills.add(fill.fgColor.argb);
      }),
    );
    expect(fills).toContain('FF1E7B34');
    expect(fills).toContain('FFA8D5A2');
    const recommendations = workbook.getWorksheet('Recommandations')!;
    const answered = recommendations.getRow(2).values as string[];
    expect(answered.slice(1, 3)).toEqual(['2', '2']);
    expect(String(answered[5])).toContain('Objectif opérationnel 1 ');
    const unanswered = recommendations.getRow(3).values as string[];
    expect(unanswered.slice(1, 3)).toEqual(['3', '6']);
    expect(unanswered[4]).toBe('Déjà couvert par le plan stratégique.');
    expect(unanswered[5] ?? '').toBe('');
  });

  it('converts to CSV in LibreOffice with one line per action', async () => {
    const { bytes } = await exportPlan(plan, { format: 'xlsx' });
    const csv = await convertWithLibreOffice(
      scratch.dir,
      'plan.xlsx',
      bytes,
      'csv:Text - txt - csv (StarCalc):44,34,76',
    );
    const rows = parseCsv(csv.toString('utf8').replace(/\r?\n/g, '\r\n'));
    expect(rows.length).toBe(actions.length + 1);
  });
});

describe('CSV export', () => {
  it('is the Actions sheet in UTF-8 with a BOM and RFC 4180 quoting that survives hostile texts', async () => {
    const { bytes, mimeType, warnings } = await exportPlan(plan, { format: 'csv' });
    expect(mimeType).toBe('text/csv; charset=utf-8');
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = new TextDecoder().decode(bytes).slice(1);
    const rows = parseCsv(text);
    expect(rows.length).toBe(actions.length + 1);
    expect(rows.every((r) => r.length === rows[0]!.length)).toBe(true);
    const textColumn = rows[0]!.indexOf('Description des actions');
    const written = rows.slice(1).map((r) => r[textColumn]);
    expect(written).toContain('Guillemets "doubles", virgule; point-virgule\nsur deux lignes');
    expect(written).toContain(`'@SUM(A1:A3)`);
    expect(written.every((t) => !/^[=+\-@\t\r]/.test(t!))).toBe(true);
    expect(warnings.map((w) => w.code)).toContain('FORMULA_NEUTRALISED');
  });
});
