import { isCovered, type DocCell, type DocRow, type DocTable } from './plan-document.ts';

/**
 * The WordprocessingML of one table of the layout-neutral tree, written straight to a string.
 *
 * The docx library builds three layers per cell (its objects, a JSON tree, then the string) and a
 * 1,000-action plan has some 17,000 cells: that took ≈ 1 s of the DOCX export, against ≈ 0.1 s
 * here. The markup is the one docx writes for the same table (same elements, same order, as the
 * schema wants), so Word and LibreOffice read both alike; the rest of the document (styles,
 * numbering, footnotes, footer, package) is still docx's.
 */

/** What a table needs from the document around it: its width, and the footnotes it refers to. */
export interface TableXmlContext {
  contentWidth: number;
  /** Registers the text of a footnote and gives the id the reference carries. */
  addFootnote(text: string): number;
}

const DARK_GREEN = '1e7b34';
const BORDER = 'w:val="single" w:color="auto" w:sz="4"/>';
const TABLE_PROPERTIES_TAIL =
  `<w:tblBorders><w:top ${BORDER}<w:left ${BORDER}<w:bottom ${BORDER}<w:right ${BORDER}` +
  `<w:insideH ${BORDER}<w:insideV ${BORDER}</w:tblBorders><w:tblLayout w:type="fixed"/>` +
  '<w:tblCellMar><w:top w:type="dxa" w:w="30"/><w:left w:type="dxa" w:w="70"/>' +
  '<w:bottom w:type="dxa" w:w="30"/><w:right w:type="dxa" w:w="70"/></w:tblCellMar></w:tblPr>';

const xmlEscapes: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&apos;',
};

/**
 * Text as XML character data: markup characters and quotes escaped (as docx does), and the characters XML 1.0 cannot hold
 * (C0 controls but tab and line breaks, U+FFFE/U+FFFF, lone surrogates) dropped, so that no user
 * text can break the document.
 */
export function escapeXmlText(text: string): string {
  return text.replace(
    // oxlint-disable-next-line no-control-regex
    /[&<>"'\x00-\x08\x0B\x0C\x0E-\x1F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g,
    (char) => xmlEscapes[char] ?? '',
  );
}

const shading = (fill: string) => `<w:shd w:fill="${fill}" w:color="auto" w:val="clear"/>`;

function runProperties(cell: DocCell): string {
  // CT_RPr order: b, bCs, i, iCs, color, shd.
  let properties = '';
  if (cell.bold) properties += '<w:b/><w:bCs/>';
  if (cell.italic) properties += '<w:i/><w:iCs/>';
  if (cell.fill === DARK_GREEN) properties += '<w:color w:val="FFFFFF"/>';
  if (cell.highlight) properties += shading(cell.highlight);
  return properties ? `<w:rPr>${properties}</w:rPr>` : '';
}

function cellParagraphs(cell: DocCell, keepNext: boolean, context: TableXmlContext): string {
  const texts = cell.paragraphs.length ? cell.paragraphs : [''];
  const paragraphProperties = keepNext ? '<w:pPr><w:keepNext/></w:pPr>' : '';
  const emptyParagraph = keepNext ? `<w:p>${paragraphProperties}</w:p>` : '<w:p/>';
  const run = runProperties(cell);
  let xml = '';
  texts.forEach((text, i) => {
    if (!text && !cell.footnote) {
      xml += emptyParagraph;
      return;
    }
    xml += `<w:p>${paragraphProperties}<w:r>${run}<w:t xml:space="preserve">${escapeXmlText(text)}</w:t></w:r>`;
    if (cell.footnote && i === texts.length - 1) {
      const id = context.addFootnote(cell.footnote);
      xml += `<w:r><w:rPr><w:rStyle w:val="FootnoteReference"/></w:rPr><w:footnoteReference w:id="${id}"/></w:r>`;
    }
    xml += '</w:p>';
  });
  return xml;
}

function cellProperties(
  width: number,
  colSpan: number,
  merge: 'restart' | 'continue' | undefined,
  fill: string | undefined,
  header: boolean,
): string {
  // CT_TcPr order: tcW, gridSpan, vMerge, shd, vAlign.
  return (
    `<w:tcPr><w:tcW w:type="dxa" w:w="${width}"/>` +
    (colSpan > 1 ? `<w:gridSpan w:val="${colSpan}"/>` : '') +
    (merge ? `<w:vMerge w:val="${merge}"/>` : '') +
    (fill ? shading(fill) : '') +
    (header ? '<w:vAlign w:val="center"/>' : '') +
    '</w:tcPr>'
  );
}

function rowXml(
  row: DocRow,
  header: boolean,
  columnWidths: number[],
  /** Per grid column, the merged cell that started above and still covers it. */
  mergedAbove: Array<DocCell | undefined>,
  context: TableXmlContext,
): string {
  // Header, axis and objective rows stay whole; action rows may break across pages, because
  // LibreOffice 7.4 drops a whole-kept row that falls at the foot of a page in some tables.
  // A group row (general objective, sub-dimension) is kept with the row after it.
  const cantSplit = row.kind !== 'action' || header;
  const keepNext = row.kind === 'group';
  let xml = cantSplit ? `<w:tr><w:trPr><w:cantSplit/>${header ? '<w:tblHeader/>' : ''}</w:trPr>` : '<w:tr>';
  row.cells.forEach((gridCell, column) => {
    if (isCovered(gridCell)) {
      if (gridCell.covered === 'horizontal') return;
      // The continuation of a vertical merge: docx repeats the merged cell's shading and alignment.
      const origin = mergedAbove[column];
      const width = spanWidth(columnWidths, column, gridCell.colSpan);
      xml += `<w:tc>${cellProperties(width, gridCell.colSpan, 'continue', origin?.fill, header)}`;
      xml += keepNext ? '<w:p><w:pPr><w:keepNext/></w:pPr></w:p></w:tc>' : '<w:p/></w:tc>';
      return;
    }
    mergedAbove[column] = gridCell.rowSpan > 1 ? gridCell : undefined;
    const width = spanWidth(columnWidths, column, gridCell.colSpan);
    const merge = gridCell.rowSpan > 1 ? 'restart' : undefined;
    xml += `<w:tc>${cellProperties(width, gridCell.colSpan, merge, gridCell.fill, header)}`;
    xml += `${cellParagraphs(gridCell, keepNext, context)}</w:tc>`;
  });
  return `${xml}</w:tr>`;
}

function spanWidth(columnWidths: number[], column: number, colSpan: number): number {
  let width = 0;
  for (let i = column; i < column + colSpan; i++) width += columnWidths[i] ?? 0;
  return width;
}

/** A table of the tree as a `<w:tbl>`: fixed layout over the content width, header rows repeated. */
export function writeTableXml(table: DocTable, context: TableXmlContext): string {
  const total = table.widths.reduce((a, b) => a + b, 0);
  const columnWidths = table.widths.map((w) => Math.floor((w / total) * context.contentWidth));
  const parts: string[] = [
    `<w:tbl><w:tblPr><w:tblW w:type="dxa" w:w="${context.contentWidth}"/>${TABLE_PROPERTIES_TAIL}<w:tblGrid>`,
  ];
  for (const width of columnWidths) parts.push(`<w:gridCol w:w="${width}"/>`);
  parts.push('</w:tblGrid>');
  const mergedAbove: Array<DocCell | undefined> = [];
  table.rows.forEach((row, r) => {
    parts.push(rowXml(row, r < table.headerRowCount, columnWidths, mergedAbove, context));
  });
  parts.push('</w:tbl>');
  return parts.join('');
}
