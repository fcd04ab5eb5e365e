/**
 * Import benchmarks, each with a baseline or budget measured in the same run:
 * 1. Seed 000 DOCX: readDocx + recognisePlan against mammoth's bare docx→HTML of the same
 *    file (goal: ≤ 1.5× mammoth and < 200 ms).
 * 2. Seed 000 PDF, 23 pages: readPdf + recognisePlan, first call (pdfjs loaded then) and warm
 *    (goal < 1 s).
 * 3. A generated ~50 MB spreadsheet of plan rows, read in a child process: time and peak
 *    resident memory (the reader streams files above 8 MB), against exceljs's streaming reader
 *    going through the same rows and keeping nothing.
 *
 * Run: node bin/run-ts bench/import-bench.ts [--xlsx-mb 50] [--skip-xlsx]
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import mammoth from 'mammoth';
import { readDocx } from '../src/import/docx-reader.ts';
import { readPdf } from '../src/import/pdf-reader.ts';
import { recognisePlan } from '../src/import/table-recogniser.ts';
import { readXlsx } from '../src/import/xlsx-reader.ts';
import { fixturesDir } from '../test/support/shared-files.ts';

const fixtures = `${fixturesDir}/`;
const args = process.argv.slice(2);
const option = (name: string, fallback: number): number => {
  const index = args.indexOf(`--${name}`);
  return index >= 0 ? Number(args[index + 1]) : fallback;
};

let failed = false;
function report(name: string, value: string, ok: boolean, note = ''): void {
  if (!ok) failed = true;
  process.stdout.write(`${ok ? 'ok  ' : 'FAIL'} ${name.padEnd(46)} ${value.padStart(12)}  ${note}\n`);
}

/** Median of `runs` timed calls after one warm-up call, in milliseconds. */
async function measure(run: () => Promise<unknown>, runs = 7): Promise<number> {
  await run();
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const started = performance.now();
    await run();
    times.push(performance.now() - started);
  }
  return times.sort((a, b) => a - b)[Math.floor(times.length / 2)]!;
}

async function benchDocx(): Promise<void> {
  const bytes = new Uint8Array(readFileSync(`${fixtures}000_408056d1a7750f6e.docx`));
  const buffer = Buffer.from(bytes);
  const jalon = await measure(async () => recognisePlan(await readDocx(bytes, { file: 'seed-000.docx' })));
  const readerOnly = await measure(() => readDocx(bytes, { file: 'seed-000.docx' }));
  const baseline = await measure(() => mammoth.convertToHtml({ buffer }));
  const ratio = jalon / baseline;
  report(
    'DOCX seed 000: readDocx + recognisePlan',
    `${jalon.toFixed(0)} ms`,
    jalon < 200 && ratio <= 1.5,
    `goal < 200 ms and ≤ 1.5× mammoth; ratio ${ratio.toFixed(2)}×`,
  );
  report('  of which readDocx alone', `${readerOnly.toFixed(0)} ms`, true);
  report('  baseline: mammoth docx→HTML, same file', `${baseline.toFixed(0)} ms`, true);
}

async function benchPdf(): Promise<void> {
  const bytes = new Uint8Array(readFileSync(`${fixtures}000_408056d1a7750f6e.pdf`));
  const started = performance.now();
  recognisePlan(await readPdf(bytes, { file: 'seed-000.pdf' }));
  const cold = performance.now() - started;
  const warm = await measure(async () => recognisePlan(await readPdf(bytes, { file: 'seed-000.pdf' })), 5);
  const baseline = await measure(() => extractPdfText(bytes), 5);
  const ratio = (warm / baseline).toFixed(2);
  report(
    'PDF seed 000, 23 pages: readPdf + recognisePlan',
    `${warm.toFixed(0)} ms`,
    warm < 1000,
    `goal < 1 s (pdfjs loaded); ${ratio}× baseline`,
  );
  report('  first call, loading pdfjs', `${cold.toFixed(0)} ms`, true, 'once per process');
  report(
    '  baseline: bare pdfjs text of every page',
    `${baseline.toFixed(0)} ms`,
    true,
    'the least any PDF import does',
  );
}

/** The baseline: pdfjs's text content of every page, nothing else (no drawing, no layout). */
async function extractPdfText(bytes: Uint8Array): Promise<number> {
  const pdfjs = await import('pdfjs-dist/legacy/build/pdf.mjs');
  const task = pdfjs.getDocument({
    data: new Uint8Array(bytes),
    disableFontFace: true,
    isEvalSupported: false,
    verbosity: 0,
  });
  const document = await task.promise;
  let items = 0;
  for (let page = 1; page <= document.numPages; page++)
    items += (await (await document.getPage(page)).getTextContent()).items.length;
  await task.destroy();
  return items;
}

