/**
 * Import benchmarks, each with a baseline or budget measured in the same run. Every figure is
 * the whole import (importBytes / importFile: format detection, reader, table recogniser,
 * plan validation) with its default limits, but for the generated sheets, which are beyond
 * them (see speedLimits).
 * 1. Seed 000 DOCX against mammoth's bare docx→HTML of the same file (goal: ≤ 1.5× mammoth
 *    and < 200 ms).
 * 2. Seed 000 PDF, 23 pages: the first import of a fresh process (pdfjs loaded then), in a
 *    child process, and warm (goal < 1 s), against pdfjs's bare text extraction.
 * 3. Generated spreadsheets of plan rows, each imported in a child process: a sheet just under
 *    the 50 MB import limit (time and peak resident memory, with V8's default heap and in a
 *    1.5 GB heap, against exceljs's streaming reader going through the same rows and keeping
 *    nothing), and a 0.5 MB and a 4 MB sheet, whose time per row shows whether the import
 *    stays linear.
 *
 * Run: node bin/run-ts bench/import-bench.ts [--xlsx-mb 49] [--skip-xlsx] [--skip-large]
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import mammoth from 'mammoth';
import { listActions } from '../src/core/plan-walk.ts';
import { importBytes, importFile } from '../src/import/import-file.ts';
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
  const jalon = await measure(() => importBytes({ name: 'seed-000.docx', bytes }));
  const baseline = await measure(() => mammoth.convertToHtml({ buffer }));
  const ratio = jalon / baseline;
  report(
    'DOCX seed 000: importBytes',
    `${jalon.toFixed(0)} ms`,
    jalon < 200 && ratio <= 1.5,
    `goal < 200 ms and ≤ 1.5× mammoth; ratio ${ratio.toFixed(2)}×`,
  );
  report('  baseline: mammoth docx→HTML, same file', `${baseline.toFixed(0)} ms`, true);
}

async function benchPdf(): Promise<void> {
  const path = `${fixtures}000_408056d1a7750f6e.pdf`;
  const bytes = new Uint8Array(readFileSync(path));
  const cold = runChild<{ elapsed: number }>('--import-once', path);
  const warm = await measure(() => importBytes({ name: 'seed-000.pdf', bytes }), 5);
  const baseline = await measure(() => extractPdfText(bytes), 5);
  const ratio = (warm / baseline).toFixed(2);
  report(
    'PDF seed 000, 23 pages: importBytes',
    `${warm.toFixed(0)} ms`,
    warm < 1000,
    `goal < 1 s (pdfjs loaded); ${ratio}× baseline`,
  );
  if (cold)
    report(
      '  first import of a fresh process',
      `${cold.elapsed.toFixed(0)} ms`,
      true,
      'pdfjs loaded then, once per process',
    );
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
  actions: number;
  peakRssKb: number;
}

/** Runs this file again in a child process in one of its child modes; its figures, or undefined after reporting the failure. */
function runChild<T>(flag: string, path: string, nodeFlags: string[] = []): T | undefined {
  const child = spawnSync(
    process.execPath,
    [...nodeFlags, 'bin/run-ts', 'bench/import-bench.ts', flag, path],
    {
      encoding: 'utf8',
      maxBuffer: 1 << 20,
    },
  );
  if (child.status === 0) return JSON.parse(child.stdout) as T;
  report(`${flag} ${path}`, 'error', false, child.stderr.split('\n').slice(0, 3).join(' '));
  return undefined;
}

/**
 * The sheets measured here are beyond the default limits since the import memory was bounded
 * (8 MB of XML, 50,000 cells: bench/import-memory-bench.ts): they are read with the limits they
 * were first measured with (ten times the file, no cell limit), to keep measuring speed.
 */
const speedLimits = { maxExpandedBytes: 500 * 1024 * 1024, maxCells: Number.POSITIVE_INFINITY };

/**
 * Child process: imports the file as `jalon import` does (importFile, with speedLimits) or, as
 * the baseline, goes through its rows with exceljs's streaming reader keeping nothing; prints
 * its figures as JSON (peak RSS of this process only).
 */
async function importInChild(path: string, mode: string): Promise<void> {
  const started = performance.now();
  let rows = 0;
  let actions = 0;
  if (mode === '--bare-xlsx') {
    const reader = new ExcelJS.stream.xlsx.WorkbookReader(path, {
      worksheets: 'emit',
      sharedStrings: 'cache',
      styles: 'cache',
    });
    for await (const sheet of reader) {
      for await (const row of sheet as unknown as AsyncIterable<unknown>) if (row) rows += 1;
    }
  } else {
    const { plan } = await importFile(path, speedLimits);
    actions = listActions(plan).length;
  }
  const figures: ChildFigures = {
    elapsed: performance.now() - started,
    rows,
    actions,
    peakRssKb: process.resourceUsage().maxRSS,
  };
  process.stdout.write(JSON.stringify(figures));
}

