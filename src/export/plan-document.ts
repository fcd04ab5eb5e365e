import type { Action, Axis, Column, Objective, Plan } from '../core/plan-schema.ts';
import type { Template } from '../core/plan-template.ts';
import {
  customColumnKey,
  formatAxisTitle,
  isObjectiveLevelColumn,
  isObjectiveTitleColumn,
  readActionCell,
  readObjectiveCell,
  selectColumns,
  type ExportLayout,
} from './export-layout.ts';
import {
  fillOf,
  hasTimeline,
  runsIn,
  selectTimelineYears,
  timelineColours,
  timelineLegend,
} from './synthesis-timeline.ts';

/**
 * The official document as a layout-neutral tree: the DOCX, PDF and HTML writers render the same
 * tree, so the three look alike and the layout rules (merges, colours, column order) live here once.
 */
export interface DocCell {
  paragraphs: string[];
  colSpan: number;
  rowSpan: number;
  /** Background "rrggbb". */
  fill?: string;
  /** Text background "rrggbb" (the timeline's "new" label). */
  highlight?: string;
  bold?: boolean;
  italic?: boolean;
  /** A note the cell refers to (the status legend): a real footnote in DOCX, a note under the table elsewhere. */
  footnote?: string;
  /** A word that says what the colour says, for readers who cannot see it. */
  marker?: string;
}

/** A grid position taken by the merge of a cell above (vertical) or to the left (horizontal). */
export interface CoveredCell {
  covered: 'vertical' | 'horizontal';
  /** For a vertical continuation: the column span of the merged cell above. */
  colSpan: number;
}

export type GridCell = DocCell | CoveredCell;

export type RowKind = 'header' | 'axis' | 'group' | 'objective' | 'action';

export interface DocRow {
  kind: RowKind;
  cells: GridCell[];
}

export interface DocTable {
  role: 'timeline' | 'detail';
  caption: string;
  /** Relative column widths. */
  widths: number[];
  headerRowCount: number;
  rows: DocRow[];
}

export type DocBlock =
  | { kind: 'heading'; level: number; text: string }
  | { kind: 'paragraph'; text: string; bold?: boolean; footnotes?: string[] }
  | { kind: 'listItem'; text: string; footnotes?: string[] }
  | { kind: 'table'; table: DocTable }
  | { kind: 'legend'; items: typeof timelineLegend }
  | { kind: 'signatures'; groups: Array<{ role: string; names: string[] }> }
  | { kind: 'pageBreak' };

export interface PlanDocument {
  /** Title block lines, biggest first: department, institution, programme, title, sites, version. */
  titleBlock: Array<{ text: string; size: 'small' | 'large' | 'title' }>;
  /** The title of the document properties. */
  title: string;
  blocks: DocBlock[];
  /** The page's orientation, as the plan's template lays its documents out (landscape by default). */
  orientation?: 'landscape' | 'portrait';
}

export function isCovered(cell: GridCell): cell is CoveredCell {
  return 'covered' in cell;
}

const cell = (paragraphs: string[], options: Partial<DocCell> = {}): DocCell => ({
  paragraphs,
  colSpan: 1,
  rowSpan: 1,
  ...options,
});

/** A row whose one cell spans the whole table (axis, sub-dimension, general objective). */
function fullWidthRow(kind: RowKind, text: string, width: number, options: Partial<DocCell> = {}): DocRow {
  const cells: GridCell[] = [cell([text], { colSpan: width, bold: true, ...options })];
  for (let i = 1; i < width; i++) cells.push({ covered: 'horizontal', colSpan: 1 });
  return { kind, cells };
}

const columnWeights: Record<string, number> = {
  text: 3,
  objective: 2.2,
  title: 2.2,
  objectiveTitle: 2.2,
  expectedResults: 2,
  indicators: 2,
  tasks: 2,
  conditions: 1.6,
  responsibles: 1.5,
  guarantor: 1.3,
  references: 1.4,
  priority: 0.8,
};

