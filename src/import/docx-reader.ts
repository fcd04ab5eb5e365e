import { JalonError } from '../core/errors.ts';
import { DEFAULT_MAX_IMPORT_CELLS, tooManyCellsError } from './import-size-limit.ts';
import type { RawBlock, RawCell, RawDocument, RawParagraph, RawRow, RawTable } from './raw-document.ts';
import {
  childElements,
  firstChild,
  XmlTreeBuilder,
  type XmlElement,
  type XmlTreeHandlers,
} from './xml-tree.ts';
import { assertOfficeZip, openZipArchive, streamZipText, type ZipArchive } from './zip-archive.ts';

/**
 * Reads a Word .docx from its package parts (word/document.xml, styles.xml, footnotes.xml):
 * mammoth gives neither cell shading nor run highlight, which carry the synthesis timeline.
 * Footnote reference marks stay in the text as superscript numbers ("CPEONS¹"), numbered in
 * order of first reference like Word shows them; their texts are in `footnotes` by that number.
 *
 * Each part is inflated and parsed piece by piece, and each paragraph or table row is read
 * as soon as it ends and then dropped: what the reader holds is the document it produces,
 * never the part's text or its whole element tree. `maxCells` bounds that document.
 */
export interface DocxReadOptions {
  file?: string;
  maxExpandedBytes?: number;
  maxEntries?: number;
  /** The most table cells (a row without cells counts as one) the document may hold (default 50,000). */
  maxCells?: number;
}

export async function readDocx(bytes: Uint8Array, options: DocxReadOptions = {}): Promise<RawDocument> {
  const file = options.file ?? 'document.docx';
  assertOfficeZip(bytes, file, 'Word .docx');
  // Only markup is ever inflated: pictures and embedded files do not count against the limit.
  const archive = openZipArchive(bytes, file, { ...options, counts: isMarkupPart });
  const parts = await locateParts(archive);
  if (!archive.entries.has(parts.document)) {
    throw new JalonError(
      'FILE_UNREADABLE',
      {
        fr: `${file} est une archive zip, mais pas un document Word (pas de ${parts.document})`,
        en: `${file} is a zip archive but not a Word document (no ${parts.document})`,
      },
      { location: { file } },
    );
  }
  const styles = await readStyles(archive, parts.styles);
  const context: DocxContext = {
    styles,
    footnoteTexts: new Map(),
    footnoteNumbers: new Map(),
    footnotes: {},
    tableCount: 0,
    cellsLeft: options.maxCells ?? DEFAULT_MAX_IMPORT_CELLS,
    maxCells: options.maxCells ?? DEFAULT_MAX_IMPORT_CELLS,
    file,
  };
  if (parts.footnotes) context.footnoteTexts = await readFootnoteTexts(archive, parts.footnotes, context);
  const blocks = await readBody(archive, parts.document, context);
  const document: RawDocument = { file, format: 'docx', blocks };
  if (Object.keys(context.footnotes).length > 0) document.footnotes = context.footnotes;
  return document;
}

function isMarkupPart(name: string): boolean {
  return /\.(xml|rels)$/i.test(name);
}

interface StyleInfo {
  name: string;
  basedOn?: string;
  outlineLevel?: number;
  list?: boolean;
  bold?: boolean;
}

interface DocxContext {
  styles: Map<string, StyleInfo>;
  /** Footnote texts by Word's internal id; null while the footnotes themselves are read. */
  footnoteTexts: Map<string, string> | null;
  /** Word's internal id → the number shown to the reader ("1", "2"…). */
  footnoteNumbers: Map<string, string>;
  footnotes: Record<string, string>;
  tableCount: number;
  /** Table cells the document may still hold. */
  cellsLeft: number;
  maxCells: number;
  file: string;
}

interface DocxParts {
  document: string;
  styles?: string;
  footnotes?: string;
}

/**
 * Streams a part through the tree builder, whose `close` handler takes the elements it reads
 * (the builder then forgets them); the tree of what was not taken, or undefined when the
 * archive has no such part.
 */
async function streamPart(
  archive: ZipArchive,
  part: string,
  handlers: XmlTreeHandlers,
): Promise<XmlElement | undefined> {
  const builder = new XmlTreeBuilder(archive.file, part, handlers);
  const found = await streamZipText(archive, part, (text) => builder.write(text));
  return found ? builder.end() : undefined;
}

