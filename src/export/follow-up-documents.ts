import {
  diffFormatSchema,
  progressFormatSchema,
  type DiffFormat,
  type ProgressFormat,
} from '../core/api/follow-up.ts';
import { JalonError } from '../core/errors.ts';
import type { FieldChange, PlanDiff } from '../core/plan-diff.ts';
import type { ProgressRecord, ProgressRow } from '../core/progress-record.ts';
import { statusLabel, type Status } from '../core/status.ts';
import { renderDocxDocument } from './docx-writer.ts';
import { renderHtmlDocument } from './html-writer.ts';
import { escapeMarkdown, escapeMarkdownInline } from './markdown-writer.ts';
import { renderPdfDocument } from './pdf-writer.ts';
import type { DocBlock, DocCell, DocRow, DocTable, GridCell, PlanDocument } from './plan-document.ts';

/**
 * The follow-up documents: the diff between two versions of a plan, and the progress record
 * since a version (each action: status then → now, with its history). Both are built as the
 * layout-neutral document tree, so they come out of the same DOCX, PDF and HTML writers as the
 * plan itself.
 */

/** French names of the fields a diff reports, as the plan's readers say them. */
const fieldLabels: Record<string, string> = {
  text: 'Texte',
  sites: 'Implantations',
  references: 'Références aux recommandations',
  responsibles: 'Responsable(s)',
  indicators: 'Indicateurs',
  expectedResults: 'Résultats attendus',
  tasks: 'Tâches',
  statusLabel: "Libellé de l'état",
  priority: 'Priorité',
  deadline: 'Échéance',
  conditions: 'Conditions de réalisation',
  title: 'Intitulé',
  steeringLevel: 'Niveau de pilotage',
  guarantor: 'Garant',
  timeline: 'Calendrier',
  scope: 'Portée',
  completionNote: "Note d'achèvement",
};

export function describeField(field: string): string {
  return fieldLabels[field] ?? field;
}

/** A field's value in words: lists joined, periods and steering levels by their label, empty as "—". */
export function describeValue(value: unknown): string {
  if (value === null || value === undefined || value === '') return '—';
  if (Array.isArray(value)) {
    if (value.length === 0) return '—';
    return value
      .map((item) =>
        typeof item === 'object' && item !== null && 'year' in item && 'term' in item
          ? `${String(item.term)} ${String(item.year)}`
          : describeValue(item),
      )
      .join(' ; ');
  }
  if (typeof value === 'object') {
    const record = value as Record<string, unknown>;
    if (typeof record.label === 'string') return record.label;
    return JSON.stringify(value);
  }
  if (typeof value === 'number') return String(value);
  return String(value);
}

function describeStatus(status: Status | null, label: string | null): string {
  if (!status && !label) return '—';
  const canonical = statusLabel(status);
  return label && label !== canonical ? `${canonical} (« ${label} »)` : canonical;
}

const cell = (paragraphs: string[], options: Partial<DocCell> = {}): DocCell => ({
  paragraphs,
  colSpan: 1,
  rowSpan: 1,
  ...options,
});

function headerRow(labels: string[]): DocRow {
  return { kind: 'header', cells: labels.map((label) => cell([label], { bold: true })) };
}

function groupRow(text: string, width: number): DocRow {
  const cells: GridCell[] = [cell([text], { colSpan: width, bold: true, fill: 'e7e6e6' })];
  for (let i = 1; i < width; i++) cells.push({ covered: 'horizontal', colSpan: 1 });
  return { kind: 'group', cells };
}

function table(caption: string, labels: string[], widths: number[], rows: DocRow[]): DocBlock {
  const doc: DocTable = {
    role: 'detail',
    caption,
    widths,
    headerRowCount: 1,
    rows: [headerRow(labels), ...rows],
  };
  return { kind: 'table', table: doc };
}