/** Splits a section text into paragraphs and "- " list items. */
function buildSectionBlocks(text: string, footnotes: string[]): DocBlock[] {
  const blocks: DocBlock[] = [];
  for (const chunk of text.split(/\n\s*\n/)) {
    const lines = chunk.split('\n').filter((line) => line.trim() !== '');
    let prose: string[] = [];
    const flush = () => {
      if (prose.length) blocks.push({ kind: 'paragraph', text: prose.join(' ') });
      prose = [];
    };
    for (const line of lines) {
      const item = /^\s*[-•]\s+(.*)$/.exec(line);
      if (item) {
        flush();
        blocks.push({ kind: 'listItem', text: item[1]! });
      } else prose.push(line.trim());
    }
    flush();
  }
  if (footnotes.length) {
    const last = blocks.findLast((b) => b.kind === 'paragraph' || b.kind === 'listItem');
    if (last && (last.kind === 'paragraph' || last.kind === 'listItem')) last.footnotes = footnotes;
    else blocks.push({ kind: 'paragraph', text: '', footnotes });
  }
  return blocks;
}

/** Text of a step or action as the table shows it; a step keeps its period in its text when no column shows it. */
function actionColumnsWithDeadline(columns: Column[], action: Action): Action {
  const showsDeadline = columns.some((c) => c.key === 'deadline' || c.key === 'statusDeadline');
  if (action.kind !== 'step' || showsDeadline || !action.deadline || action.text.includes(action.deadline))
    return action;
  return { ...action, text: `${action.text} (${action.deadline})` };
}

/**
 * Rows of one objective: the objective's own cells (title, references, steering level…) merged
 * vertically over its actions, one row per action for the action columns.
 */
function buildObjectiveRows(
  columns: Column[],
  objective: Objective | null,
  actions: Action[],
  template: Template | null,
): DocRow[] {
  const objectiveLevel = columns.map(
    (column) => objective !== null && isObjectiveLevelColumn(column, actions),
  );
  const height = Math.max(1, actions.length);
  const sitePrefix = !columns.some((c) => c.key === 'sites');
  const rows: DocRow[] = [];
  for (let r = 0; r < height; r++) {
    const action = actions[r] ? actionColumnsWithDeadline(columns, actions[r]!) : null;
    const cells: GridCell[] = columns.map((column, c) => {
      if (objectiveLevel[c]) {
        if (r > 0) return { covered: 'vertical', colSpan: 1 };
        return cell(readObjectiveCell(column, objective!), {
          rowSpan: height,
          bold: isObjectiveTitleColumn(column),
        });
      }
      return cell(action ? readActionCell(column, action, { sitePrefix, template }) : []);
    });
    rows.push({ kind: r === 0 && objective ? 'objective' : 'action', cells });
  }
  return rows;
}

/** Labels for action fields a plan's own template has no column for. */
const missingFieldColumns: Array<{ key: string; label: string; has: (a: Action) => boolean }> = [
  { key: 'responsibles', label: 'Responsable(s)', has: (a) => a.responsibles.length > 0 },
  { key: 'indicators', label: 'Indicateurs de suivi', has: (a) => a.indicators.length > 0 },
  { key: 'expectedResults', label: 'Résultats attendus', has: (a) => a.expectedResults.length > 0 },
  { key: 'references', label: 'Référence aux recommandations', has: (a) => a.references.length > 0 },
  { key: 'priority', label: 'Degré de priorité', has: (a) => a.priority !== null },
  {
    key: 'deadline',
    label: 'Échéance(s)',
    // A step's period is written in its text, as plans do ("… (septembre 2026 - décembre 2026)").
    has: (a) => a.deadline !== null && a.kind !== 'step',
  },
  { key: 'conditions', label: 'Conditions de réalisation', has: (a) => a.conditions !== null },
  // Internal notes are printed unless the export is the public one (which has none left).
  { key: 'notes', label: 'Remarques', has: (a) => a.notes !== null },
];

