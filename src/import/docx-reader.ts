import { JalonError } from '../core/errors.ts';
import type { RawBlock, RawCell, RawDocument, RawParagraph, RawRow, RawTable } from './raw-document.ts';
import { childElements, firstChild, parseXmlTree, type XmlElement } from './xml-tree.ts';
import { assertOfficeZip, openZipArchive, readZipText, type ZipArchive } from './zip-archive.ts';

/**
 * Reads a Word .docx from its package parts (word/document.xml, styles.xml, footnotes.xml):
 * mammoth gives neither cell shading nor run highlight, which carry the synthesis timeline.
 * Footnote reference marks stay in the text as superscript numbers ("CPEONS¹"), numbered in
 * order of first reference like Word shows them; their texts are in `footnotes` by that number.
 */
export interface DocxReadOptions {
  file?: string;
  maxExpandedBytes?: number;
  maxEntries?: number;
}

export async function readDocx(bytes: Uint8Array, options: DocxReadOptions = {}): Promise<RawDocument> {
  const file = options.file ?? 'document.docx';
  assertOfficeZip(bytes, file, 'Word .docx');
  const archive = openZipArchive(bytes, file, options);
  const parts = locateParts(archive);
  const documentXml = readZipText(archive, parts.document);
  if (documentXml === undefined) {
    throw new JalonError(
      'FILE_UNREADABLE',
      `${file} is a zip archive but not a Word document (no ${parts.document})`,
      {
        location: { file },
      },
    );
  }
  const styles = readStyles(archive, parts.styles);
  const footnoteXml = parts.footnotes ? readZipText(archive, parts.footnotes) : undefined;
  const footnoteParts = footnoteXml
    ? collectFootnotes(parseXmlTree(footnoteXml, `${file}: ${parts.footnotes}`))
    : new Map();
  const context: DocxContext = {
    styles,
    footnoteParts,
    footnoteNumbers: new Map(),
    footnotes: {},
    tableCount: 0,
  };
  const root = parseXmlTree(documentXml, `${file}: ${parts.document}`);
  const body = firstChild(firstChild(root, 'w:document'), 'w:body');
  if (!body) {
    throw new JalonError('FILE_UNREADABLE', `${file}: ${parts.document} has no document body`, {
      location: { file },
    });
  }
  const blocks: RawBlock[] = [];
  readBlocks(body, context, blocks);
  const document: RawDocument = { file, format: 'docx', blocks };
  if (Object.keys(context.footnotes).length > 0) document.footnotes = context.footnotes;
  return document;
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
  /** Footnote paragraphs by Word's internal id. */
  footnoteParts: Map<string, XmlElement>;
  /** Word's internal id → the number shown to the reader ("1", "2"…). */
  footnoteNumbers: Map<string, string>;
  footnotes: Record<string, string>;
  tableCount: number;
}