function resolveTarget(base: string, target: string): string {
  if (target.startsWith('/')) return target.slice(1);
  const segments = base.split('/').slice(0, -1);
  for (const segment of target.split('/')) {
    if (segment === '..') segments.pop();
    else if (segment !== '.' && segment !== '') segments.push(segment);
  }
  return segments.join('/');
}

async function readRelationships(
  archive: ZipArchive,
  relsPath: string,
): Promise<{ type: string; target: string }[]> {
  const relationships: { type: string; target: string }[] = [];
  await streamPart(archive, relsPath, {
    close: (element, ancestors) => {
      if (ancestors.length !== 2 || ancestors[1]!.name !== 'Relationships') return false;
      if (element.name === 'Relationship')
        relationships.push({ type: element.attrs.Type ?? '', target: element.attrs.Target ?? '' });
      return true;
    },
  });
  return relationships;
}

/** Finds the main document and its styles/footnotes parts through the package relationships. */
async function locateParts(archive: ZipArchive): Promise<DocxParts> {
  const main = (await readRelationships(archive, '_rels/.rels')).find((rel) =>
    rel.type.endsWith('/officeDocument'),
  );
  const document = main ? resolveTarget('', main.target) : 'word/document.xml';
  const slash = document.lastIndexOf('/');
  const relsPath = `${document.slice(0, slash + 1)}_rels/${document.slice(slash + 1)}.rels`;
  const parts: DocxParts = { document };
  for (const rel of await readRelationships(archive, relsPath)) {
    if (rel.type.endsWith('/styles')) parts.styles = resolveTarget(document, rel.target);
    if (rel.type.endsWith('/footnotes')) parts.footnotes = resolveTarget(document, rel.target);
  }
  parts.styles ??= archive.entries.has('word/styles.xml') ? 'word/styles.xml' : undefined;
  parts.footnotes ??= archive.entries.has('word/footnotes.xml') ? 'word/footnotes.xml' : undefined;
  return parts;
}

function isOn(element: XmlElement | undefined): boolean {
  if (!element) return false;
  const value = element.attrs['w:val'];
  return value === undefined || !(value === '0' || value === 'false' || value === 'off' || value === 'none');
}

async function readStyles(archive: ZipArchive, path: string | undefined): Promise<Map<string, StyleInfo>> {
  const styles = new Map<string, StyleInfo>();
  if (!path) return styles;
  await streamPart(archive, path, {
    close: (style, ancestors) => {
      if (ancestors.length !== 2 || ancestors[1]!.name !== 'w:styles') return false;
      const id = style.attrs['w:styleId'];
      if (style.name !== 'w:style' || !id) return true;
      const pPr = firstChild(style, 'w:pPr');
      const outline = firstChild(pPr, 'w:outlineLvl')?.attrs['w:val'];
      const info: StyleInfo = { name: firstChild(style, 'w:name')?.attrs['w:val'] ?? id };
      const basedOn = firstChild(style, 'w:basedOn')?.attrs['w:val'];
      if (basedOn) info.basedOn = basedOn;
      if (outline !== undefined && /^\d$/.test(outline)) info.outlineLevel = Number(outline);
      if (firstChild(pPr, 'w:numPr')) info.list = true;
      const rPr = firstChild(style, 'w:rPr');
      if (firstChild(rPr, 'w:b')) info.bold = isOn(firstChild(rPr, 'w:b'));
      styles.set(id, info);
      return true;
    },
  });
  return styles;
}

/** Heading level from the style's name ("Heading 2", "Titre 2", "Title") or its outline level. */
function headingLevelOfStyle(
  styles: Map<string, StyleInfo>,
  styleId: string | undefined,
): number | undefined {
  let id = styleId;
  for (let depth = 0; id && depth < 10; depth++) {
    const style = styles.get(id);
    if (!style) break;
    const named = /^(?:heading|titre|title|überschrift|kop)\s*(\d)?$/i.exec(style.name.trim());
    if (named) return named[1] ? Number(named[1]) : 1;
    if (style.outlineLevel !== undefined && style.outlineLevel < 9) return style.outlineLevel + 1;
    id = style.basedOn;
  }
  return undefined;
}