/**
 * Fields and extra fields of these actions that the template has no column for get one, at the
 * end, so that the document never hides what the plan holds.
 */
function addMissingColumns(columns: Column[], actions: Action[], template: Template | null): Column[] {
  const keys = new Set(columns.map((c) => (c.key === 'statusDeadline' ? 'deadline' : c.key)));
  const added: Column[] = missingFieldColumns
    .filter((field) => !keys.has(field.key) && actions.some(field.has))
    .map(({ key, label }) => ({ key, label }));
  const shown = new Set(columns.map((c) => (c.key.startsWith('extra:') ? c.key.slice(6) : c.label)));
  for (const action of actions) {
    for (const label of Object.keys(action.extra)) {
      if (!shown.has(label)) {
        shown.add(label);
        added.push({ key: `extra:${label}`, label });
      }
    }
  }
  // A value of a field the template does not have (a removed column) is shown under its key;
  // a column the template's layout leaves out of the document stays out.
  const templateKeys = new Set(template?.columns.map((c) => c.key) ?? []);
  for (const action of actions) {
    for (const key of Object.keys(action.customFields)) {
      const columnKey = customColumnKey(key);
      if (
        !templateKeys.has(key) &&
        !columns.some((c) => c.key === columnKey) &&
        !added.some((c) => c.key === columnKey)
      )
        added.push({ key: columnKey, label: key });
    }
  }
  return [...columns, ...added];
}

/** The actions shown in the plan's own template (not those of a road map with its own table). */
function collectActions(axis: Axis, layout: ExportLayout): Action[] {
  const out: Action[] = [...axis.actions];
  const visit = (objectives: Objective[]) => {
    for (const o of objectives) {
      if (layout !== 'original' || !o.columns?.length) out.push(...o.actions);
      visit(o.objectives);
    }
  };
  visit(axis.objectives);
  for (const sub of axis.subdimensions) {
    out.push(...sub.actions);
    visit(sub.objectives);
  }
  return out;
}

/**
 * Without objectives, the objective column of a template is dropped and the action text takes
 * its place at the left, where readers (and Jalon's importer) look for what a row is about.
 */
function moveTextFirst(columns: Column[]): Column[] {
  const titleAt = columns.findIndex(isObjectiveTitleColumn);
  if (titleAt === -1) return columns;
  const rest = columns.filter((c) => !isObjectiveTitleColumn(c));
  const text = rest.find((c) => c.key === 'text');
  return text ? [text, ...rest.filter((c) => c !== text)] : rest;
}

interface TableBuilder {
  columns: Column[];
  rows: DocRow[];
}

