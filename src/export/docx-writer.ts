import {
  AlignmentType,
  BorderStyle,
  Document,
  Footer,
  FootnoteReferenceRun,
  HeadingLevel,
  Packer,
  PageNumber,
  PageOrientation,
  Paragraph,
  ShadingType,
  Table,
  TableCell,
  TableLayoutType,
  TableRow,
  TextRun,
  VerticalAlignTable,
  WidthType,
  type FileChild,
  type ParagraphChild,
} from 'docx';
import type { Plan } from '../core/plan-schema.ts';
import type { ExportLayout } from './export-layout.ts';
import {
  buildPlanDocument,
  isCovered,
  type DocBlock,
  type DocCell,
  type DocTable,
  type PlanDocument,
} from './plan-document.ts';

/** A4 in twentieths of a point, margins of 1.5 cm. */
const PAGE = { width: 11906, height: 16838, margin: 850 };
const CONTENT_WIDTH = PAGE.height - 2 * PAGE.margin;
const FONT = 'Arial';
/** Paragraph style of narrative text; table text uses the (smaller) document defaults. */
const BODY = 'BodyText';

const headingLevels = [
  HeadingLevel.HEADING_1,
  HeadingLevel.HEADING_2,
  HeadingLevel.HEADING_3,
  HeadingLevel.HEADING_4,
  HeadingLevel.HEADING_5,
  HeadingLevel.HEADING_6,
];

/** Word's numbering of footnotes: the writer hands out ids in document order. */
class FootnoteRegister {
  readonly notes: Record<number, { children: Paragraph[] }> = {};
  private next = 1;

  add(text: string): FootnoteReferenceRun {
    const id = this.next++;
    this.notes[id] = { children: [new Paragraph({ children: [new TextRun({ text, size: 16 })] })] };
    return new FootnoteReferenceRun(id);
  }
}

/**
 * Cell text uses the document defaults (8 pt, tight spacing; body text has its own style), and
 * run properties are written only when set: a 1,000-action plan has some 20,000 cells, and every
 * property is XML to build.
 */
function buildCellParagraphs(cell: DocCell, footnotes: FootnoteRegister): Paragraph[] {
  const texts = cell.paragraphs.length ? cell.paragraphs : [''];
  const whiteText = cell.fill === '1e7b34';
  return texts.map((text, i) => {
    if (!text && !cell.footnote) return new Paragraph({});
    const children: ParagraphChild[] = [
      new TextRun({
        text,
        ...(cell.bold ? { bold: true } : {}),
        ...(cell.italic ? { italics: true } : {}),
        ...(whiteText ? { color: 'FFFFFF' } : {}),
        ...(cell.highlight
          ? { shading: { type: ShadingType.CLEAR, color: 'auto', fill: cell.highlight } }
          : {}),
      }),
    ];
    if (cell.footnote && i === texts.length - 1) children.push(footnotes.add(cell.footnote));
    return new Paragraph({ children });
  });
}

function buildTable(table: DocTable, footnotes: FootnoteRegister): Table {
  const total = table.widths.reduce((a, b) => a + b, 0);
  const columnWidths = table.widths.map((w) => Math.floor((w / total) * CONTENT_WIDTH));
  const rows = table.rows.map((row, r) => {
    const header = r < table.headerRowCount;
    const cells: TableCell[] = [];
    // Widths come from the table grid (fixed layout): a width per cell would double the XML.
    row.cells.forEach((gridCell) => {
      if (isCovered(gridCell)) return;
      cells.push(
        new TableCell({
          children: buildCellParagraphs(gridCell, footnotes),
          ...(gridCell.colSpan > 1 ? { columnSpan: gridCell.colSpan } : {}),
          ...(gridCell.rowSpan > 1 ? { rowSpan: gridCell.rowSpan } : {}),
          ...(header ? { verticalAlign: VerticalAlignTable.CENTER } : {}),
          ...(gridCell.fill
            ? { shading: { type: ShadingType.CLEAR, color: 'auto', fill: gridCell.fill } }
            : {}),
        }),
      );
    });
    // Header, axis and objective rows stay whole; action rows may break across pages, because
    // LibreOffice 7.4 drops a whole-kept row that falls at the foot of a page in some tables.
    // A group row (general objective, sub-dimension) is kept with the row after it.
    // Options are given only when true: docx writes a false one out in full on every row or paragraph.
    return new TableRow({
      children: cells,
      ...(header ? { tableHeader: true } : {}),
      ...(row.kind !== 'action' || header ? { cantSplit: true } : {}),
      ...(row.kind === 'group' ? { keepNext: true } : {}),
    });
  });
  return new Table({
    rows,
    columnWidths,
    layout: TableLayoutType.FIXED,
    width: { size: CONTENT_WIDTH, type: WidthType.DXA },
    margins: { top: 30, bottom: 30, left: 70, right: 70 },
  });
}