const actionText = (a: { text: string; sites: string[] }) =>
  a.sites.length > 0 ? `${a.sites.join(' + ')} : ${a.text}` : a.text;

const placeOf = (a: { axis: string; objective: string | null }) =>
  a.objective ? [a.axis, a.objective] : [a.axis];

export interface VersionLabels {
  planTitle: string;
  from: string;
  to: string;
}

/** The diff as a document: a summary, then the actions and objectives added, removed and changed. */
export function buildDiffDocument(diff: PlanDiff, labels: VersionLabels): PlanDocument {
  const { actions, objectives } = diff;
  const blocks: DocBlock[] = [
    {
      kind: 'paragraph',
      text:
        `${actions.added.length} action(s) ajoutée(s), ${actions.removed.length} retirée(s), ` +
        `${actions.statusChanges.length} changement(s) d'état, ${actions.changed.length} action(s) modifiée(s), ` +
        `${actions.unchanged} inchangée(s) ; ${objectives.added.length} objectif(s) ajouté(s), ` +
        `${objectives.removed.length} retiré(s), ${objectives.changed.length} modifié(s).`,
    },
  ];
  const changeParagraphs = (changes: FieldChange[]) =>
    changes.map((c) => `${describeField(c.field)} : ${describeValue(c.before)} → ${describeValue(c.after)}`);
  if (actions.statusChanges.length > 0) {
    blocks.push({ kind: 'heading', level: 1, text: "Changements d'état" });
    blocks.push(
      table(
        "Actions dont l'état a changé",
        ['Axe / objectif', 'Action', labels.from, labels.to],
        [2, 3.5, 1.6, 1.6],
        actions.statusChanges.map((a) => ({
          kind: 'action',
          cells: [
            cell(placeOf(a)),
            cell([actionText(a)]),
            cell([describeStatus(a.from, a.fromLabel)]),
            cell([describeStatus(a.to, a.toLabel)], { bold: true }),
          ],
        })),
      ),
    );
  }
  const listTable = (title: string, items: PlanDiff['actions']['added']) => {
    if (items.length === 0) return;
    blocks.push({ kind: 'heading', level: 1, text: title });
    blocks.push(
      table(
        title,
        ['Axe / objectif', 'Action'],
        [2, 5],
        items.map((a) => ({ kind: 'action', cells: [cell(placeOf(a)), cell([actionText(a)])] })),
      ),
    );
  };
  listTable('Actions ajoutées', actions.added);
  listTable('Actions retirées', actions.removed);
  if (actions.changed.length > 0) {
    blocks.push({ kind: 'heading', level: 1, text: 'Actions modifiées' });
    blocks.push(
      table(
        'Actions modifiées',
        ['Axe / objectif', 'Action', 'Modifications'],
        [2, 3, 4],
        actions.changed.map((a) => ({
          kind: 'action',
          cells: [cell(placeOf(a)), cell([actionText(a)]), cell(changeParagraphs(a.changes))],
        })),
      ),
    );
  }
  const objectiveRows = [
    ...objectives.added.map((o) => ['Ajouté', o.title, '']),
    ...objectives.removed.map((o) => ['Retiré', o.title, '']),
    ...objectives.changed.map((o) => ['Modifié', o.title, changeParagraphs(o.changes).join('\n')]),
  ];
  if (objectiveRows.length > 0) {
    blocks.push({ kind: 'heading', level: 1, text: 'Objectifs' });
    blocks.push(
      table(
        'Objectifs ajoutés, retirés ou modifiés',
        ['Changement', 'Objectif', 'Modifications'],
        [1.2, 4, 4],
        objectiveRows.map(([what, title, changes]) => ({
          kind: 'action',
          cells: [cell([what!]), cell([title!]), cell(changes ? changes.split('\n') : [])],
        })),
      ),
    );
  }
  return {
    title: `${labels.planTitle} — ${labels.from} → ${labels.to}`,
    titleBlock: [
      { text: labels.planTitle, size: 'large' },
      { text: 'Différences entre deux versions', size: 'title' },
      { text: `${labels.from} → ${labels.to}`, size: 'small' },
    ],
    blocks,
  };
}