/** The detailed tables of one axis; an objective with its own template ("Etape") gets a table of its own. */
function buildAxisTables(
  plan: Plan,
  axis: Axis,
  layout: ExportLayout,
  statusNote: { pending: string | null },
): DocBlock[] {
  const tables: DocBlock[] = [];
  // An axis with no objectives (actions straight under it or its sub-dimensions) has no objective column.
  const hasObjectives = axis.objectives.length > 0 || axis.subdimensions.some((s) => s.objectives.length > 0);
  const template = hasObjectives ? selectColumns(plan, layout) : moveTextFirst(selectColumns(plan, layout));
  const planColumns =
    layout === 'original'
      ? addMissingColumns(template, collectActions(axis, layout), plan.template)
      : template;
  let current: TableBuilder | null = null;
  const caption = formatAxisTitle(axis);
  const flush = () => {
    if (current && current.rows.length)
      tables.push({ kind: 'table', table: finishTable(current, caption, statusNote) });
    current = null;
  };
  const open = (columns: Column[]): TableBuilder => {
    if (!current || current.columns !== columns) {
      flush();
      current = { columns, rows: [] };
    }
    return current;
  };
  const hasTitleColumn = (columns: Column[]) => columns.some(isObjectiveTitleColumn);

  const hasOwnTemplate = (objective: Objective) =>
    layout === 'original' && Boolean(objective.columns?.length);

  const visitObjective = (objective: Objective) => {
    if (hasOwnTemplate(objective)) {
      // A road map in steps: the objective's title, then a table in its own template, as the plan has it.
      flush();
      const ownColumns = selectColumns(plan, layout, objective);
      tables.push({ kind: 'paragraph', text: objective.title, bold: true });
      const table = open(ownColumns);
      table.rows.push(...buildObjectiveRows(ownColumns, null, objective.actions, plan.template));
      flush();
      objective.objectives.forEach(visitObjective);
      return;
    }
    if (objective.objectives.some(hasOwnTemplate)) {
      // A general objective over a road map: its title stands above the tables, not in one.
      flush();
      tables.push({ kind: 'paragraph', text: objective.title, bold: true });
      if (objective.actions.length)
        open(planColumns).rows.push(
          ...buildObjectiveRows(planColumns, null, objective.actions, plan.template),
        );
      objective.objectives.forEach(visitObjective);
      return;
    }
    const table = open(planColumns);
    const width = table.columns.length;
    const general = objective.objectives.length > 0;
    if (general || !hasTitleColumn(table.columns)) {
      table.rows.push(fullWidthRow('group', objective.title, width, { fill: general ? 'e7e6e6' : 'f2f2f2' }));
      if (objective.actions.length) {
        const rows = buildObjectiveRows(
          table.columns,
          hasTitleColumn(table.columns) ? objective : null,
          objective.actions,
          plan.template,
        );
        table.rows.push(...rows);
      }
    } else {
      table.rows.push(...buildObjectiveRows(table.columns, objective, objective.actions, plan.template));
    }
    objective.objectives.forEach(visitObjective);
  };

  const visitActions = (actions: Action[]) => {
    if (!actions.length) return;
    const table = open(planColumns);
    table.rows.push(...buildObjectiveRows(table.columns, null, actions, plan.template));
  };

  visitActions(axis.actions);
  axis.objectives.forEach(visitObjective);
  for (const sub of axis.subdimensions) {
    const table = open(planColumns);
    const label = sub.number ? `${sub.number}. ${sub.title}` : sub.title;
    table.rows.push(fullWidthRow('group', label, table.columns.length, { fill: 'f2f2f2' }));
    visitActions(sub.actions);
    sub.objectives.forEach(visitObjective);
  }
  flush();
  return tables;
}

function finishTable(
  builder: TableBuilder,
  caption: string,
  statusNote: { pending: string | null },
): DocTable {
  const header: GridCell[] = builder.columns.map((column) => {
    const isStatus =
      column.key === 'status' || column.key === 'statusDeadline' || column.key === 'statusLabel';
    const footnote = isStatus && statusNote.pending ? statusNote.pending : undefined;
    if (footnote) statusNote.pending = null;
    // The footnote mark the source kept in the label ("Etat de réalisation ¹") gives way to the real one.
    const label = footnote ? column.label.replace(/\s*[¹²³⁴⁵⁶⁷⁸⁹⁰]+$/, '') : column.label;
    return cell([label], { bold: true, fill: 'd9e2f3', ...(footnote ? { footnote } : {}) });
  });
  return {
    role: 'detail',
    caption,
    widths: builder.columns.map((c) => columnWeights[c.key] ?? 1.2),
    headerRowCount: 1,
    rows: [{ kind: 'header', cells: header }, ...builder.rows],
  };
}