/** Writes (once, cached in the temp folder) a spreadsheet of plan-like rows of about `megabytes`. */
async function ensureLargeWorkbook(megabytes: number): Promise<string> {
  const path = join(tmpdir(), `jalon-import-bench-${megabytes}mb.xlsx`);
  if (existsSync(path)) return path;
  const writer = new ExcelJS.stream.xlsx.WorkbookWriter({
    filename: path,
    useSharedStrings: false,
    useStyles: true,
  });
  const words =
    'action plan qualité étudiants enseignants stage évaluation réussite suivi coordination implantation objectif indicateur responsable direction campus projet'.split(
      ' ',
    );
  let state = 42;
  const nextWord = (): string => {
    state = (state * 1103515245 + 12345) % 2147483648;
    return words[state % words.length]!;
  };
  const sentence = (count: number): string => Array.from({ length: count }, nextWord).join(' ');
  const statuses = ['Réalisé', 'En cours', 'À venir', 'Reporté', "Plus d'actualité"];
  // About 150 bytes of compressed XML a row (measured): rows for the size asked.
  const rowCount = Math.round((megabytes * 1024 * 1024) / 150);
  const sheets = 4;
  for (let sheetNumber = 1; sheetNumber <= sheets; sheetNumber++) {
    const sheet = writer.addWorksheet(`Axe ${sheetNumber}`);
    sheet
      .addRow([
        'Objectif',
        'Action(s)',
        'Responsable(s)',
        'Échéance',
        'Statut',
        'Indicateurs',
        'Résultats attendus',
        'Implantation',
      ])
      .commit();
    for (let row = 0; row < rowCount / sheets; row++) {
      sheet
        .addRow([
          `Objectif ${Math.floor(row / 5)} : ${sentence(8)}`,
          `${sentence(20)} ${row}`,
          sentence(4),
          new Date(Date.UTC(2025 + (row % 4), row % 12, 1 + (row % 28))),
          statuses[row % statuses.length],
          `${sentence(6)}\n${sentence(6)}`,
          sentence(12),
          ['LLN', 'MONS', 'MONTIGNIES', 'Commun'][row % 4],
        ])
        .commit();
    }
    sheet.commit();
  }
  await writer.commit();
  return path;
}

interface ChildFigures {
  elapsed: number;
  rows: number;
  peakRssKb: number;
}

/** Child process: reads the workbook and prints its figures as JSON (peak RSS of this process only). */
async function readLargeWorkbook(path: string, bare: boolean): Promise<void> {
  const started = performance.now();
  let rows = 0;
  if (bare) {
    // Baseline: exceljs's own streaming reader going through every row, keeping nothing.
    const reader = new ExcelJS.stream.xlsx.WorkbookReader(path, {
      worksheets: 'emit',
      sharedStrings: 'cache',
      styles: 'cache',
    });
    for await (const sheet of reader) {
      for await (const row of sheet as unknown as AsyncIterable<unknown>) if (row) rows += 1;
    }
  } else {
    const document = await readXlsx(readFileSync(path), {
      file: path,
      maxExpandedBytes: 2 * 1024 * 1024 * 1024,
    });
    rows = document.blocks.reduce((sum, block) => sum + (block.kind === 'table' ? block.rows.length : 0), 0);
  }
  const figures: ChildFigures = {
    elapsed: performance.now() - started,
    rows,
    peakRssKb: process.resourceUsage().maxRSS,
  };
  process.stdout.write(JSON.stringify(figures));
}

async function benchLargeXlsx(megabytes: number): Promise<void> {
  const path = await ensureLargeWorkbook(megabytes);
  const size = statSync(path).size;
  const sizeMb = size / 1048576;
  const runChild = (flag: string): ChildFigures | undefined => {
    const child = spawnSync(process.execPath, ['bin/run-ts', 'bench/import-bench.ts', flag, path], {
      encoding: 'utf8',
      maxBuffer: 1 << 20,
    });
    if (child.status === 0) return JSON.parse(child.stdout) as ChildFigures;
    report(
      `XLSX ${sizeMb.toFixed(0)} MB ${flag}`,
      'error',
      false,
      child.stderr.split('\n').slice(0, 3).join(' '),
    );
    return undefined;
  };
  const result = runChild('--read-xlsx');
  const bare = runChild('--bare-xlsx');
  if (!result || !bare) return;
  const peakMb = result.peakRssKb / 1024;
  const mode = size > 8 * 1024 * 1024 ? 'streaming reader' : 'whole-workbook reader';
  report(
    `XLSX ${sizeMb.toFixed(1)} MB, ${result.rows} rows: readXlsx`,
    `${(result.elapsed / 1000).toFixed(1)} s`,
    true,
    mode,
  );
  report(
    '  peak resident memory of that process',
    `${peakMb.toFixed(0)} MB`,
    peakMb < 2048,
    `${(peakMb / sizeMb).toFixed(1)}× the file; budget < 2 GB`,
  );
  report(
    '  baseline: exceljs streaming, rows discarded',
    `${(bare.elapsed / 1000).toFixed(1)} s`,
    true,
    `peak ${(bare.peakRssKb / 1024).toFixed(0)} MB`,
  );
}

const readIndex = Math.max(args.indexOf('--read-xlsx'), args.indexOf('--bare-xlsx'));
if (readIndex >= 0) {
  await readLargeWorkbook(args[readIndex + 1]!, args[readIndex] === '--bare-xlsx');
} else {
  await benchDocx();
  await benchPdf();
  if (!args.includes('--skip-xlsx')) await benchLargeXlsx(option('xlsx-mb', 50));
  process.exitCode = failed ? 1 : 0;
}
