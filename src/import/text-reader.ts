import { JalonError } from '../core/errors.ts';
import {
  textCell,
  withoutFormulaGuard,
  type RawBlock,
  type RawDocument,
  type RawParagraph,
  type RawRow,
} from './raw-document.ts';

export interface TextReadOptions {
  /** File name, for warnings and errors. */
  file?: string;
  format?: 'txt' | 'tsv' | 'md' | 'csv';
}

const superscripts: Record<string, string> = {
  '0': '⁰',
  '1': '¹',
  '2': '²',
  '3': '³',
  '4': '⁴',
  '5': '⁵',
  '6': '⁶',
  '7': '⁷',
  '8': '⁸',
  '9': '⁹',
};
const superscriptDigits = '⁰¹²³⁴⁵⁶⁷⁸⁹';

/** Removes a byte-order mark and normalises line ends. */
function normaliseNewlines(text: string): string {
  return text.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n');
}

/**
 * Reads pasted Word text, TSV or Markdown into a RawDocument: runs of TAB-separated lines and
 * Markdown pipe tables become tables (a blank line ends a table), other lines become paragraphs,
 * with Markdown headings, list items, bold and footnote lines ("<sup>1</sup> …", "¹ …")
 * recognised. Cell text is kept as written (HTML fragments included) for the recogniser.
 */
export function readText(input: string, options: TextReadOptions = {}): RawDocument {
  if (options.format === 'csv') return readCsv(input, options);
  const lines = normaliseNewlines(input).split('\n');
  const blocks: RawBlock[] = [];
  const footnotes: Record<string, string> = {};
  let tableIndex = 0;
  let i = 0;
  while (i < lines.length) {
    const line = lines[i]!;
    if (line.includes('\t')) {
      const rows: RawRow[] = [];
      while (i < lines.length && lines[i]!.includes('\t')) {
        rows.push({ sourceRow: i + 1, cells: lines[i]!.split('\t').map((cell) => textCell(cell.trim())) });
        i += 1;
      }
      if (rows.some((row) => row.cells.some((cell) => cell.text !== ''))) {
        tableIndex += 1;
        blocks.push({ kind: 'table', index: tableIndex, rows });
      }
      continue;
    }
    if (isPipeRow(line)) {
      const rows: RawRow[] = [];
      while (i < lines.length && isPipeRow(lines[i]!)) {
        if (!isPipeSeparator(lines[i]!)) {
          rows.push({ sourceRow: i + 1, cells: splitPipeRow(lines[i]!).map((cell) => textCell(cell)) });
        }
        i += 1;
      }
      tableIndex += 1;
      blocks.push({ kind: 'table', index: tableIndex, rows });
      continue;
    }
    i += 1;
    const paragraph = readParagraphLine(line, footnotes);
    if (paragraph) blocks.push(paragraph);
  }
  return { file: options.file, format: options.format ?? 'txt', blocks, footnotes };
}

function isPipeRow(line: string): boolean {
  return /^\s*\|.*\|\s*$/.test(line);
}

function isPipeSeparator(line: string): boolean {
  return /^\s*\|?(\s*:?-{2,}:?\s*\|)+\s*(:?-{2,}:?\s*)?\|?\s*$/.test(line);
}

function splitPipeRow(line: string): string[] {
  const inner = line.trim().replace(/^\|/, '').replace(/\|$/, '');
  const cells: string[] = [];
  let current = '';
  for (let i = 0; i < inner.length; i++) {
    const ch = inner[i]!;
    if (ch === '\\' && inner[i + 1] === '|') {
      current += '|';
      i += 1;
    } else if (ch === '|') {
      cells.push(current.trim());
      current = '';
    } else current += ch;
  }
  cells.push(current.trim());
  return cells.map((cell) => cell.replace(/<br\s*\/?>/gi, '\n').replace(/\*\*(.+?)\*\*/g, '$1'));
}

