import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Content, TableCell, TDocumentDefinitions } from 'pdfmake/interfaces.js';
import type { Plan } from '../core/plan-schema.ts';
import type { ExportLayout } from './export-layout.ts';
import { breakLines, TextMeasure, wouldJoin } from './pdf-line-breaker.ts';
import {
  buildPlanDocument,
  isCovered,
  type DocBlock,
  type DocCell,
  type DocTable,
  type PlanDocument,
} from './plan-document.ts';

/**
 * pdfmake's Node entry point is a module-level singleton (fonts, policies); the writer builds its
 * own Printer instead, with an in-memory file system holding only the fonts and a URL resolver that
 * refuses every URL, so a plan's text can never make the PDF read a file or fetch anything.
 */
const require = createRequire(import.meta.url);

interface PdfKitDocument extends NodeJS.ReadableStream {
  end(): void;
}
interface PdfPrinter {
  createPdfKitDocument(doc: TDocumentDefinitions, options?: object): Promise<PdfKitDocument>;
}
type PrinterConstructor = new (
  fonts: object,
  virtualfs: object,
  urlResolver: object,
  localAccessPolicy: (path: string) => boolean,
) => PdfPrinter;
type UrlResolverConstructor = new (fs: object) => {
  setUrlAccessPolicy(policy: (url: string) => boolean): void;
};

const Printer = (require('pdfmake/js/Printer.js') as { default: PrinterConstructor }).default;
const URLResolver = (require('pdfmake/js/URLResolver.js') as { default: UrlResolverConstructor }).default;

const fontFiles = {
  normal: 'LiberationSans-Regular.ttf',
  bold: 'LiberationSans-Bold.ttf',
  italics: 'LiberationSans-Italic.ttf',
  bolditalics: 'LiberationSans-BoldItalic.ttf',
};
/** Debian's Liberation Sans 2 when installed, else the copy committed with Jalon (SIL OFL 1.1). */
const fontDirectories = [
  '/usr/share/fonts/truetype/liberation2',
  new URL('../../assets/fonts', import.meta.url).pathname,
];

function loadFonts(): Map<string, Buffer> {
  const files = new Map<string, Buffer>();
  for (const name of Object.values(fontFiles)) {
    const dir = fontDirectories.find((d) => existsSync(`${d}/${name}`));
    if (!dir) throw new Error(`Font ${name} not found in ${fontDirectories.join(' or ')}`);
    files.set(name, readFileSync(`${dir}/${name}`));
  }
  return files;
}

/** The little of a file system pdfmake needs, holding the fonts only. */
function buildFontFileSystem(files: Map<string, Buffer>) {
  return {
    existsSync: (name: unknown) => typeof name === 'string' && files.has(name),
    readFileSync: (name: string) => {
      const file = files.get(name);
      if (!file) throw new Error(`No file ${name} in the PDF writer's file system`);
      return file;
    },
    writeFileSync: () => {
      throw new Error('The PDF writer reads no external resources');
    },
  };
}

const GREEN_DARK = '1e7b34';

/** Page geometry (points): A4 landscape with the margins of the definition below. */
const PAGE_WIDTH = 841.89;
/** The width of an A4 portrait page, for templates that lay their documents out upright. */
const PORTRAIT_PAGE_WIDTH = 595.28;
const PAGE_MARGINS: [number, number, number, number] = [40, 36, 40, 40];
const TABLE_FONT_SIZE = 7.5;
const CELL_PADDING = 3;
const RULE_WIDTH = 0.5;
/** Room left unused at the end of each line, against rounding in pdfmake's own arithmetic. */
const LINE_SLACK = 0.1;

interface CellLayout {
  measure: TextMeasure;
  /** Text width of each column, in points. */
  columns: number[];
  /** Width of the text in a cell starting at a column and spanning some. */
  textWidth(column: number, colSpan: number): number;
}

/**
 * A table's column text widths as pdfmake 0.3 computes them (columnCalculator.js): a percentage of
 * the whole width, less the cell's paddings and its share of the vertical rules (all of the outer
 * rule for the first and last columns, half of each inner one). A cell spanning columns also has
 * the paddings and rules between them.
 */
export function buildCellLayout(
  widths: number[],
  measure: TextMeasure,
  pageWidth: number = PAGE_WIDTH,
): CellLayout {
  const total = widths.reduce((a, b) => a + b, 0);
  const contentWidth = pageWidth - PAGE_MARGINS[0] - PAGE_MARGINS[2];
  const columns = widths.map((w, i) => {
    const rules = i === 0 || i === widths.length - 1 ? 1.5 * RULE_WIDTH : RULE_WIDTH;
    return (Number(((w / total) * 100).toFixed(2)) * contentWidth) / 100 - 2 * CELL_PADDING - rules;
  });
  return {
    measure,
    columns,
    textWidth(column, colSpan) {
      let width = (colSpan - 1) * (2 * CELL_PADDING + RULE_WIDTH);
      for (let i = column; i < column + colSpan; i++) width += columns[i] ?? 0;
      return width - LINE_SLACK;
    },
  };
}