const changeWords: Record<ProgressRow['change'], string> = {
  unchanged: 'Inchangé',
  progressed: 'Progression',
  changed: 'Changé',
  new: 'Nouvelle action',
  removed: 'Retirée',
};

/** The progress record as a document: counts, then one row per action grouped by axis. */
export function buildProgressDocument(record: ProgressRecord, options: { today: string }): PlanDocument {
  const { counts } = record;
  const widths = [3.4, 1.5, 1.5, 1.5, 1.1, 3.2];
  const labels = [
    'Action',
    'Responsable(s)',
    `État — ${record.sinceLabel}`,
    'État actuel',
    'Évolution',
    'Historique',
  ];
  const rows: DocRow[] = [];
  let axis: string | null = null;
  let objective: string | null = null;
  for (const row of record.rows) {
    if (row.axis !== axis) {
      axis = row.axis;
      objective = null;
      rows.push(groupRow(row.axis, widths.length));
    }
    if (row.objective && row.objective !== objective) {
      objective = row.objective;
      rows.push({
        kind: 'objective',
        cells: [
          cell([row.objective], { colSpan: widths.length, italic: true }),
          ...coveredCells(widths.length - 1),
        ],
      });
    }
    rows.push({
      kind: 'action',
      cells: [
        cell([actionText(row)]),
        cell(row.responsibles),
        cell([row.before ? describeStatus(row.before.status, row.before.label) : '—']),
        cell([row.after ? describeStatus(row.after.status, row.after.label) : '—'], { bold: true }),
        cell([changeWords[row.change]]),
        cell(
          row.history.map(
            (h) =>
              `${h.at.slice(0, 10)} : ${describeStatus(h.status, h.statusLabel)}${h.comment ? ` — ${h.comment}` : ''}${h.by ? ` (${h.by})` : ''}`,
          ),
        ),
      ],
    });
  }
  return {
    title: `${record.planTitle} — suivi depuis ${record.sinceLabel}`,
    titleBlock: [
      { text: record.planTitle, size: 'large' },
      { text: 'Rapport de suivi', size: 'title' },
      { text: `Depuis « ${record.sinceLabel} », état au ${options.today}`, size: 'small' },
    ],
    blocks: [
      {
        kind: 'paragraph',
        text:
          `${counts.progressed} action(s) en progression, ${counts.changed} changée(s) autrement, ` +
          `${counts.unchanged} inchangée(s), ${counts.new} nouvelle(s), ${counts.removed} retirée(s).`,
      },
      table('Suivi des actions', labels, widths, rows),
    ],
  };
}

function coveredCells(n: number): GridCell[] {
  return Array.from({ length: n }, () => ({ covered: 'horizontal' as const, colSpan: 1 }));
}