/** Old-space size of the second run: the import must fit it (V8 otherwise lets garbage grow towards its 4 GB default). */
const heapLimitMb = 1536;

async function benchLargeXlsx(megabytes: number): Promise<void> {
  const path = await ensureLargeWorkbook(megabytes);
  const sizeMb = statSync(path).size / 1048576;
  const result = runChild<ChildFigures>('--import-xlsx', path);
  const limited = runChild<ChildFigures>('--import-xlsx', path, [`--max-old-space-size=${heapLimitMb}`]);
  const bare = runChild<ChildFigures>('--bare-xlsx', path);
  if (!result || !bare) return;
  const peakMb = result.peakRssKb / 1024;
  const barePeakMb = bare.peakRssKb / 1024;
  report(
    `XLSX ${sizeMb.toFixed(1)} MB, ${result.actions} actions: importFile`,
    `${(result.elapsed / 1000).toFixed(1)} s`,
    true,
    `${(result.elapsed / bare.elapsed).toFixed(2)}× baseline`,
  );
  report(
    '  peak resident memory, default V8 heap',
    `${peakMb.toFixed(0)} MB`,
    true,
    `${(peakMb / sizeMb).toFixed(1)}× the file, ${(peakMb / barePeakMb).toFixed(1)}× baseline; garbage collected lazily`,
  );
  if (limited) {
    const limitedMb = limited.peakRssKb / 1024;
    report(
      `  same import in a ${heapLimitMb} MB heap: peak`,
      `${limitedMb.toFixed(0)} MB`,
      limitedMb < 2048,
      `${(limited.elapsed / 1000).toFixed(1)} s; budget < 2 GB`,
    );
  }
  report(
    `  baseline: exceljs streaming, ${bare.rows} rows discarded`,
    `${(bare.elapsed / 1000).toFixed(1)} s`,
    true,
    `peak ${barePeakMb.toFixed(0)} MB`,
  );
}

/** The import of a 0.5 MB and a 4 MB sheet: time per row should not grow with the sheet. */
async function benchScaling(): Promise<void> {
  const figures: Array<{ megabytes: number; result: ChildFigures; bare: ChildFigures }> = [];
  for (const megabytes of [0.5, 4]) {
    const path = await ensureLargeWorkbook(megabytes);
    const result = runChild<ChildFigures>('--import-xlsx', path);
    const bare = runChild<ChildFigures>('--bare-xlsx', path);
    if (!result || !bare) return;
    figures.push({ megabytes, result, bare });
    report(
      `XLSX ${megabytes} MB, ${result.actions} actions: importFile`,
      `${(result.elapsed / 1000).toFixed(1)} s`,
      true,
      `${((1000 * result.elapsed) / result.actions).toFixed(0)} µs per action; ${(result.elapsed / bare.elapsed).toFixed(2)}× baseline`,
    );
  }
  const [small, large] = figures;
  // The baseline's own time per row changes with the size too (start-up): compare against it.
  const perAction = (f: (typeof figures)[number]) => f.result.elapsed / f.result.actions;
  const growth = perAction(large!) / perAction(small!);
  const baselineGrowth = large!.bare.elapsed / large!.bare.rows / (small!.bare.elapsed / small!.bare.rows);
  report(
    '  time per action, 4 MB ÷ 0.5 MB sheet',
    `${growth.toFixed(2)}×`,
    growth < 2,
    `near-linear below 2× (8× the rows); baseline ${baselineGrowth.toFixed(2)}×`,
  );
}

const childIndex = ['--import-xlsx', '--bare-xlsx', '--import-once']
  .map((flag) => args.indexOf(flag))
  .find((index) => index >= 0);
if (childIndex !== undefined) {
  const [mode, path] = [args[childIndex]!, args[childIndex + 1]!];
  if (mode === '--import-once') {
    const started = performance.now();
    await importFile(path);
    process.stdout.write(JSON.stringify({ elapsed: performance.now() - started }));
  } else {
    await importInChild(path, mode);
  }
} else {
  await benchDocx();
  await benchPdf();
  if (!args.includes('--skip-xlsx')) {
    await benchScaling();
    if (!args.includes('--skip-large')) await benchLargeXlsx(option('xlsx-mb', 49));
  }
  process.exitCode = failed ? 1 : 0;
}