/** Only the properties a cell needs: every property is a style lookup for pdfmake, per cell. */
function renderCell(cell: DocCell, column: number, layout: CellLayout, notes: string[]): TableCell {
  const style = { bold: cell.bold, italic: cell.italic };
  const measure = (text: string) => layout.measure.width(text, TABLE_FONT_SIZE, style);
  let width = layout.textWidth(column, cell.colSpan);
  const out: Record<string, unknown> = {};
  let reference: Content | undefined;
  if (cell.footnote) {
    notes.push(cell.footnote);
    reference = { text: String(notes.length), sup: true };
    width -= layout.measure.width(` ${notes.length}`, TABLE_FONT_SIZE * 0.58, style);
  }
  const lines = cell.paragraphs.flatMap((paragraph) => breakLines(paragraph, width, measure));
  // An empty cell has no content at all rather than an empty line: a quarter of the cells of a
  // plan are empty (the timeline's quadrimesters), and pdfmake would style and draw each line.
  // The row's height comes from its other cells; its fill is drawn all the same.
  if (!reference && lines.every((line) => line.trim() === '')) out.stack = [];
  else if (lines.some((line, i) => i > 0 && wouldJoin(lines[i - 1]!, line))) {
    // Lines pdfmake would glue back together: one text node each, which it never joins.
    out.stack = lines.map((line, i): Content => {
      const text: Content = { text: line, noWrap: true };
      return i === lines.length - 1 && reference
        ? { text: [{ text: line.trimEnd(), noWrap: true }, reference] }
        : text;
    });
  } else {
    const last = lines.length - 1;
    const inlines: Content[] = lines.map((line, i) =>
      // The last line meets its footnote number without a space; every other ends where it is
      // cut (pdfmake copies `lineEnd` to the inline, as it would at a newline).
      i === last && reference
        ? { text: line.trimEnd(), noWrap: true }
        : { text: line, noWrap: true, lineEnd: true },
    );
    if (reference) inlines.push(reference);
    out.text = inlines;
  }
  if (cell.bold) out.bold = true;
  if (cell.italic) out.italics = true;
  if (cell.highlight) out.background = `#${cell.highlight}`;
  if (cell.fill === GREEN_DARK) out.color = '#ffffff';
  if (cell.colSpan > 1) out.colSpan = cell.colSpan;
  if (cell.rowSpan > 1) out.rowSpan = cell.rowSpan;
  if (cell.fill) out.fillColor = `#${cell.fill}`;
  return out as TableCell;
}

function renderTable(table: DocTable, measure: TextMeasure, notes: string[], pageWidth: number): Content[] {
  const total = table.widths.reduce((a, b) => a + b, 0);
  const layout = buildCellLayout(table.widths, measure, pageWidth);
  const body = table.rows.map((row) =>
    row.cells.map((cell, column) => (isCovered(cell) ? {} : renderCell(cell, column, layout, notes))),
  );
  const before = notes.length;
  return [
    {
      table: {
        headerRows: table.headerRowCount,
        widths: table.widths.map((w) => `${((w / total) * 100).toFixed(2)}%`),
        body,
      },
      layout: {
        hLineWidth: () => RULE_WIDTH,
        vLineWidth: () => RULE_WIDTH,
        hLineColor: () => '#808080',
        vLineColor: () => '#808080',
        paddingLeft: () => CELL_PADDING,
        paddingRight: () => CELL_PADDING,
        paddingTop: () => 2,
        paddingBottom: () => 2,
      },
      fontSize: TABLE_FONT_SIZE,
      margin: [0, 0, 0, 8],
    },
    ...notes.slice(before).map((note, i): Content => ({
      text: [{ text: String(before + i + 1), sup: true }, ` ${note}`],
      fontSize: 7,
      margin: [0, 0, 0, 8],
    })),
  ];
}

/** pdfmake has no footnotes: a superscript number in the text and the note just below. */
function renderFootnotes(footnotes: string[], notes: string[]): { refs: Content[]; lines: Content[] } {
  const refs: Content[] = [];
  const lines: Content[] = [];
  for (const note of footnotes) {
    notes.push(note);
    refs.push({ text: String(notes.length), sup: true });
    lines.push({
      text: [{ text: String(notes.length), sup: true }, ` ${note}`],
      fontSize: 7,
      margin: [0, 0, 0, 4],
    });
  }
  return { refs, lines };
}