function styleFlag(
  styles: Map<string, StyleInfo>,
  styleId: string | undefined,
  flag: 'bold' | 'list',
): boolean {
  let id = styleId;
  for (let depth = 0; id && depth < 10; depth++) {
    const style = styles.get(id);
    if (!style) break;
    if (style[flag] !== undefined) return style[flag] === true;
    id = style.basedOn;
  }
  return false;
}

/** The text of each footnote by Word's internal id, read as the footnotes part is parsed. */
async function readFootnoteTexts(
  archive: ZipArchive,
  path: string,
  context: DocxContext,
): Promise<Map<string, string>> {
  const texts = new Map<string, string>();
  // Word has no footnotes inside footnotes: references met here are not numbered.
  const noteContext: DocxContext = { ...context, footnoteTexts: null };
  await streamPart(archive, path, {
    close: (note, ancestors) => {
      if (ancestors.length !== 2 || ancestors[1]!.name !== 'w:footnotes') return false;
      const type = note.attrs['w:type'];
      const id = note.attrs['w:id'];
      if (note.name !== 'w:footnote' || (type && type !== 'normal') || id === undefined) return true;
      const paragraphs: string[] = [];
      for (const paragraph of childElements(note, 'w:p')) {
        const text = readParagraphContent(paragraph, noteContext).text.trim();
        if (text) paragraphs.push(text);
      }
      texts.set(id, paragraphs.join('\n'));
      return true;
    },
  });
  return texts;
}

const superscriptDigits = ['⁰', '¹', '²', '³', '⁴', '⁵', '⁶', '⁷', '⁸', '⁹'];

function toSuperscript(number: string): string {
  return number.replace(/\d/g, (digit) => superscriptDigits[Number(digit)]!);
}

/** Gives a footnote its visible number on first reference and records its text. */
function markFootnote(context: DocxContext, id: string): string {
  let number = context.footnoteNumbers.get(id);
  if (number === undefined) {
    number = String(context.footnoteNumbers.size + 1);
    context.footnoteNumbers.set(id, number);
    const text = context.footnoteTexts?.get(id);
    if (text !== undefined) context.footnotes[number] = text;
  }
  return toSuperscript(number);
}

/** Word's named highlight colours. */
const highlightColours: Record<string, string> = {
  black: '#000000',
  blue: '#0000ff',
  cyan: '#00ffff',
  green: '#00ff00',
  magenta: '#ff00ff',
  red: '#ff0000',
  yellow: '#ffff00',
  white: '#ffffff',
  darkBlue: '#000080',
  darkCyan: '#008080',
  darkGreen: '#008000',
  darkMagenta: '#800080',
  darkRed: '#800000',
  darkYellow: '#808000',
  darkGray: '#808080',
  lightGray: '#c0c0c0',
};

/** "#rrggbb" from a w:shd element: the fill, or the pattern colour of a solid pattern. */
function shadingColour(shd: XmlElement | undefined): string | undefined {
  if (!shd) return undefined;
  const pattern = shd.attrs['w:val'];
  const raw = pattern === 'solid' ? shd.attrs['w:color'] : shd.attrs['w:fill'];
  if (pattern === 'nil') return undefined;
  return normaliseHex(raw);
}

function normaliseHex(raw: string | undefined): string | undefined {
  if (!raw || !/^[0-9a-fA-F]{6}$/.test(raw)) return undefined;
  return `#${raw.toLowerCase()}`;
}

interface ParagraphContent {
  /** Text with soft line breaks as "\n". */
  text: string;
  /** True when every run carrying text is bold. */
  bold: boolean;
  /** First run highlight or run shading colour. */
  highlight?: string;
}

interface RunCollector {
  parts: string[];
  boldChars: number;
  plainChars: number;
  highlight?: string;
}

function collectRuns(
  element: XmlElement,
  context: DocxContext,
  collector: RunCollector,
  paragraphBold: boolean,
): void {
  for (const child of element.children) {
    if (typeof child === 'string') continue;
    switch (child.name) {
      case 'w:r':
        collectRun(child, context, collector, paragraphBold);
        break;
      // Deleted revisions and moved-away text are not part of what the reader sees.
      case 'w:del':
      case 'w:moveFrom':
      case 'w:pPr':
        break;
      default:
        // w:hyperlink, w:ins, w:smartTag, w:fldSimple, w:sdt/w:sdtContent, w:customXml, w:moveTo…
        collectRuns(child, context, collector, paragraphBold);
    }
  }
}

