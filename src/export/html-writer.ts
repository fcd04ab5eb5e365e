import type { Plan } from '../core/plan-schema.ts';
import type { ExportLayout } from './export-layout.ts';
import {
  buildPlanDocument,
  isCovered,
  type DocBlock,
  type DocCell,
  type DocRow,
  type DocTable,
  type PlanDocument,
} from './plan-document.ts';
import { timelineColours } from './synthesis-timeline.ts';

/** Escapes every character that means something in HTML text or attribute values. */
export function escapeHtml(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

const styles = `
:root { color-scheme: light; }
body { font-family: Arial, "Liberation Sans", Helvetica, sans-serif; font-size: 15px; line-height: 1.45; color: #1a1a1a; margin: 2rem auto; max-width: 80rem; padding: 0 1rem; }
header.title-block { text-align: center; margin-bottom: 2rem; }
header.title-block p { margin: .2rem 0; }
header.title-block .large { font-size: 1.3rem; font-weight: bold; }
h1.title { font-size: 1.9rem; margin: .6rem 0; }
h1, h2, h3 { color: #1f3864; }
table { border-collapse: collapse; width: 100%; margin: .5rem 0 1.5rem; font-size: .85rem; }
caption { text-align: left; font-weight: bold; padding: .3rem 0; }
th, td { border: 1px solid #6b6b6b; padding: .25rem .4rem; vertical-align: top; text-align: left; }
thead th { background: #d9e2f3; vertical-align: middle; }
th[scope="rowgroup"] { background: #e7e6e6; }
tbody th { font-weight: normal; }
.strong { font-weight: bold; }
td p, th p { margin: 0 0 .2rem; }
.all { background: #${timelineColours.all}; color: #fff; text-align: center; }
.some { background: #${timelineColours.some}; color: #1a1a1a; text-align: center; }
.new { background: #${timelineColours.isNew}; }
.general { background: #${timelineColours.general}; }
.tag { display: inline-block; font-size: .7rem; font-weight: bold; border: 1px solid #7a5c00; color: #5c4500; padding: 0 .25rem; margin-left: .3rem; border-radius: 3px; }
.note { font-style: italic; }
.legend { list-style: none; padding: 0; }
.legend li { margin: .2rem 0; }
.swatch { display: inline-block; min-width: 2.2rem; text-align: center; margin-right: .5rem; border: 1px solid #6b6b6b; }
.footnotes { font-size: .8rem; border-top: 1px solid #999; padding-top: .3rem; }
.signatures { display: flex; gap: 4rem; margin-top: 3rem; }
.signatures .role { font-weight: bold; margin-bottom: 3rem; }
.visually-hidden { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; }
@page { size: A4 landscape; margin: 1.5cm; }
@media print {
  body { margin: 0; max-width: none; font-size: 10pt; }
  table { font-size: 8pt; page-break-inside: auto; }
  tr { page-break-inside: avoid; }
  thead { display: table-header-group; }
  .all, .some, .new, .general, thead th, th[scope="rowgroup"] { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
  .page-break { page-break-before: always; }
}
`;

/** Footnotes numbered in document order, linked both ways. */
class Notes {
  readonly items: string[] = [];
  ref(text: string): string {
    this.items.push(text);
    const n = this.items.length;
    return `<sup><a href="#note-${n}" id="note-ref-${n}" aria-label="note ${n}">${n}</a></sup>`;
  }
}

const paragraphs = (texts: string[]) => texts.map((t) => `<p>${escapeHtml(t)}</p>`).join('');

function renderCellContent(cell: DocCell, notes: Notes, role: DocTable['role']): string {
  let html = paragraphs(cell.paragraphs);
  if (cell.marker === 'Nouveau') html += '<span class="tag">Nouveau</span>';
  else if (role === 'timeline' && cell.marker) {
    const meaning = cell.marker === '■' ? 'toutes les implantations' : 'une ou deux implantations';
    html += `<span aria-hidden="true">${cell.marker}</span><span class="visually-hidden">${meaning}</span>`;
  }
  if (cell.footnote) html += notes.ref(cell.footnote);
  return html;
}

function cellAttributes(cell: DocCell, extraClass: string[] = []): string {
  const attrs: string[] = [];
  if (cell.colSpan > 1) attrs.push(`colspan="${cell.colSpan}"`);
  if (cell.rowSpan > 1) attrs.push(`rowspan="${cell.rowSpan}"`);
  const classes = [...extraClass];
  if (cell.fill === timelineColours.all) classes.push('all');
  else if (cell.fill === timelineColours.some) classes.push('some');
  else if (cell.fill === timelineColours.general) classes.push('general');
  if (cell.highlight) classes.push('new');
  if (cell.italic) classes.push('note');
  if (cell.bold) classes.push('strong');
  if (classes.length) attrs.push(`class="${classes.join(' ')}"`);
  return attrs.length ? ` ${attrs.join(' ')}` : '';
}

function renderRow(row: DocRow, notes: Notes, table: DocTable, header: boolean): string {
  const cells = row.cells.map((cell, c) => {
    if (isCovered(cell)) return '';
    const content = renderCellContent(cell, notes, table.role);
    if (header) {
      // An unnamed header (the objective column of the 2026 plan) still needs a name for screen readers.
      const named = cell.paragraphs.join('') ? content : '<span class="visually-hidden">Objectif</span>';
      const scope = cell.colSpan > 1 ? 'colgroup' : 'col';
      return `<th scope="${scope}"${cellAttributes(cell)}>${named}</th>`;
    }
    if (row.kind === 'group' && c === 0 && cell.colSpan > 1)
      return `<th scope="rowgroup"${cellAttributes(cell)}>${content}</th>`;
    if (row.kind === 'group' && c === 0) return `<th scope="row"${cellAttributes(cell)}>${content}</th>`;
    if (row.kind === 'objective' && c === 0 && (cell.bold || table.role === 'timeline')) {
      return `<th scope="row"${cellAttributes(cell)}>${content}</th>`;
    }
    return `<td${cellAttributes(cell)}>${content}</td>`;
  });
  return `<tr>${cells.join('')}</tr>`;
}

function renderTable(table: DocTable, notes: Notes): string {
  const head = table.rows.slice(0, table.headerRowCount).map((row) => renderRow(row, notes, table, true));
  const body = table.rows.slice(table.headerRowCount).map((row) => renderRow(row, notes, table, false));
  const total = table.widths.reduce((a, b) => a + b, 0);
  const cols = table.widths.map((w) => `<col style="width:${((w / total) * 100).toFixed(1)}%">`).join('');
  return `<table><caption>${escapeHtml(table.caption)}</caption><colgroup>${cols}</colgroup><thead>${head.join('')}</thead><tbody>${body.join('')}</tbody></table>`;
}

function renderBlocks(blocks: DocBlock[], notes: Notes): string {
  const out: string[] = [];
  let inList = false;
  for (const block of blocks) {
    if (block.kind !== 'listItem' && inList) {
      out.push('</ul>');
      inList = false;
    }
    switch (block.kind) {
      case 'heading': {
        // The document title is the one h1: section levels move down one.
        const level = Math.min(block.level + 1, 6);
        out.push(`<h${level}>${escapeHtml(block.text)}</h${level}>`);
        break;
      }
      case 'paragraph': {
        const refs = (block.footnotes ?? []).map((n) => notes.ref(n)).join('');
        const text = escapeHtml(block.text);
        out.push(block.bold ? `<p><strong>${text}</strong>${refs}</p>` : `<p>${text}${refs}</p>`);
        break;
      }
      case 'listItem':
        if (!inList) out.push('<ul>');
        inList = true;
        out.push(
          `<li>${escapeHtml(block.text)}${(block.footnotes ?? []).map((n) => notes.ref(n)).join('')}</li>`,
        );
        break;
      case 'table':
        out.push(renderTable(block.table, notes));
        break;
      case 'legend':
        out.push(
          `<ul class="legend">${block.items
            .map(
              (item) =>
                `<li><span class="swatch ${item.fill === timelineColours.all ? 'all' : item.fill === timelineColours.some ? 'some' : 'new'}">${escapeHtml(item.marker)}</span>${escapeHtml(item.label)}</li>`,
            )
            .join('')}</ul>`,
        );
        break;
      case 'signatures':
        out.push(
          `<section class="signatures" aria-label="Signatures">${block.groups
            .map((g) => `<div><p class="role">${escapeHtml(g.role)}</p>${paragraphs(g.names)}</div>`)
            .join('')}</section>`,
        );
        break;
      case 'pageBreak':
        out.push('<div class="page-break"></div>');
        break;
    }
  }
  if (inList) out.push('</ul>');
  return out.join('\n');
}

/**
 * The plan as one standalone HTML page: no external resources, inline CSS with print rules,
 * lang="fr", tables with captions and scoped headers, colours doubled by text markers.
 */
export function writeHtml(plan: Plan, options: { layout: ExportLayout }): Uint8Array {
  return renderHtmlDocument(buildPlanDocument(plan, options.layout));
}

/**
 * Any document of the layout-neutral tree (the plan, a progress record, a diff) as a standalone
 * page; `banner` is trusted HTML put above the title block (the public page's notice).
 */
export function renderHtmlDocument(doc: PlanDocument, options: { banner?: string } = {}): Uint8Array {
  const notes = new Notes();
  const titleBlock = doc.titleBlock
    .map((line) =>
      line.size === 'title'
        ? `<h1 class="title">${escapeHtml(line.text)}</h1>`
        : `<p class="${line.size}">${escapeHtml(line.text)}</p>`,
    )
    .join('\n');
  const body = renderBlocks(doc.blocks, notes);
  const footnotes = notes.items.length
    ? `<section class="footnotes" aria-label="Notes"><ol>${notes.items
        .map(
          (n, i) =>
            `<li id="note-${i + 1}">${escapeHtml(n)} <a href="#note-ref-${i + 1}" aria-label="retour au texte">↩</a></li>`,
        )
        .join('')}</ol></section>`
    : '';
  const html = `<!doctype html>
<html lang="fr">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="Jalon">
<title>${escapeHtml(doc.title)}</title>
<style>${styles}</style>
</head>
<body>
${options.banner ?? ''}<header class="title-block">
${titleBlock}
</header>
<main>
${body}
${footnotes}
</main>
</body>
</html>
`;
  return new TextEncoder().encode(html);
}