interface DocxParts {
  document: string;
  styles?: string;
  footnotes?: string;
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

function readRelationships(archive: ZipArchive, relsPath: string): { type: string; target: string }[] {
  const xml = readZipText(archive, relsPath);
  if (!xml) return [];
  const root = parseXmlTree(xml, `${archive.file}: ${relsPath}`);
  const relationships = firstChild(root, 'Relationships');
  if (!relationships) return [];
  return childElements(relationships, 'Relationship').map((rel) => ({
    type: rel.attrs.Type ?? '',
    target: rel.attrs.Target ?? '',
  }));
}

/** Finds the main document and its styles/footnotes parts through the package relationships. */
function locateParts(archive: ZipArchive): DocxParts {
  const main = readRelationships(archive, '_rels/.rels').find((rel) => rel.type.endsWith('/officeDocument'));
  const document = main ? resolveTarget('', main.target) : 'word/document.xml';
  const slash = document.lastIndexOf('/');
  const relsPath = `${document.slice(0, slash + 1)}_rels/${document.slice(slash + 1)}.rels`;
  const parts: DocxParts = { document };
  for (const rel of readRelationships(archive, relsPath)) {
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

function readStyles(archive: ZipArchive, path: string | undefined): Map<string, StyleInfo> {
  const styles = new Map<string, StyleInfo>();
  const xml = path ? readZipText(archive, path) : undefined;
  if (!xml) return styles;
  const root = firstChild(parseXmlTree(xml, `${archive.file}: ${path}`), 'w:styles');
  if (!root) return styles;
  for (const style of childElements(root, 'w:style')) {
    const id = style.attrs['w:styleId'];
    if (!id) continue;
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
  }
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

function collectFootnotes(root: XmlElement): Map<string, XmlElement> {
  const notes = new Map<string, XmlElement>();
  const container = firstChild(root, 'w:footnotes');
  if (!container) return notes;
  for (const note of childElements(container, 'w:footnote')) {
    const type = note.attrs['w:type'];
    if (type && type !== 'normal') continue;
    const id = note.attrs['w:id'];
    if (id !== undefined) notes.set(id, note);
  }
  return notes;
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
    const note = context.footnoteParts.get(id);
    if (note) {
      const texts: string[] = [];
      for (const paragraph of childElements(note, 'w:p')) {
        const text = readParagraphContent(paragraph, context).text.trim();
        if (text) texts.push(text);
      }
      context.footnotes[number] = texts.join('\n');
    }
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
        if (id !== undefined && child.attrs['w:customMarkFollows'] === undefined)
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

function readBlocks(container: XmlElement, context: DocxContext, blocks: RawBlock[]): void {
  for (const child of container.children) {
    if (typeof child === 'string') continue;
    if (child.name === 'w:p') {
      const paragraph = readBodyParagraph(child, context);
      if (paragraph) blocks.push(paragraph);
    } else if (child.name === 'w:tbl') {
      blocks.push(readTable(child, context));
    } else if (
      child.name === 'w:sdt' ||
      child.name === 'w:sdtContent' ||
      child.name === 'w:customXml' ||
      child.name === 'w:ins'
    ) {
      readBlocks(child, context, blocks);
    }
  }
}

interface GridCell {
  cell: RawCell;
  gridColumn: number;
  /** 'restart' starts a vertical merge, 'continue' extends the one above. */
  vMerge?: 'restart' | 'continue';
}

function readTable(table: XmlElement, context: DocxContext): RawTable {
  context.tableCount += 1;
  const result: RawTable = { kind: 'table', index: context.tableCount, rows: [] };
  const gridRows: GridCell[][] = [];
  let sourceRow = 0;
  for (const row of tableRows(table)) {
    sourceRow += 1;
    const trPr = firstChild(row, 'w:trPr');
    const rawRow: RawRow = { sourceRow, cells: [] };
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
    gridRows.push(gridCells);
    rawRow.cells = gridCells.map((gridCell) => gridCell.cell);
    result.rows.push(rawRow);
  }
  linkVerticalMerges(gridRows);
  return result;
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

/** Gives each merge's first cell its rowSpan and marks the cells below it as continuing it. */
function linkVerticalMerges(gridRows: GridCell[][]): void {
  const openMerges = new Map<number, RawCell>();
  for (const row of gridRows) {
    const seen = new Set<number>();
    for (const gridCell of row) {
      seen.add(gridCell.gridColumn);
      const owner = openMerges.get(gridCell.gridColumn);
      if (gridCell.vMerge === 'continue' && owner) {
        owner.rowSpan += 1;
        gridCell.cell.mergedFromAbove = true;
        gridCell.cell.text = '';
        gridCell.cell.paragraphs = [''];
        continue;
      }
      if (gridCell.vMerge === 'restart' || gridCell.vMerge === 'continue')
        openMerges.set(gridCell.gridColumn, gridCell.cell);
      else openMerges.delete(gridCell.gridColumn);
    }
    for (const column of openMerges.keys()) if (!seen.has(column)) openMerges.delete(column);
  }
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