/** The diff in Markdown, for a pull-request-like reading or a mail. */
export function writeDiffMarkdown(diff: PlanDiff, labels: VersionLabels): string {
  const lines = [
    `# ${escapeMarkdownInline(labels.planTitle)} — différences`,
    '',
    `De **${escapeMarkdownInline(labels.from)}** à **${escapeMarkdownInline(labels.to)}**.`,
    '',
  ];
  const item = (a: PlanDiff['actions']['added'][number]) =>
    `- ${escapeMarkdownInline(actionText(a))} _(${escapeMarkdownInline(placeOf(a).join(' › '))})_`;
  const section = (title: string, entries: string[]) => {
    if (entries.length === 0) return;
    lines.push(`## ${title}`, '', ...entries, '');
  };
  section(
    "Changements d'état",
    diff.actions.statusChanges.map(
      (a) =>
        `- ${escapeMarkdownInline(actionText(a))} : ${escapeMarkdownInline(describeStatus(a.from, a.fromLabel))} → **${escapeMarkdownInline(describeStatus(a.to, a.toLabel))}**`,
    ),
  );
  section('Actions ajoutées', diff.actions.added.map(item));
  section('Actions retirées', diff.actions.removed.map(item));
  section(
    'Actions modifiées',
    diff.actions.changed.flatMap((a) => [
      item(a),
      ...a.changes.map(
        (c) =>
          `  - ${describeField(c.field)} : ${escapeMarkdownInline(describeValue(c.before))} → ${escapeMarkdownInline(describeValue(c.after))}`,
      ),
    ]),
  );
  section(
    'Objectifs ajoutés',
    diff.objectives.added.map((o) => `- ${escapeMarkdownInline(o.title)}`),
  );
  section(
    'Objectifs retirés',
    diff.objectives.removed.map((o) => `- ${escapeMarkdownInline(o.title)}`),
  );
  section(
    'Objectifs modifiés',
    diff.objectives.changed.flatMap((o) => [
      `- ${escapeMarkdownInline(o.title)}`,
      ...o.changes.map(
        (c) =>
          `  - ${describeField(c.field)} : ${escapeMarkdownInline(describeValue(c.before))} → ${escapeMarkdownInline(describeValue(c.after))}`,
      ),
    ]),
  );
  lines.push(escapeMarkdown(`${diff.actions.unchanged} action(s) inchangée(s).`), '');
  return lines.join('\n');
}

const diffFormats = diffFormatSchema.options;
const progressFormats = progressFormatSchema.options;

export interface DocumentFile {
  bytes: Uint8Array;
  mimeType: string;
  extension: string;
}

const documentTypes = {
  json: 'application/json',
  md: 'text/markdown; charset=utf-8',
  html: 'text/html; charset=utf-8',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  pdf: 'application/pdf',
} as const;

async function renderDocument(doc: PlanDocument, format: 'html' | 'docx' | 'pdf'): Promise<Uint8Array> {
  if (format === 'html') return renderHtmlDocument(doc);
  if (format === 'docx') return renderDocxDocument(doc);
  return renderPdfDocument(doc);
}

const encodeJson = (value: unknown) => new TextEncoder().encode(`${JSON.stringify(value, null, 2)}\n`);

/** The diff between two versions in one format; the JSON is the diff itself with its labels. */
export async function exportDiff(
  diff: PlanDiff,
  labels: VersionLabels,
  format: DiffFormat,
): Promise<DocumentFile> {
  if (!diffFormats.includes(format)) {
    throw new JalonError('UNSUPPORTED_FORMAT', {
      fr: `Format de différences inconnu « ${format} » : choisissez parmi ${diffFormats.join(', ')}.`,
      en: `Unknown diff format "${format}": use one of ${diffFormats.join(', ')}.`,
    });
  }
  const bytes =
    format === 'json'
      ? encodeJson({ ...labels, diff })
      : format === 'md'
        ? new TextEncoder().encode(writeDiffMarkdown(diff, labels))
        : await renderDocument(buildDiffDocument(diff, labels), format);
  return { bytes, mimeType: documentTypes[format], extension: format };
}

/** The progress record since a version in one format. */
export async function exportProgressRecord(
  record: ProgressRecord,
  format: ProgressFormat,
  options: { today: string },
): Promise<DocumentFile> {
  if (!progressFormats.includes(format)) {
    throw new JalonError('UNSUPPORTED_FORMAT', {
      fr: `Format de suivi inconnu « ${format} » : choisissez parmi ${progressFormats.join(', ')}.`,
      en: `Unknown progress record format "${format}": use one of ${progressFormats.join(', ')}.`,
    });
  }
  const bytes =
    format === 'json'
      ? encodeJson(record)
      : await renderDocument(buildProgressDocument(record, options), format);
  return { bytes, mimeType: documentTypes[format], extension: format };
}
