/**
 * Export of a generated 1,000-action plan: DOCX (goal < 1 s), XLSX (< 1 s), PDF (< 3 s), and the
 * light formats. Each figure comes with a baseline measured in the same run: the same action rows
 * written as one plain table with the bare library (no merges, colours, timeline or title block),
 * so that the ratio shows what Jalon's layout costs on this machine, whatever its load.
 *
 * Run: node bin/run-ts bench/export-bench.ts [actionCount]
 */
import { Document, Packer, Paragraph, Table, TableCell, TableRow } from 'docx';
import ExcelJS from 'exceljs';
import { createRequire } from 'node:module';
import { cpus, loadavg } from 'node:os';
import { listActions } from '../src/core/plan-walk.ts';
import { exportPlan, type ExportFormat } from '../src/export/index.ts';
import { buildActionSheet } from '../src/export/action-rows.ts';
import { buildPlan } from '../test/factories/build-plan.ts';

const require = createRequire(import.meta.url);
const actionCount = Number(process.argv[2] ?? 1000);
const plan = buildPlan({ actionCount });
const rows = listActions(plan).map(({ action }) => [
  action.text,
  action.responsibles.join('\n'),
  action.indicators.join('\n'),
  action.statusLabel ?? '',
  action.deadline ?? '',
]);

/**
 * Median wall-clock and CPU time of `runs` calls after one warm-up call, in milliseconds. The CPU
 * time (user + system of this process) says more than the wall clock on a shared, loaded machine.
 */
async function measure(run: () => Promise<unknown>, runs = 3): Promise<{ wall: number; cpu: number }> {
  await run();
  const walls: number[] = [];
  const cpuTimes: number[] = [];
  for (let i = 0; i < runs; i++) {
    const started = performance.now();
    const cpu = process.cpuUsage();
    await run();
    const used = process.cpuUsage(cpu);
    walls.push(performance.now() - started);
    cpuTimes.push((used.user + used.system) / 1000);
  }
  const median = (xs: number[]) => xs.sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
  return { wall: median(walls), cpu: median(cpuTimes) };
}

const bareDocx = () =>
  Packer.toBuffer(
    new Document({
      sections: [
        {
          children: [
            new Table({
              rows: rows.map(
                (r) =>
                  new TableRow({
                    children: r.map((text) => new TableCell({ children: [new Paragraph(text)] })),
                  }),
              ),
            }),
          ],
        },
      ],
    }),
  );

const bareXlsx = async () => {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet('Actions');
  const actionSheet = buildActionSheet(plan);
  sheet.addRow(actionSheet.columns.map((c) => c.header));
  for (const row of actionSheet.rows) sheet.addRow(row);
  return workbook.xlsx.writeBuffer();
};

const barePdf = async () => {
  const Printer = (
    require('pdfmake/js/Printer.js') as {
      default: new (...args: unknown[]) => {
        createPdfKitDocument(d: object): Promise<NodeJS.ReadableStream & { end(): void }>;
      };
    }
  ).default;
  const URLResolver = (
    require('pdfmake/js/URLResolver.js') as {
      default: new (fs: object) => { setUrlAccessPolicy(p: () => boolean): void };
    }
  ).default;
  const fs = { existsSync: () => false, readFileSync: () => Buffer.alloc(0), writeFileSync: () => undefined };
  const resolver = new URLResolver(fs);
  resolver.setUrlAccessPolicy(() => false);
  const fontDir = new URL('../assets/fonts/', import.meta.url).pathname;
  const printer = new Printer(
    {
      Sans: {
        normal: `${fontDir}LiberationSans-Regular.ttf`,
        bold: `${fontDir}LiberationSans-Bold.ttf`,
        italics: `${fontDir}LiberationSans-Italic.ttf`,
        bolditalics: `${fontDir}LiberationSans-BoldItalic.ttf`,
      },
    },
    fs,
    resolver,
    (path: string) => path.startsWith(fontDir),
  );
  const doc = await printer.createPdfKitDocument({
    pageOrientation: 'landscape',
    defaultStyle: { font: 'Sans', fontSize: 7.5 },
    content: [
      {
        table: {
          headerRows: 1,
          widths: ['*', '*', '*', '*', '*'],
          body: [['Action', 'Responsables', 'Indicateurs', 'État', 'Échéance'], ...rows],
        },
      },
    ],
  });
  const chunks: Buffer[] = [];
  await new Promise<void>((resolve, reject) => {
    doc.on('data', (c: Buffer) => chunks.push(c));
    doc.on('end', () => resolve());
    doc.on('error', reject);
    doc.end();
  });
  return Buffer.concat(chunks);
};

const jsonBaseline = async () => JSON.stringify(plan);

const cases: Array<{
  format: ExportFormat;
  goalMs: number | null;
  baseline: () => Promise<unknown>;
  baselineName: string;
}> = [
  { format: 'docx', goalMs: 1000, baseline: bareDocx, baselineName: 'bare docx table' },
  { format: 'xlsx', goalMs: 1000, baseline: bareXlsx, baselineName: 'bare exceljs rows' },
  { format: 'pdf', goalMs: 3000, baseline: barePdf, baselineName: 'bare pdfmake table' },
  { format: 'csv', goalMs: null, baseline: jsonBaseline, baselineName: 'JSON.stringify' },
  { format: 'json', goalMs: null, baseline: jsonBaseline, baselineName: 'JSON.stringify' },
  { format: 'md', goalMs: null, baseline: jsonBaseline, baselineName: 'JSON.stringify' },
  { format: 'html', goalMs: null, baseline: jsonBaseline, baselineName: 'JSON.stringify' },
];

process.stdout.write(
  `export of a generated plan: ${listActions(plan).length} actions (load average ${loadavg()[0]!.toFixed(1)} on ${cpus().length} cores)\n`,
);
let failed = false;
for (const { format, goalMs, baseline, baselineName } of cases) {
  let size = 0;
  const ours = await measure(async () => {
    size = (await exportPlan(plan, { format })).bytes.byteLength;
  });
  const base = await measure(baseline);
  const verdict =
    goalMs === null ? '' : ours.wall < goalMs ? `  ok (< ${goalMs} ms)` : `  OVER the ${goalMs} ms goal`;
  if (goalMs !== null && ours.wall >= goalMs) failed = true;
  process.stdout.write(
    `${format.padEnd(5)} ${ours.wall.toFixed(0).padStart(6)} ms (cpu ${ours.cpu.toFixed(0)} ms)  ${(size / 1024).toFixed(0).padStart(6)} KiB  ` +
      `${baselineName}: ${base.wall.toFixed(0)} ms (cpu ${base.cpu.toFixed(0)} ms), ratio ${(ours.wall / base.wall).toFixed(2)}×${verdict}\n`,
  );
}
process.exitCode = failed ? 1 : 0;