function collectRun(
  run: XmlElement,
  context: DocxContext,
  collector: RunCollector,
  paragraphBold: boolean,
): void {
  const rPr = firstChild(run, 'w:rPr');
  const boldElement = firstChild(rPr, 'w:b');
  const bold = boldElement
    ? isOn(boldElement)
    : paragraphBold || styleFlag(context.styles, firstChild(rPr, 'w:rStyle')?.attrs['w:val'], 'bold');
  const before = collector.parts.length;
  let textLength = 0;
  for (const child of run.children) {
    if (typeof child === 'string') continue;
    switch (child.name) {
      case 'w:t': {
        const text = child.children.filter((node): node is string => typeof node === 'string').join('');
        collector.parts.push(text);
        textLength += text.trim().length;
        break;
      }
      case 'w:tab':
      case 'w:ptab':
        collector.parts.push('\t');
        break;
      case 'w:br':
      case 'w:cr':
        if (child.attrs['w:type'] !== 'page' && child.attrs['w:type'] !== 'column')
          collector.parts.push('\n');
        break;
      case 'w:noBreakHyphen':
        collector.parts.push('-');
        break;
      case 'w:footnoteReference': {
        const id = child.attrs['w:id'];
        if (id !== undefined && context.footnoteTexts && child.attrs['w:customMarkFollows'] === undefined)
          collector.parts.push(markFootnote(context, id));
        break;
      }
      default:
        break;
    }
  }
  if (textLength > 0) {
    if (bold) collector.boldChars += textLength;
    else collector.plainChars += textLength;
    if (collector.highlight === undefined && collector.parts.length > before) {
      const highlight = firstChild(rPr, 'w:highlight')?.attrs['w:val'];
      collector.highlight =
        (highlight && highlightColours[highlight]) ?? shadingColour(firstChild(rPr, 'w:shd'));
    }
  }
}

function readParagraphContent(paragraph: XmlElement, context: DocxContext): ParagraphContent {
  const pPr = firstChild(paragraph, 'w:pPr');
  const styleId = firstChild(pPr, 'w:pStyle')?.attrs['w:val'];
  const paragraphBold = styleFlag(context.styles, styleId, 'bold');
  const collector: RunCollector = { parts: [], boldChars: 0, plainChars: 0 };
  collectRuns(paragraph, context, collector, paragraphBold);
  const content: ParagraphContent = {
    text: collector.parts.join('').replace(/[ \t]*\n[ \t]*/g, '\n'),
    bold: collector.boldChars > 0 && collector.plainChars === 0,
  };
  if (collector.highlight) content.highlight = collector.highlight;
  return content;
}

function readBodyParagraph(paragraph: XmlElement, context: DocxContext): RawParagraph | undefined {
  const content = readParagraphContent(paragraph, context);
  const text = content.text.trim();
  if (!text) return undefined;
  const pPr = firstChild(paragraph, 'w:pPr');
  const styleId = firstChild(pPr, 'w:pStyle')?.attrs['w:val'];
  const result: RawParagraph = { kind: 'paragraph', text };
  const directOutline = firstChild(pPr, 'w:outlineLvl')?.attrs['w:val'];
  const headingLevel =
    directOutline !== undefined && /^[0-8]$/.test(directOutline)
      ? Number(directOutline) + 1
      : headingLevelOfStyle(context.styles, styleId);
  if (headingLevel !== undefined) result.headingLevel = headingLevel;
  const numPr = firstChild(pPr, 'w:numPr');
  const numId = firstChild(numPr, 'w:numId')?.attrs['w:val'];
  if (numPr && numId !== '0') {
    result.listLevel = Number(firstChild(numPr, 'w:ilvl')?.attrs['w:val'] ?? 0) || 0;
  } else if (!numPr && styleFlag(context.styles, styleId, 'list')) {
    result.listLevel = 0;
  }
  if (content.bold) result.bold = true;
  return result;
}

/** Elements that only wrap paragraphs and tables of the body: content controls, custom XML, insertions. */
const blockWrappers = new Set(['w:sdt', 'w:sdtContent', 'w:customXml', 'w:ins']);