function renderBlock(block: DocBlock, measure: TextMeasure, notes: string[], pageWidth: number): Content[] {
  switch (block.kind) {
    case 'heading':
      // No pageBreakBefore hook to keep headings with what follows: pdfmake computes it for every
      // node on every layout pass, which made a 1,000-action plan several times slower.
      return [{ text: block.text, style: `h${Math.min(block.level, 3)}` }];
    case 'paragraph': {
      const { refs, lines } = renderFootnotes(block.footnotes ?? [], notes);
      return [{ text: [block.text, ...refs], bold: block.bold ?? false, margin: [0, 0, 0, 5] }, ...lines];
    }
    case 'listItem': {
      const { refs, lines } = renderFootnotes(block.footnotes ?? [], notes);
      return [{ ul: [{ text: [block.text, ...refs] }], margin: [0, 0, 0, 2] }, ...lines];
    }
    case 'table':
      return renderTable(block.table, measure, notes, pageWidth);
    case 'legend':
      return [
        {
          table: {
            widths: [24, '*'],
            body: block.items.map((item) => [
              { text: item.marker === 'Nouveau' ? 'N' : '', fillColor: `#${item.fill}`, fontSize: 7 },
              { text: item.label, fontSize: 8 },
            ]),
          },
          layout: 'noBorders',
          margin: [0, 0, 0, 8],
        },
      ];
    case 'signatures':
      return [
        {
          columns: block.groups.map((group): Content => ({
            stack: [
              { text: group.role, bold: true, margin: [0, 0, 0, 40] },
              ...group.names.map((name): Content => ({ text: name, margin: [0, 0, 0, 30] })),
            ],
          })),
          margin: [0, 20, 0, 0],
          unbreakable: true,
        },
      ];
    case 'pageBreak':
      return [{ text: '', pageBreak: 'after' }];
  }
}

/** The official document as a PDF: the same layout as the DOCX, fonts embedded. */
export async function writePdf(plan: Plan, options: { layout: ExportLayout }): Promise<Uint8Array> {
  return renderPdfDocument(buildPlanDocument(plan, options.layout));
}

/** Any document of the layout-neutral tree (the plan, a progress record, a diff) as a PDF. */
export async function renderPdfDocument(doc: PlanDocument): Promise<Uint8Array> {
  const notes: string[] = [];
  const fonts = loadFonts();
  const measure = new TextMeasure({
    normal: fonts.get(fontFiles.normal)!,
    bold: fonts.get(fontFiles.bold)!,
    italics: fonts.get(fontFiles.italics)!,
    bolditalics: fonts.get(fontFiles.bolditalics)!,
  });
  const fileSystem = buildFontFileSystem(fonts);
  const urlResolver = new URLResolver(fileSystem);
  urlResolver.setUrlAccessPolicy(() => false);
  const printer = new Printer({ LiberationSans: fontFiles }, fileSystem, urlResolver, () => false);
  const titleSizes = { small: 11, large: 16, title: 22 };
  const pageWidth = doc.orientation === 'portrait' ? PORTRAIT_PAGE_WIDTH : PAGE_WIDTH;
  const definition: TDocumentDefinitions = {
    pageSize: 'A4',
    pageOrientation: doc.orientation ?? 'landscape',
    pageMargins: PAGE_MARGINS,
    info: { title: doc.title, creator: 'Jalon', producer: 'Jalon' },
    language: 'fr-BE',
    defaultStyle: { font: 'LiberationSans', fontSize: 9.5 },
    styles: {
      h1: { fontSize: 15, bold: true, color: '#1f3864', margin: [0, 10, 0, 6] },
      h2: { fontSize: 12.5, bold: true, color: '#1f3864', margin: [0, 8, 0, 4] },
      h3: { fontSize: 11, bold: true, color: '#1f3864', margin: [0, 6, 0, 3] },
    },
    content: [
      ...doc.titleBlock.map((line): Content => ({
        text: line.text,
        alignment: 'center',
        fontSize: titleSizes[line.size],
        bold: line.size !== 'small',
        margin: [0, 0, 0, line.size === 'title' ? 12 : 4],
      })),
      ...doc.blocks.flatMap((block) => renderBlock(block, measure, notes, pageWidth)),
    ],
    footer: (page: number, pages: number) => ({
      text: `Page ${page} / ${pages}`,
      alignment: 'right',
      fontSize: 7.5,
      margin: [40, 12, 40, 0],
    }),
  };
  const pdf = await printer.createPdfKitDocument(definition);
  const chunks: Buffer[] = [];
  const done = new Promise<void>((resolve, reject) => {
    pdf.on('data', (chunk: Buffer) => chunks.push(chunk));
    pdf.on('end', () => resolve());
    pdf.on('error', reject);
  });
  pdf.end();
  await done;
  const buffer = Buffer.concat(chunks);
  return new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength);
}