/** The synthesis timeline of one axis: objectives × academic years × Q1/Q2. */
function buildTimelineTable(axis: Axis, years: string[]): DocTable | null {
  const width = 1 + years.length * 2;
  const rows: DocRow[] = [];
  const yearRow: GridCell[] = [cell([''], { rowSpan: 2 })];
  const termRow: GridCell[] = [{ covered: 'vertical', colSpan: 1 }];
  for (const year of years) {
    yearRow.push(cell([year], { colSpan: 2, bold: true, fill: 'd9e2f3' }), {
      covered: 'horizontal',
      colSpan: 1,
    });
    termRow.push(cell(['Q1'], { bold: true, fill: 'd9e2f3' }), cell(['Q2'], { bold: true, fill: 'd9e2f3' }));
  }
  rows.push({ kind: 'header', cells: yearRow }, { kind: 'header', cells: termRow });

  const visit = (objective: Objective) => {
    if (objective.objectives.length) {
      const cells: GridCell[] = [cell([objective.title], { bold: true, fill: timelineColours.general })];
      for (let i = 1; i < width; i++) cells.push(cell([], { fill: timelineColours.general }));
      rows.push({ kind: 'group', cells });
      objective.objectives.forEach(visit);
      return;
    }
    const titleCell = cell(
      [objective.title],
      objective.isNew ? { highlight: timelineColours.isNew, marker: 'Nouveau' } : {},
    );
    const cells: GridCell[] = [titleCell];
    const slots = years.flatMap((year) => (['Q1', 'Q2'] as const).map((term) => ({ year, term })));
    const note = objective.completionNote;
    if (note && !objective.timeline.length) {
      cells.push(cell([note], { colSpan: slots.length, italic: true }));
      for (let i = 1; i < slots.length; i++) cells.push({ covered: 'horizontal', colSpan: 1 });
    } else {
      // The note sits in the first run of quadrimesters, merged over that run, as plans write it.
      const on = slots.map((slot) => runsIn(objective, slot));
      const noteStart = note ? on.indexOf(true) : -1;
      let noteEnd = noteStart;
      if (noteStart >= 0) while (on[noteEnd + 1]) noteEnd++;
      const fill = { fill: fillOf(objective), marker: objective.scope === 'some' ? '□' : '■' };
      for (let i = 0; i < slots.length; i++) {
        if (i > noteStart && i <= noteEnd) cells.push({ covered: 'horizontal', colSpan: 1 });
        else if (i === noteStart)
          cells.push(cell([note!], { ...fill, colSpan: noteEnd - noteStart + 1, italic: true }));
        else cells.push(cell([], on[i] ? fill : {}));
      }
    }
    rows.push({ kind: 'objective', cells });
  };
  const objectives = [...axis.objectives, ...axis.subdimensions.flatMap((s) => s.objectives)];
  if (!objectives.length) return null;
  objectives.forEach(visit);
  return {
    role: 'timeline',
    caption: `Tableau de synthèse – ${axis.title}`,
    widths: [6, ...years.flatMap(() => [0.55, 0.55])],
    headerRowCount: 2,
    rows,
  };
}

function groupSignatories(plan: Plan): Array<{ role: string; names: string[] }> {
  const groups: Array<{ role: string; names: string[] }> = [];
  for (const s of plan.signatories) {
    const last = groups[groups.length - 1];
    if (last && last.role === s.role) last.names.push(s.name);
    else groups.push({ role: s.role, names: [s.name] });
  }
  return groups;
}

/**
 * A synthesis section that states the colour code in its own words (two or three list items,
 * as the 2026 plan does) gets those items coloured as the legend, instead of a second legend.
 */
function colourLegendItems(sectionBlocks: DocBlock[], timelineBlocks: DocBlock[]): DocBlock[] {
  const items = sectionBlocks.filter((b) => b.kind === 'listItem');
  if (items.length < 2 || items.length > 3) return sectionBlocks;
  const legendAt = timelineBlocks.findIndex((b) => b.kind === 'legend');
  if (legendAt >= 0) timelineBlocks.splice(legendAt, 1);
  const first = sectionBlocks.indexOf(items[0]!);
  const legend: DocBlock = {
    kind: 'legend',
    items: items.map((item, i) => ({ ...timelineLegend[i]!, label: item.text })),
  };
  return [
    ...sectionBlocks.slice(0, first),
    legend,
    ...sectionBlocks.filter((b, i) => i > first && b.kind !== 'listItem'),
  ];
}

