/**
 * What every format reader produces and the one table recogniser consumes: the document's
 * paragraphs and tables in order, with just enough layout (merges, shading, headings) to
 * rebuild the plan. Readers never interpret plan structure; the recogniser never reads files.
 */
export interface RawDocument {
  /** File name, for warnings and errors. */
  file?: string;
  format: 'docx' | 'xlsx' | 'csv' | 'tsv' | 'txt' | 'md' | 'pdf' | 'html';
  blocks: RawBlock[];
  /** Footnote texts by their number or id as the document marks them ("1", "2"). */
  footnotes?: Record<string, string>;
}

export type RawBlock = RawParagraph | RawTable;

export interface RawParagraph {
  kind: 'paragraph';
  text: string;
  /** 1 for a title or top heading, 2, 3… for sub-headings; absent for body text. */
  headingLevel?: number;
  /** Nesting depth when the paragraph is a list item (0 = top level). */
  listLevel?: number;
  bold?: boolean;
  page?: number;
}

export interface RawTable {
  kind: 'table';
  /** 1-based number of the table in the document (or the sheet's position). */
  index: number;
  /** Sheet name for spreadsheets. */
  sheet?: string;
  page?: number;
  rows: RawRow[];
}

export interface RawRow {
  /** 1-based row number in the source (table row, sheet row, or text line). */
  sourceRow: number;
  /** Word's "repeat as header row" flag, when the format has one. */
  repeatedHeader?: boolean;
  cells: RawCell[];
}

export interface RawCell {
  /** The cell's paragraphs joined by "\n". */
  text: string;
  /** One entry per paragraph or line of the cell (list items stay separate). */
  paragraphs: string[];
  /** Grid columns the cell spans (horizontal merge). */
  colSpan: number;
  /** Rows the cell spans (vertical merge), counted on its first row. */
  rowSpan: number;
  /** The cell continues a vertical merge from the row above: its text is the empty string. */
  mergedFromAbove?: boolean;
  /** Background colour as "#rrggbb", when the cell is shaded. */
  fill?: string | null;
  /** Text highlight colour as "#rrggbb" (Word's highlight or a coloured run shading). */
  highlight?: string | null;
  bold?: boolean;
}

/** A plain cell (text formats). */
export function textCell(text: string): RawCell {
  const paragraphs = text.split('\n');
  return { text, paragraphs, colSpan: 1, rowSpan: 1 };
}

/**
 * Spreadsheet exports (Jalon's among them) put an apostrophe before a text that starts like a
 * formula (= + - @, a tab or a carriage return) so that no spreadsheet runs it: the apostrophe
 * is not part of the text.
 */
export function withoutFormulaGuard(text: string): string {
  return /^'[=+\-@\t\r]/.test(text) ? text.slice(1) : text;
}