/** Whether an element with these ancestors sits in the body's flow: w:body, then wrappers only. */
function inBodyFlow(ancestors: readonly XmlElement[]): boolean {
  if (ancestors.length < 3 || ancestors[1]!.name !== 'w:document' || ancestors[2]!.name !== 'w:body')
    return false;
  for (let depth = 3; depth < ancestors.length; depth++)
    if (!blockWrappers.has(ancestors[depth]!.name)) return false;
  return true;
}

/**
 * The body's paragraphs and tables in order, read as document.xml is parsed: a paragraph when
 * it closes, a table row by row (its rows are taken from the tree as they close), everything
 * else of the body dropped once passed.
 */
async function readBody(archive: ZipArchive, part: string, context: DocxContext): Promise<RawBlock[]> {
  const blocks: RawBlock[] = [];
  let table: { element: XmlElement; reader: TableReader } | undefined;
  let sawBody = false;
  await streamPart(archive, part, {
    open: (element, ancestors) => {
      if (element.name === 'w:body' && ancestors.length === 2) sawBody = true;
      else if (element.name === 'w:tbl' && inBodyFlow(ancestors))
        table = { element, reader: new TableReader(context) };
    },
    close: (element, ancestors) => {
      if (table && ancestors[ancestors.length - 1] === table.element) {
        // A row of the table being read, or rows wrapped in a content control.
        if (element.name === 'w:tr') table.reader.addRow(element);
        else if (blockWrappers.has(element.name))
          for (const row of tableRows({ name: 'w:tbl', attrs: {}, children: [element] }))
            table.reader.addRow(row);
        return true;
      }
      if (!inBodyFlow(ancestors)) return false;
      if (element.name === 'w:p') {
        const paragraph = readBodyParagraph(element, context);
        if (paragraph) blocks.push(paragraph);
      } else if (element === table?.element) {
        blocks.push(table.reader.result);
        table = undefined;
      }
      return true;
    },
  });
  if (!sawBody) {
    throw new JalonError(
      'FILE_UNREADABLE',
      {
        fr: `${context.file} : ${part} n’a pas de corps de document`,
        en: `${context.file}: ${part} has no document body`,
      },
      { location: { file: context.file } },
    );
  }
  return blocks;
}

interface GridCell {
  cell: RawCell;
  gridColumn: number;
  /** 'restart' starts a vertical merge, 'continue' extends the one above. */
  vMerge?: 'restart' | 'continue';
}

/**
 * One table, fed a row at a time: each row's cells, with vertical merges linked to the rows
 * above as they come (a merge's first cell gets its rowSpan, the cells below are marked as
 * continuing it), counted against the document's cell budget.
 */
class TableReader {
  readonly result: RawTable;
  private sourceRow = 0;
  /** The cell each open vertical merge started in, by grid column. */
  private readonly openMerges = new Map<number, RawCell>();

  constructor(private readonly context: DocxContext) {
    context.tableCount += 1;
    this.result = { kind: 'table', index: context.tableCount, rows: [] };
  }

  addRow(row: XmlElement): void {
    const context = this.context;
    this.sourceRow += 1;
    const trPr = firstChild(row, 'w:trPr');
    const rawRow: RawRow = { sourceRow: this.sourceRow, cells: [] };
    if (isOn(firstChild(trPr, 'w:tblHeader'))) rawRow.repeatedHeader = true;
    const gridCells: GridCell[] = [];
    let gridColumn = 0;
    const gridBefore = Number(firstChild(trPr, 'w:gridBefore')?.attrs['w:val'] ?? 0) || 0;
    if (gridBefore > 0) {
      gridCells.push({ cell: emptyCell(gridBefore), gridColumn });
      gridColumn += gridBefore;
    }
    for (const tc of rowCells(row)) {
      const tcPr = firstChild(tc, 'w:tcPr');
      const hMergeElement = firstChild(tcPr, 'w:hMerge');
      const hMerge = hMergeElement ? (hMergeElement.attrs['w:val'] ?? 'continue') : undefined;
      const previous = gridCells[gridCells.length - 1];
      if (hMerge !== undefined && hMerge !== 'restart' && previous) {
        // Legacy horizontal merge: the continuing cell widens the one on its left.
        previous.cell.colSpan += 1;
        gridColumn += 1;
        continue;
      }
      const cell = readCell(tc, tcPr, context);
      const vMergeElement = firstChild(tcPr, 'w:vMerge');
      const gridCell: GridCell = { cell, gridColumn };
      if (vMergeElement)
        gridCell.vMerge = vMergeElement.attrs['w:val'] === 'restart' ? 'restart' : 'continue';
      gridCells.push(gridCell);
      gridColumn += cell.colSpan;
    }
    context.cellsLeft -= Math.max(1, gridCells.length);
    if (context.cellsLeft < 0) throw tooManyCellsError(context.file, context.maxCells);
    this.linkVerticalMerges(gridCells);
    rawRow.cells = gridCells.map((gridCell) => gridCell.cell);
    this.result.rows.push(rawRow);
  }