/** One text line as a paragraph, or null for blank lines and rules; footnote lines go to `footnotes`. */
function readParagraphLine(line: string, footnotes: Record<string, string>): RawParagraph | null {
  const trimmed = line.trim();
  if (!trimmed || /^([-*_]\s*){3,}$/.test(trimmed)) return null;
  const footnote =
    /^<sup>\s*(\d+)\s*<\/sup>\s*(.*)$/i.exec(trimmed) ??
    new RegExp(`^([${superscriptDigits}]+)\\s*(.+)$`).exec(trimmed);
  if (footnote) {
    const id = [...footnote[1]!]
      .map((c) => String(superscriptDigits.indexOf(c) >= 0 ? superscriptDigits.indexOf(c) : c))
      .join('');
    footnotes[id] = cleanInline(footnote[2]!);
    return null;
  }
  const heading = /^(#{1,6})\s+(.*)$/.exec(trimmed);
  if (heading) {
    const text = cleanInline(heading[2]!);
    return text ? { kind: 'paragraph', text, headingLevel: heading[1]!.length, bold: true } : null;
  }
  const list = /^(\s*)[-*+•]\s+(.*)$/.exec(line.replace(/\s+$/, ''));
  if (list) {
    const text = cleanInline(list[2]!);
    return {
      kind: 'paragraph',
      text,
      listLevel: Math.floor(list[1]!.replace(/\t/g, '  ').length / 2),
      bold: isWholeBold(list[2]!),
    };
  }
  const text = cleanInline(trimmed);
  return text ? { kind: 'paragraph', text, bold: isWholeBold(trimmed) } : null;
}

function isWholeBold(text: string): boolean {
  return /^\*\*[^*]+\*\*$/.test(text.trim()) || /^<b>.*<\/b>$/i.test(text.trim());
}

/** Markdown and HTML inline marks removed: bold, links (URL kept when it differs), superscripts, escapes. */
function cleanInline(text: string): string {
  return text
    .replace(/<sup>\s*(\d+)\s*<\/sup>/gi, (_, n: string) => [...n].map((d) => superscripts[d] ?? d).join(''))
    .replace(/\[([^\]]*)\]\(([^)]*)\)/g, (_, label: string, url: string) => {
      const bare = url.replace(/^(mailto:|https?:\/\/)/i, '');
      return label && bare.toLowerCase() !== label.toLowerCase() ? `${label} (${url})` : label || url;
    })
    .replace(/<(https?:\/\/[^>]+)>/g, '$1')
    .replace(/\*\*|__/g, '')
    .replace(/<\/?[a-z][^>]*>/gi, '')
    .replace(/\\([\\`*_{}[\]()#+\-.!|])/g, '$1')
    .replace(/[ \t\u00a0]+/g, ' ')
    .trim();
}

/** The separator a CSV file uses: the one of `;`, `,` and TAB found most often outside quotes in its first line. */
function detectSeparator(text: string): string {
  const counts: Record<string, number> = { ';': 0, ',': 0, '\t': 0 };
  let quoted = false;
  for (const ch of text) {
    if (ch === '"') quoted = !quoted;
    else if (!quoted && ch === '\n') break;
    else if (!quoted && ch in counts) counts[ch]! += 1;
  }
  return Object.entries(counts).sort((a, b) => b[1] - a[1])[0]![0];
}

/** Reads RFC 4180 CSV (quoted fields, doubled quotes, line breaks inside quotes; `;`, `,` or TAB) into one table. */
export function readCsv(input: string, options: TextReadOptions = {}): RawDocument {
  const text = normaliseNewlines(input);
  const separator = detectSeparator(text);
  const rows: RawRow[] = [];
  let cells: string[] = [];
  let field = '';
  let quoted = false;
  let line = 1;
  let rowStart = 1;
  const endRow = () => {
    cells.push(field);
    field = '';
    if (cells.some((c) => c.trim() !== '')) {
      rows.push({ sourceRow: rowStart, cells: cells.map((c) => textCell(withoutFormulaGuard(c.trim()))) });
    }
    cells = [];
  };
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        field += '"';
        i += 1;
      } else if (ch === '"') quoted = false;
      else {
        if (ch === '\n') line += 1;
        field += ch;
      }
    } else if (ch === '"' && field.trim() === '') {
      quoted = true;
      field = '';
    } else if (ch === separator) {
      cells.push(field);
      field = '';
    } else if (ch === '\n') {
      line += 1;
      endRow();
      rowStart = line;
    } else field += ch;
  }
  if (quoted) {
    throw new JalonError(
      'FILE_UNREADABLE',
      {
        fr: `${options.file ?? 'Texte CSV'} : un champ entre guillemets ouvert à la ligne ${rowStart} n’est jamais fermé.`,
        en: `${options.file ?? 'CSV text'}: a quoted field opened on line ${rowStart} is never closed.`,
      },
      { location: { file: options.file, row: rowStart } },
    );
  }
  if (field !== '' || cells.length > 0) endRow();
  return {
    file: options.file,
    format: 'csv',
    blocks: rows.length ? [{ kind: 'table', index: 1, rows }] : [],
    footnotes: {},
  };
}
