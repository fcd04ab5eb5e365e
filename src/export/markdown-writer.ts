import type { Plan } from '../core/plan-schema.ts';
import type { ExportLayout } from './export-layout.ts';
import { buildPlanDocument, isCovered, type DocBlock, type DocCell, type DocTable } from './plan-document.ts';

/**
 * Escapes a text for Markdown so that it stays text: emphasis, code, links, HTML, table pipes
 * and entities everywhere; headings, lists, quotes and numbered items at the start of a line.
 */
export function escapeMarkdown(text: string): string {
  return escapeMarkdownInline(text)
    .replace(/^(\s*)([#>+-])/gm, '$1\\$2')
    .replace(/^(\s*\d+)([.)])/gm, '$1\\$2');
}

/** Escapes the characters that mean something inside a line (headings and table cells). */
export function escapeMarkdownInline(text: string): string {
  return text.replace(/[\\`*_[\]<>&|~]/g, (c) => `\\${c}`);
}

/** A table cell: escaped, line breaks as <br> (the one HTML tag the page itself writes). */
function formatCell(cell: DocCell): string {
  let text = cell.paragraphs.map(escapeMarkdownInline).join('<br>').replace(/\r?\n/g, '<br>');
  if (cell.marker === 'Nouveau') text += ' *(nouveau)*';
  else if (cell.marker) text = text ? `${cell.marker} ${text}` : cell.marker;
  if (cell.bold && text) text = `**${text}**`;
  if (cell.italic && text) text = `*${text}*`;
  return text;
}

/**
 * Markdown tables cannot merge cells: a full-width row keeps its text in the first cell, and an
 * objective merged over its actions is written on its first row only.
 */
function renderTable(table: DocTable, notes: string[]): string {
  const width = table.widths.length;
  const lines: string[] = [`*${escapeMarkdown(table.caption)}*`, ''];
  const headerRows = table.rows.slice(0, table.headerRowCount);
  const toTexts = (cells: DocTable['rows'][number]['cells']) =>
    cells.map((cell) => {
      if (isCovered(cell)) return '';
      let text = formatCell(cell);
      if (cell.footnote) {
        notes.push(cell.footnote);
        text += `[^${notes.length}]`;
      }
      return text;
    });
  // Several header rows (years over Q1/Q2) fold into one: "2023-2024 Q1".
  const header = Array.from({ length: width }, (_, c) => {
    const parts: string[] = [];
    for (const row of headerRows) {
      const cell = row.cells[c];
      if (!cell) continue;
      if (isCovered(cell) && cell.covered === 'horizontal') {
        const left = row.cells.slice(0, c).findLast((x) => !isCovered(x));
        if (left && !isCovered(left)) parts.push(formatCell(left));
      } else if (!isCovered(cell)) parts.push(toTexts([cell])[0]!);
    }
    return parts.filter(Boolean).join(' ') || ' ';
  });
  lines.push(`| ${header.join(' | ')} |`, `|${header.map(() => ' --- ').join('|')}|`);
  for (const row of table.rows.slice(table.headerRowCount))
    lines.push(`| ${toTexts(row.cells).join(' | ')} |`);
  return lines.join('\n');
}

function renderBlock(block: DocBlock, notes: string[]): string {
  const refs = (footnotes: string[] | undefined) =>
    (footnotes ?? [])
      .map((n) => {
        notes.push(n);
        return `[^${notes.length}]`;
      })
      .join('');
  switch (block.kind) {
    case 'heading':
      return `${'#'.repeat(Math.min(block.level + 1, 6))} ${escapeMarkdownInline(block.text)}`;
    case 'paragraph':
      return block.bold
        ? `**${escapeMarkdown(block.text)}**${refs(block.footnotes)}`
        : `${escapeMarkdown(block.text)}${refs(block.footnotes)}`;
    case 'listItem':
      return `- ${escapeMarkdown(block.text)}${refs(block.footnotes)}`;
    case 'table':
      return renderTable(block.table, notes);
    case 'legend':
      return block.items.map((item) => `- ${item.marker} : ${escapeMarkdown(item.label)}`).join('\n');
    case 'signatures':
      return block.groups
        .map((g) => `**${escapeMarkdown(g.role)}**\n\n${g.names.map(escapeMarkdown).join('  \n')}`)
        .join('\n\n');
    case 'pageBreak':
      return '---';
  }
}

/** The plan as a readable, printable Markdown page (GitHub-flavoured tables and footnotes). */
export function writeMarkdown(plan: Plan, options: { layout: ExportLayout }): Uint8Array {
  const doc = buildPlanDocument(plan, options.layout);
  const notes: string[] = [];
  const parts: string[] = [];
  for (const line of doc.titleBlock) {
    parts.push(
      line.size === 'title'
        ? `# ${escapeMarkdown(line.text)}`
        : line.size === 'large'
          ? `**${escapeMarkdown(line.text)}**`
          : escapeMarkdown(line.text),
    );
  }
  let previousWasListItem = false;
  for (const block of doc.blocks) {
    const text = renderBlock(block, notes);
    // Consecutive list items form one list: no blank line between them.
    if (block.kind === 'listItem' && previousWasListItem) parts[parts.length - 1] += `\n${text}`;
    else parts.push(text);
    previousWasListItem = block.kind === 'listItem';
  }
  if (notes.length) parts.push(notes.map((n, i) => `[^${i + 1}]: ${escapeMarkdown(n)}`).join('\n'));
  return new TextEncoder().encode(`${parts.join('\n\n')}\n`);
}