function buildBlock(block: DocBlock, footnotes: FootnoteRegister): FileChild[] {
  switch (block.kind) {
    case 'heading':
      return [
        new Paragraph({
          heading: headingLevels[Math.min(block.level, 6) - 1],
          children: [new TextRun({ text: block.text })],
          keepNext: true,
        }),
      ];
    case 'paragraph': {
      const children: ParagraphChild[] = [new TextRun({ text: block.text, bold: block.bold ?? false })];
      for (const note of block.footnotes ?? []) children.push(footnotes.add(note));
      return [new Paragraph({ children, style: BODY, keepNext: block.bold ?? false })];
    }
    case 'listItem':
      return [
        new Paragraph({
          children: [new TextRun(block.text), ...(block.footnotes ?? []).map((note) => footnotes.add(note))],
          bullet: { level: 0 },
          style: BODY,
        }),
      ];
    case 'table':
      return [buildTable(block.table, footnotes), new Paragraph({ children: [] })];
    case 'legend':
      return block.items.map(
        (item) =>
          new Paragraph({
            bullet: { level: 0 },
            style: BODY,
            children: [
              new TextRun({
                text: item.label,
                shading: { type: ShadingType.CLEAR, color: 'auto', fill: item.fill },
                ...(item.fill === '1e7b34' ? { color: 'FFFFFF' } : {}),
              }),
            ],
          }),
      );
    case 'signatures':
      return [
        new Table({
          width: { size: CONTENT_WIDTH, type: WidthType.DXA },
          borders: {
            top: { style: BorderStyle.NONE, size: 0, color: 'FFFFFF' },
            bottom: { style: BorderStyle.NONE, size: 0, color: 'FFFFFF' },
            left: { style: BorderStyle.NONE, size: 0, color: 'FFFFFF' },
            right: { style: BorderStyle.NONE, size: 0, color: 'FFFFFF' },
            insideHorizontal: { style: BorderStyle.NONE, size: 0, color: 'FFFFFF' },
            insideVertical: { style: BorderStyle.NONE, size: 0, color: 'FFFFFF' },
          },
          rows: [
            new TableRow({
              cantSplit: true,
              children: block.groups.map(
                (group) =>
                  new TableCell({
                    width: { size: Math.floor(CONTENT_WIDTH / block.groups.length), type: WidthType.DXA },
                    children: [
                      new Paragraph({
                        style: BODY,
                        children: [new TextRun({ text: group.role, bold: true })],
                        spacing: { after: 900 },
                      }),
                      ...group.names.map(
                        (name) =>
                          new Paragraph({
                            style: BODY,
                            children: [new TextRun(name)],
                            spacing: { after: 600 },
                          }),
                      ),
                    ],
                  }),
              ),
            }),
          ],
        }),
      ];
    case 'pageBreak':
      return [new Paragraph({ children: [], pageBreakBefore: true })];
  }
}

/** The official document as a Word file: A4 landscape, title block, narrative, timeline, detailed tables. */
export async function writeDocx(plan: Plan, options: { layout: ExportLayout }): Promise<Uint8Array> {
  return renderDocxDocument(buildPlanDocument(plan, options.layout));
}

/** Any document of the layout-neutral tree (the plan, a progress record, a diff) as a Word file. */
export async function renderDocxDocument(doc: PlanDocument): Promise<Uint8Array> {
  const footnotes = new FootnoteRegister();
  const titleBlock = doc.titleBlock.map(
    (line) =>
      new Paragraph({
        alignment: AlignmentType.CENTER,
        ...(line.size === 'title' ? { heading: HeadingLevel.TITLE } : {}),
        spacing: { after: line.size === 'title' ? 240 : 80 },
        children: [
          new TextRun({
            text: line.text,
            bold: line.size !== 'small',
            size: line.size === 'large' ? 32 : line.size === 'small' ? 22 : 40,
          }),
        ],
      }),
  );
  const body = doc.blocks.flatMap((block) => buildBlock(block, footnotes));
  const document = new Document({
    title: doc.title,
    creator: 'Jalon',
    styles: {
      default: {
        document: { run: { font: FONT, size: 16 }, paragraph: { spacing: { before: 10, after: 10 } } },
        title: { run: { size: 40, bold: true } },
        heading1: {
          run: { size: 30, bold: true, color: '1F3864' },
          paragraph: { spacing: { before: 240, after: 120 } },
        },
        heading2: {
          run: { size: 25, bold: true, color: '1F3864' },
          paragraph: { spacing: { before: 200, after: 100 } },
        },
        heading3: {
          run: { size: 22, bold: true, color: '1F3864' },
          paragraph: { spacing: { before: 160, after: 80 } },
        },
        heading4: { run: { size: 20, bold: true, color: '1F3864' } },
        heading5: { run: { size: 20, bold: true } },
        heading6: { run: { size: 20, italics: true } },
      },
      paragraphStyles: [
        {
          id: BODY,
          name: 'Body Text',
          basedOn: 'Normal',
          run: { size: 20 },
          paragraph: { spacing: { before: 0, after: 120 } },
        },
      ],
    },
    footnotes: footnotes.notes,
    sections: [
      {
        properties: {
          page: {
            size: { width: PAGE.width, height: PAGE.height, orientation: PageOrientation.LANDSCAPE },
            margin: { top: PAGE.margin, bottom: PAGE.margin, left: PAGE.margin, right: PAGE.margin },
            pageNumbers: { start: 1 },
          },
        },
        footers: {
          default: new Footer({
            children: [
              new Paragraph({
                alignment: AlignmentType.RIGHT,
                children: [
                  new TextRun({
                    children: ['Page ', PageNumber.CURRENT, ' / ', PageNumber.TOTAL_PAGES],
                    size: 16,
                  }),
                ],
              }),
            ],
          }),
        },
        children: [...titleBlock, ...body],
      },
    ],
  });
  const buffer = await Packer.toBuffer(document);
  return new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength);
}