  private linkVerticalMerges(row: GridCell[]): void {
    const seen = new Set<number>();
    for (const gridCell of row) {
      seen.add(gridCell.gridColumn);
      const owner = this.openMerges.get(gridCell.gridColumn);
      if (gridCell.vMerge === 'continue' && owner) {
        owner.rowSpan += 1;
        gridCell.cell.mergedFromAbove = true;
        gridCell.cell.text = '';
        gridCell.cell.paragraphs = [''];
        continue;
      }
      if (gridCell.vMerge === 'restart' || gridCell.vMerge === 'continue')
        this.openMerges.set(gridCell.gridColumn, gridCell.cell);
      else this.openMerges.delete(gridCell.gridColumn);
    }
    for (const column of this.openMerges.keys()) if (!seen.has(column)) this.openMerges.delete(column);
  }
}

/** Rows of a table, including those wrapped in content controls or tracked insertions. */
function tableRows(table: XmlElement): XmlElement[] {
  const rows: XmlElement[] = [];
  for (const child of childElements(table)) {
    if (child.name === 'w:tr') rows.push(child);
    else if (child.name === 'w:sdt' || child.name === 'w:customXml' || child.name === 'w:ins') {
      const content = firstChild(child, 'w:sdtContent') ?? child;
      rows.push(...tableRows(content));
    }
  }
  return rows;
}

function rowCells(row: XmlElement): XmlElement[] {
  const cells: XmlElement[] = [];
  for (const child of childElements(row)) {
    if (child.name === 'w:tc') cells.push(child);
    else if (child.name === 'w:sdt' || child.name === 'w:customXml') {
      cells.push(...rowCells(firstChild(child, 'w:sdtContent') ?? child));
    }
  }
  return cells;
}

function emptyCell(colSpan: number): RawCell {
  return { text: '', paragraphs: [''], colSpan, rowSpan: 1 };
}

function readCell(tc: XmlElement, tcPr: XmlElement | undefined, context: DocxContext): RawCell {
  const paragraphs: string[] = [];
  let highlight: string | undefined;
  let boldCount = 0;
  let textCount = 0;
  const visit = (container: XmlElement): void => {
    for (const child of container.children) {
      if (typeof child === 'string') continue;
      if (child.name === 'w:p') {
        const content = readParagraphContent(child, context);
        highlight ??= content.highlight;
        for (const line of content.text.split('\n')) {
          const text = line.trim();
          if (!text) continue;
          paragraphs.push(text);
          textCount += 1;
          if (content.bold) boldCount += 1;
        }
      } else if (child.name === 'w:tbl') {
        // A table nested in a cell is read row by row, cell by cell, in reading order.
        for (const row of tableRows(child)) for (const cell of rowCells(row)) visit(cell);
      } else if (child.name === 'w:sdt' || child.name === 'w:sdtContent' || child.name === 'w:customXml') {
        visit(child);
      }
    }
  };
  visit(tc);
  const colSpan = Math.max(1, Math.min(64, Number(firstChild(tcPr, 'w:gridSpan')?.attrs['w:val'] ?? 1) || 1));
  const cell: RawCell = {
    text: paragraphs.join('\n'),
    paragraphs: paragraphs.length > 0 ? paragraphs : [''],
    colSpan,
    rowSpan: 1,
  };
  const fill = shadingColour(firstChild(tcPr, 'w:shd'));
  if (fill) cell.fill = fill;
  if (highlight) cell.highlight = highlight;
  if (textCount > 0 && boldCount === textCount) cell.bold = true;
  return cell;
}
