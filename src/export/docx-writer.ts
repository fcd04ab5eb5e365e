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
  TableRow,
  TextRun,
  WidthType,
  type FileChild,
  type ParagraphChild,
} from 'docx';
import { unzipSync } from 'fflate';
import { randomUUID } from 'node:crypto';
import type { Plan } from '../core/plan-schema.ts';
import { writeTableXml } from './docx-table-xml.ts';
import { writeZip } from './zip-writer.ts';
import type { ExportLayout } from './export-layout.ts';
import { buildPlanDocument, type DocBlock, type PlanDocument } from './plan-document.ts';

/** A4 in twentieths of a point, margins of 1.5 cm. */
const PAGE = { width: 11906, height: 16838, margin: 850 };
const CONTENT_WIDTH = PAGE.height - 2 * PAGE.margin;
const FONT = 'Arial';
const CONTENT_TYPES = '[Content_Types].xml';
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
    return new FootnoteReferenceRun(this.reserve(text));
  }

  /** Registers a note and gives its id, for a reference written as markup. */
  reserve(text: string): number {
    const id = this.next++;
    this.notes[id] = { children: [new Paragraph({ children: [new TextRun({ text, size: 16 })] })] };
    return id;
  }
}

/**
 * The big tables (timeline, detailed tables) are written by `writeTableXml` rather than as docx
 * objects: docx writes a placeholder paragraph in their place, and the table markup replaces it in
 * `word/document.xml` once docx has packed the rest. The placeholder carries a random token, so no
 * text of the plan can be taken for one.
 */
class TableSlots {
  readonly token = `jalon-table-${randomUUID()}-`;
  readonly tables: string[] = [];

  add(xml: string): Paragraph {
    this.tables.push(xml);
    return new Paragraph({ children: [new TextRun(`${this.token}${this.tables.length - 1}`)] });
  }

  /** The document's XML with every placeholder paragraph replaced by its table. */
  fill(documentXml: string): string {
    const parts: string[] = [];
    let from = 0;
    this.tables.forEach((table, i) => {
      const placeholder = `<w:p><w:r><w:t xml:space="preserve">${this.token}${i}</w:t></w:r></w:p>`;
      const at = documentXml.indexOf(placeholder, from);
      if (at < 0) throw new Error(`DOCX writer: the place of table ${i + 1} was not found in the document`);
      parts.push(documentXml.slice(from, at), table);
      from = at + placeholder.length;
    });
    parts.push(documentXml.slice(from));
    return parts.join('');
  }
}

function buildBlock(
  block: DocBlock,
  footnotes: FootnoteRegister,
  tables: TableSlots,
  contentWidth: number,
): FileChild[] {
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
      return [
        tables.add(
          writeTableXml(block.table, {
            contentWidth,
            addFootnote: (text) => footnotes.reserve(text),
          }),
        ),
        new Paragraph({ children: [] }),
      ];
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
          width: { size: contentWidth, type: WidthType.DXA },
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
                    width: { size: Math.floor(contentWidth / block.groups.length), type: WidthType.DXA },
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
  const tables = new TableSlots();
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
  const portrait = doc.orientation === 'portrait';
  // A portrait page is as wide as a landscape one is high: its tables get the narrower width.
  const contentWidth = portrait ? PAGE.width - 2 * PAGE.margin : CONTENT_WIDTH;
  const body = doc.blocks.flatMap((block) => buildBlock(block, footnotes, tables, contentWidth));
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
            size: {
              width: PAGE.width,
              height: PAGE.height,
              orientation: portrait ? PageOrientation.PORTRAIT : PageOrientation.LANDSCAPE,
            },
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
  const files = unzipSync(await Packer.toBuffer(document));
  const documentPath = 'word/document.xml';
  const documentXml = files[documentPath];
  if (!documentXml) throw new Error(`DOCX writer: docx wrote no ${documentPath}`);
  files[documentPath] = Buffer.from(tables.fill(Buffer.from(documentXml).toString('utf8')), 'utf8');
  // [Content_Types].xml first, as Word writes it; then docx's order.
  const paths = Object.keys(files).sort((a, b) => Number(b === CONTENT_TYPES) - Number(a === CONTENT_TYPES));
  return writeZip(paths.map((path) => ({ path, data: files[path]! })));
}