const synthesisTitle = /synth[eè]se|chronogramme|ligne du temps/i;
const detailTitle = /d[ée]taill[ée]|plan d'actions? (?:et de suivi|d[ée]taill)/i;

/** Builds the official document of a plan in the requested column layout. */
export function buildPlanDocument(plan: Plan, layout: ExportLayout): PlanDocument {
  const titleBlock: PlanDocument['titleBlock'] = [];
  if (plan.department) titleBlock.push({ text: plan.department, size: 'small' });
  if (plan.institution) titleBlock.push({ text: plan.institution, size: 'small' });
  if (plan.programme) titleBlock.push({ text: plan.programme, size: 'large' });
  if (plan.sites.length > 1)
    titleBlock.push({ text: plan.sites.map((s) => s.name || s.code).join(' - '), size: 'small' });
  titleBlock.push({ text: plan.title, size: 'title' });
  const { label, date } = plan.version;
  const version = [label !== plan.title ? label : null, date && !plan.title.includes(date) ? date : null];
  if (version.some(Boolean)) titleBlock.push({ text: version.filter(Boolean).join(' – '), size: 'small' });

  const blocks: DocBlock[] = [];
  const years = selectTimelineYears(plan);
  const timelineBlocks: DocBlock[] = [];
  if (hasTimeline(plan) && years.length) {
    timelineBlocks.push({ kind: 'legend', items: timelineLegend });
    for (const axis of plan.axes) {
      const table = buildTimelineTable(axis, years);
      if (table)
        timelineBlocks.push({ kind: 'paragraph', text: axis.title, bold: true }, { kind: 'table', table });
    }
  }
  const statusNote = { pending: plan.statusLegend };
  const detailBlocks: DocBlock[] = [];
  for (const axis of plan.axes) {
    const tables = buildAxisTables(plan, axis, layout, statusNote);
    detailBlocks.push({ kind: 'heading', level: 2, text: formatAxisTitle(axis) });
    if (axis.description) detailBlocks.push({ kind: 'paragraph', text: axis.description });
    detailBlocks.push(...tables);
  }

  let timelinePlaced = timelineBlocks.length === 0;
  let detailPlaced = false;
  const timelineWithHeading = (): DocBlock[] => [
    { kind: 'pageBreak' },
    { kind: 'heading', level: 1, text: 'Tableau de synthèse' },
    ...timelineBlocks,
  ];
  for (const section of plan.sections) {
    const heading: DocBlock = { kind: 'heading', level: section.level, text: section.title };
    const sectionBlocks = buildSectionBlocks(section.text, section.footnotes);
    if (!timelinePlaced && synthesisTitle.test(section.title)) {
      blocks.push(heading, ...colourLegendItems(sectionBlocks, timelineBlocks), ...timelineBlocks);
      timelinePlaced = true;
    } else if (!detailPlaced && detailTitle.test(section.title)) {
      // The timeline comes before the detailed plan even when the plan has no section for it.
      if (!timelinePlaced) blocks.push(...timelineWithHeading());
      timelinePlaced = true;
      blocks.push(heading, ...sectionBlocks, ...detailBlocks);
      detailPlaced = true;
    } else blocks.push(heading, ...sectionBlocks);
  }
  if (!timelinePlaced) blocks.push(...timelineWithHeading());
  if (!detailPlaced) {
    blocks.push(
      { kind: 'pageBreak' },
      { kind: 'heading', level: 1, text: "Plan d'action détaillé" },
      ...detailBlocks,
    );
  }
  const groups = groupSignatories(plan);
  if (groups.length) blocks.push({ kind: 'signatures', groups });
  return {
    titleBlock,
    title: plan.title,
    blocks,
    orientation: plan.template?.document.orientation ?? 'landscape',
  };
}
