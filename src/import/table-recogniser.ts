import { parseDeadline } from '../core/academic-calendar.ts';
import { JalonError } from '../core/errors.ts';
import {
  type Action,
  type ActionInput,
  type Plan,
  type PlanWarning,
  type SourceLocation,
} from '../core/plan-schema.ts';
import { parseCustomFieldValue, type CustomFields } from '../core/custom-fields.ts';
import { mappingLabelKey } from '../core/column-roles.ts';
import {
  columnHeaderWords,
  columnKeyFromLabel,
  readTemplatePriority,
  readTemplateStatus,
  templateSchema,
  type Template,
  type TemplateColumn,
} from '../core/plan-template.ts';
import { parseStatus, statusValues } from '../core/status.ts';
import { parseSteeringLevel } from '../core/steering-level.ts';
import { foldText } from '../core/text.ts';
import {
  actionScopedField,
  actionScopedKeys,
  objectiveLevelKeys,
  type ColumnKey,
  type ObjectiveLevelKey,
} from './column-synonyms.ts';
import type { RawDocument, RawParagraph, RawTable } from './raw-document.ts';
import { describeIssue } from '../core/validation-messages.ts';
import type {
  ColumnMapping,
  ImportReading,
  StructureLevel,
  StructureRole,
  TableReading,
} from '../core/column-roles.ts';
import {
  planOutlineLevels,
  readOutlineCell,
  readOutlinePrefix,
  type OutlineNumber,
} from './recognise/outline-numbering.ts';
import { resolveMapping, type ResolvedMapping } from './recognise/column-reading.ts';
import {
  parseActionKind,
  parsePeriodEdge,
  parsePriority,
  parseReferences,
  parseStatusCode,
  parseSiteCell,
  isStatusLegend,
  readStatusCell,
  splitListItems,
  splitResponsibles,
} from './recognise/cell-values.ts';
import {
  classifyCoverLine,
  findInstitutionInProse,
  HeadingNumbering,
  readFootnoteParagraph,
  readSignatories,
  SectionCollector,
} from './recognise/front-matter.ts';
import {
  PlanBuilder,
  readAxisHeading,
  readLevelTitle,
  readSubdimensionHeading,
  type ObjectiveFields,
} from './recognise/plan-builder.ts';
import { validatePlan } from './recognise/plan-validation.ts';
import { SiteDirectory } from './recognise/site-directory.ts';
import { forgetTitles, isSameTitle } from './recognise/title-similarity.ts';
import { readTimelineTable, type TimelineTable } from './recognise/synthesis-timeline.ts';
import { mergeTimelines } from './recognise/timeline-merge.ts';
import { applyObjectiveRow } from './recognise/objective-table.ts';
import { buildRecommendationRegister } from './recognise/recommendation-register.ts';
import { buildGrid, filledCells, type GridCell, type GridRow } from './recognise/table-grid.ts';
import {
  detectLayout,
  isHeaderRow,
  isRepeatedHeader,
  type TableLayout,
  type TableTemplate,
} from './recognise/table-layout.ts';

export interface RecogniseOptions {
  /** File name for warnings and errors (defaults to the document's). */
  file?: string;
  /**
   * Empty the document's table rows once they are laid out on their grid: the caller has no
   * further use of the document, and a large sheet then holds one copy of its cells, not two.
   */
  consumeDocument?: boolean;
  /** The coordinator's choice of role for columns, by header label (CLI --map, the web import's column reading). */
  mapping?: ColumnMapping;
  /** A mapping remembered for the institution at an earlier import: applied beneath `mapping`. */
  remembered?: { mapping: ColumnMapping; institution: string } | null;
  /**
   * The plan's or institution's template: headers are matched against its columns first (then
   * Jalon's own words), its columns of its own fill each action's custom fields, its status words
   * and priority scale are read, and a header it cannot place becomes a new custom field of the
   * plan's template (with a warning naming it). Without one, such a column is kept as an extra field.
   */
  template?: Template | null;
}

export interface RecogniseResult {
  plan: Plan;
  warnings: PlanWarning[];
  /** How the tables' columns and the structure's levels were read. */
  reading: ImportReading;
}

/** A table with its grid and what the recogniser made of it. */
interface ReadTable {
  raw: RawTable;
  /** Emptied once the table is read. */
  grid: GridRow[];
  layout: TableLayout;
  /** The template its rows follow: its own header's, or the previous table's when it continues one. */
  template: TableTemplate | null;
  /** Index of the first data row. */
  start: number;
}

/** A row that only names a level, with its number when the table numbers its rows. */
interface TitleRow {
  text: string;
  cell: GridCell;
  identifier: string | null;
}

/** Objective-level keys: on the objective when the table has an objective column, on the action otherwise. */
const objectiveKeys: ReadonlySet<ColumnKey> = new Set(objectiveLevelKeys);
const actionValueKeys: ReadonlyArray<ColumnKey> = [
  'responsibles',
  'indicators',
  'status',
  'deadline',
  'statusDeadline',
  'priority',
  'conditions',
  'notes',
  'tasks',
  ...Object.values(actionScopedKeys),
  'kind',
  'statusCode',
  'periodStart',
  'periodEnd',
  'actionId',
];
/** Jalon's machine columns repeat fields other columns show: no column of the plan's template. */
const machineKeys: ReadonlySet<ColumnKey> = new Set([
  'kind',
  'statusCode',
  'periodStart',
  'periodEnd',
  'actionId',
]);

/**
 * Turns a document's paragraphs and tables, from any reader, into a plan: cover and narrative
 * sections, axes, sub-dimensions, general and operational objectives, actions per campus with
 * their statuses, steps, and the synthesis timeline merged into the same objectives. Every cell
 * ends up in a field, an extra field, a section or a warning naming its table, row and column.
 */
export function recognisePlan(doc: RawDocument, options: RecogniseOptions = {}): RecogniseResult {
  const file = options.file ?? doc.file;
  const mapping = resolveMapping(options.mapping, options.remembered, options.template);
  const tables = readTables(doc, options.consumeDocument ?? false, mapping);
  if (![...tables.values()].some((t) => t.layout.kind !== 'headerless')) {
    throw new JalonError(
      'NO_TABLE_HEADER',
      {
        fr: `${file ?? 'Le document'} : aucun tableau n’a d’en-tête reconnaissable (comme « Actions », « Responsable(s) », « Échéance », « Statut »).`,
        en: `${file ?? 'The document'}: no table with a recognisable header (such as "Actions", "Responsable(s)", "Échéance", "Statut") was found.`,
      },
      { location: { file } },
    );
  }
  try {
    return new Recognition(doc, tables, file, options.template ?? null).run();
  } finally {
    forgetTitles();
  }
}

function readTables(
  doc: RawDocument,
  consume: boolean,
  mapping: ResolvedMapping | undefined,
): Map<number, ReadTable> {
  const out = new Map<number, ReadTable>();
  let template: TableTemplate | null = null;
  let templateSheet: string | undefined;
  doc.blocks.forEach((block, i) => {
    if (block.kind !== 'table') return;
    const grid = buildGrid(block);
    if (consume) block.rows = [];
    const layout = detectLayout(grid, { mapping, sheet: block.sheet !== undefined });
    // A table split over pages continues its template; a workbook's next sheet is a table of its own.
    const continues = block.sheet === templateSheet;
    if (layout.kind === 'plan') {
      template = layout.template;
      templateSheet = block.sheet;
      out.set(i, { raw: block, grid, layout, template, start: layout.headerIndex + 1 });
    } else if (layout.kind === 'headerless' && template && continues && continuesTemplate(grid, template)) {
      out.set(i, { raw: block, grid, layout, template, start: 0 });
    } else {
      out.set(i, { raw: block, grid, layout, template: null, start: 0 });
    }
  });
  return out;
}

/** A table without header continues the previous template when it has as many columns (give or take an empty trailing one). */
function continuesTemplate(grid: GridRow[], template: TableTemplate): boolean {
  const width = grid[0]?.cells.length ?? 0;
  return Math.abs(width - template.width) <= 1 && grid.length > 0;
}

class Recognition {
  private readonly builder: PlanBuilder;
  private readonly sections = new SectionCollector();
  private readonly numbering = new HeadingNumbering();
  private readonly footnotes: Array<{ id: string; text: string }> = [];
  private readonly timelines: Array<{ table: TimelineTable; leadTitle: string | null }> = [];
  private sites: SiteDirectory;
  private readonly usesHeadingStyles: boolean;
  private readonly cover = {
    title: null as string | null,
    institution: null as string | null,
    details: [] as string[],
    department: null as string | null,
    programme: null as string | null,
    campusNames: [] as string[],
    version: {
      label: null as string | null,
      date: null as string | null,
      kind: null as 'initial' | 'updated' | null,
    },
    period: null as { from: string; to: string } | null,
  };
  private inCover = true;
  private planColumns: Plan['columns'] | null = null;
  /** The plan's template, gaining a custom column for each header it could not place. */
  private readonly planTemplate: Template | null;
  /** The template's own columns by folded header word. */
  private readonly customByLabel = new Map<string, TemplateColumn>();
  private readonly warnedTemplates = new Set<TableTemplate>();
  private readonly readingOf = new Map<TableTemplate, TableReading>();
  private readonly reading: ImportReading = { tables: [], levels: [] };
  private readonly siteCellActions = new Set<Action>();

  constructor(
    private readonly doc: RawDocument,
    private readonly tables: Map<number, ReadTable>,
    private readonly file: string | undefined,
    template: Template | null,
  ) {
    this.builder = new PlanBuilder(file);
    this.planTemplate = template ? structuredClone(template) : null;
    for (const column of this.planTemplate?.columns ?? [])
      if (!column.field)
        for (const word of columnHeaderWords(column)) this.customByLabel.set(mappingLabelKey(word), column);
    this.usesHeadingStyles = doc.blocks.some((b) => b.kind === 'paragraph' && b.headingLevel !== undefined);
    this.sites = new SiteDirectory([]);
  }

  run(): RecogniseResult {
    const blocks = this.doc.blocks;
    this.findOuterLevels();
    const structural = [...this.tables.entries()]
      .filter(([, t]) => t.layout.kind !== 'headerless' || t.template)
      .map(([i]) => i);
    const first = structural[0] ?? blocks.length;
    const last = structural[structural.length - 1] ?? blocks.length;
    for (const [id, text] of Object.entries(this.doc.footnotes ?? {})) this.footnotes.push({ id, text });
    let pending: RawParagraph[] = [];
    for (let i = 0; i < blocks.length; i++) {
      const block = blocks[i]!;
      if (block.kind === 'paragraph') {
        const note = readFootnoteParagraph(block.text);
        if (note) this.footnotes.push(note);
        else if (this.inCover && !this.endsCover(block)) this.readCoverParagraph(block);
        else {
          this.inCover = false;
          pending.push(block);
        }
        continue;
      }
      // The cover comes first, so campus names are known before prefixes are counted.
      if (i === first) {
        this.sites = new SiteDirectory(this.cover.campusNames);
        this.countSitePrefixes();
        this.findActionLevelColumns();
      }
      const table = this.tables.get(i)!;
      if (table.layout.kind === 'headerless' && !table.template) {
        this.flushAsSections(pending);
        pending = [];
        this.addUnrecognisedTable(table, i < first);
        continue;
      }
      const leadIn = this.splitLeadIn(pending, table.layout.kind === 'timeline');
      pending = [];
      if (table.layout.kind === 'timeline') this.readTimeline(table, leadIn);
      else this.readPlanTable(table, leadIn);
      // Read: its grid is no longer needed (a large sheet's grid weighs as much as its plan).
      table.grid = [];
      if (i === last) break;
    }
    // After the last plan table: paragraphs, and tables that are no plan (signatures side by
    // side), read line by line from their grid (the document's rows may be emptied).
    const rest = blocks
      .slice(last + 1)
      .flatMap((b, k): RawParagraph[] =>
        b.kind === 'paragraph'
          ? [b]
          : (this.tables.get(last + 1 + k)?.grid ?? []).flatMap((row) =>
              row.cells
                .filter((cell) => !cell.spanned && !cell.mergedFromAbove)
                .flatMap((cell) =>
                  cell.paragraphs.map((text): RawParagraph => ({ kind: 'paragraph', text })),
                ),
            ),
      );
    this.readClosing([...pending, ...rest]);
    this.applyTimelines();
    return this.finish();
  }

  /** Headings that name the axis of the table right below them (one heading above each table). */
  private readonly headingAxes = new Set<RawParagraph>();
  /** The workbook's sheets are its axes. */
  private sheetAxes = false;

  private isAxisLine(p: RawParagraph): boolean {
    return this.headingAxes.has(p) || readAxisHeading(p.text) !== null;
  }

  /**
   * Levels above the tables that the document gives without saying "Axe": a heading right above
   * each of several plan tables ("Gouvernance et pilotage", then its table), or sheets named after
   * their axes. Neither when the tables hold their own axes (a column, or an axis row).
   */
  private findOuterLevels(): void {
    const planTables = [...this.tables.values()].filter((t) => t.layout.kind === 'plan');
    const ownAxes = (t: ReadTable) => t.template?.byKey.axis !== undefined || this.opensWithAxis(t);
    if (planTables.some(ownAxes)) return;
    const sheets = new Set(planTables.map((t) => t.raw.sheet).filter((name) => name !== undefined));
    const named = [...sheets].every(
      (name) =>
        !/^(sheet|feuil(le)?|tabelle|hoja|foglio|blad|onglet)\s*\d*$/i.test(name.trim()) &&
        classifyCoverLine(name).kind !== 'title' &&
        !readAxisHeading(name),
    );
    this.sheetAxes = sheets.size >= 2 && named && planTables.every((t) => t.raw.sheet !== undefined);
    const headings: RawParagraph[] = [];
    let last: RawParagraph | null = null;
    for (const [i, block] of this.doc.blocks.entries()) {
      if (block.kind === 'paragraph') {
        if (block.text.trim()) last = block;
        continue;
      }
      const table = this.tables.get(i);
      if (
        table?.layout.kind === 'plan' &&
        last &&
        last.headingLevel !== undefined &&
        last.listLevel === undefined
      ) {
        const text = last.text.trim();
        if (text.length <= 200 && !readAxisHeading(text) && classifyCoverLine(text).kind !== 'title')
          headings.push(last);
      }
      last = null;
    }
    // One heading above each of two plan tables or more, all at one level.
    const levels = new Set(headings.map((h) => h.headingLevel));
    if (headings.length >= 2 && levels.size === 1) for (const h of headings) this.headingAxes.add(h);
  }

  private location(table: ReadTable, row?: GridRow, column?: string): Omit<SourceLocation, 'file'> {
    const loc: Omit<SourceLocation, 'file'> = { table: table.raw.sheet ?? table.raw.index };
    if (row) loc.row = row.sourceRow;
    if (column !== undefined) loc.column = column;
    if (table.raw.page !== undefined) loc.page = table.raw.page;
    return loc;
  }

  // ---- cover and sections -------------------------------------------------------------

  private isSectionHeading(p: RawParagraph): boolean {
    if (p.headingLevel !== undefined) return !readAxisHeading(p.text);
    if (this.usesHeadingStyles || p.listLevel !== undefined) return false;
    return this.numbering.accept(p.text) !== null;
  }

  private headingLevelOf(p: RawParagraph): number {
    if (p.headingLevel !== undefined) return p.headingLevel;
    const m = /^(\d+(?:\.\d+)*)/.exec(p.text.trim());
    return m ? m[1]!.split('.').length : 1;
  }

  /**
   * An axis heading ("Axe 1 : Enseignement") is no cover line: the plan's structure starts
   * there (a short pasted text may open with it, right above its table).
   */
  private endsCover(p: RawParagraph): boolean {
    return p.listLevel === undefined && readAxisHeading(p.text) !== null;
  }

  /** A paragraph of the cover: title, date, department, programme, campuses, institution; the first section heading ends the cover. */
  private readCoverParagraph(p: RawParagraph): void {
    if (p.listLevel !== undefined) {
      this.inCover = false;
      this.sections.addParagraph(p);
      return;
    }
    const line = classifyCoverLine(p.text);
    if (line.kind === 'title' && !this.cover.title) {
      this.cover.title = line.text;
      this.cover.version = { label: line.text, date: line.date, kind: line.updated ? 'updated' : 'initial' };
      if (line.years) this.cover.period = line.years;
      return;
    }
    if (line.kind === 'date' && !this.cover.version.date) {
      this.cover.version.date = line.text;
      return;
    }
    if (line.kind === 'department' && !this.cover.department) {
      this.cover.department = line.text;
      return;
    }
    if (line.kind === 'programme' && !this.cover.programme) {
      this.cover.programme = line.text;
      return;
    }
    if (line.kind === 'campuses' && this.cover.campusNames.length === 0) {
      this.cover.campusNames = line.names;
      return;
    }
    if (!this.isSectionHeading(p)) {
      // A cover line run together by the reader (PDF): the institution's name stops where its address starts.
      const text = this.cover.institution
        ? p.text
        : p.text.replace(
            /\s+(?=(?:Avenue|Av\.|Rue|Chaussée|Boulevard|Bd|Place|Route|Quai|Tél|Tel|Fax|Courriel|E-?mail|Site web|www\.)\b)/i,
            '\n',
          );
      const [first, ...more] = text.split('\n').map((l) => l.trim());
      if (!this.cover.institution) this.cover.institution = first ?? p.text;
      else this.cover.details.push(first ?? p.text);
      this.cover.details.push(...more.filter(Boolean));
      return;
    }
    this.inCover = false;
    this.sections.open(p.text, this.headingLevelOf(p));
  }

  private flushAsSections(paragraphs: RawParagraph[]): void {
    for (const p of paragraphs) {
      this.inCover = false;
      if (p.listLevel === undefined && this.isSectionHeading(p))
        this.sections.open(p.text, this.headingLevelOf(p));
      else this.sections.addParagraph(p);
    }
  }

  /**
   * Paragraphs just before a plan table that name its axis or objectives ("Axe 1 : …", a
   * general objective repeated above a continued table): the trailing run of short lines that
   * are neither section headings nor list items. What comes before them is narrative.
   */
  private splitLeadIn(paragraphs: RawParagraph[], beforeTimeline: boolean): RawParagraph[] {
    const kinds = paragraphs.map((p, k) => {
      if (p.listLevel !== undefined) return 'text';
      if (this.isAxisLine(p)) return 'lead';
      // A timeline table's axis is often a heading just above it.
      if (p.headingLevel !== undefined)
        return beforeTimeline && k === paragraphs.length - 1 && p.text.length <= 200 ? 'lead' : 'heading';
      // Prose (several sentences, a long paragraph, a line announcing a list) is narrative.
      if (p.text.length > 300 || /:\s*$/.test(p.text) || /[.!?]\s+[A-ZÀ-Ý]/.test(p.text)) return 'text';
      return 'lead';
    });
    let cut = paragraphs.length;
    while (cut > 0 && kinds[cut - 1] === 'lead') cut -= 1;
    // The structure starts at the last axis heading of the run: lines above it belong to the narrative.
    for (let k = paragraphs.length - 1; k >= cut; k--) {
      if (this.isAxisLine(paragraphs[k]!)) {
        cut = k;
        break;
      }
    }
    this.flushAsSections(paragraphs.slice(0, cut));
    // A numbered section heading ("3. Plan d'action détaillé") may sit in the run: the lead-in starts after it.
    const run = paragraphs.slice(cut);
    let headingAt = -1;
    if (!this.usesHeadingStyles) {
      const probe = Object.assign(new HeadingNumbering(), structuredClone({ ...this.numbering }));
      run.forEach((p, k) => {
        if (!readSubdimensionHeading(p.text) && probe.accept(p.text) !== null) headingAt = k;
      });
    }
    this.flushAsSections(run.slice(0, headingAt + 1));
    return run.slice(headingAt + 1);
  }

  private addUnrecognisedTable(table: ReadTable, front: boolean): void {
    const lines = table.grid
      .map((row) =>
        row.cells
          .filter((c) => !c.spanned && c.text)
          .map((c) => c.text.replace(/\n/g, ' '))
          .join(' | '),
      )
      .filter(Boolean);
    if (lines.length === 0) return;
    this.inCover = false;
    this.sections.addLines(lines);
    if (!front) {
      this.builder.warn(
        'unrecognised-table',
        {
          fr: `Le tableau ${table.raw.index} n’a pas d’en-tête de plan reconnaissable : son texte a été gardé dans les sections du texte.`,
          en: `Table ${table.raw.index} has no recognisable plan header: its text was kept in the narrative sections.`,
        },
        this.location(table),
      );
    }
  }

  /** Text after the last table: a signature block, or more narrative. */
  private readClosing(paragraphs: RawParagraph[]): void {
    // A heading above the signatures ("3. Sign-off") stays a section title.
    let start = 0;
    while (start < paragraphs.length && paragraphs[start]!.headingLevel !== undefined) start += 1;
    const lines = paragraphs
      .slice(start)
      .map((p) => p.text.trim())
      .filter(Boolean);
    const signatories = readSignatories(lines);
    if (signatories) {
      this.flushAsSections(paragraphs.slice(0, start));
      this.signatories.push(...signatories);
    } else {
      this.flushAsSections(paragraphs);
    }
  }

  private readonly signatories: Array<{ role: string; name: string }> = [];

  // ---- detailed tables ----------------------------------------------------------------

  /** Campus prefixes and site cells, before the tables are read: a prefix is then known as a site whichever comes first. */
  private countSitePrefixes(): void {
    for (const table of this.tables.values()) {
      const siteCol = table.template?.byKey.sites;
      if (siteCol !== undefined) {
        for (const row of table.grid.slice(table.start)) {
          const cell = row.cells[siteCol];
          if (cell?.text && !cell.mergedFromAbove) this.sites.noteSiteCell(cell.text);
        }
      }
      const col = table.template?.byKey.text;
      if (col === undefined || table.template?.byKey.step !== undefined) continue;
      for (const row of table.grid.slice(table.start)) {
        for (const paragraph of row.cells[col]?.paragraphs ?? []) this.sites.notePrefix(paragraph);
      }
    }
  }

  private applyLeadIn(leadIn: RawParagraph[], table: ReadTable): void {
    const template = table.template!;
    const hasObjectiveColumn = template.byKey.objective !== undefined;
    const titles: string[] = [];
    for (const p of leadIn) {
      if (this.headingAxes.has(p)) {
        const { number, title } = readLevelTitle(p.text);
        this.noteLevel('headings', 'axis', title);
        this.builder.startAxis(number, title);
        continue;
      }
      const axis = readAxisHeading(p.text);
      if (axis) {
        this.builder.startAxis(axis.number, axis.title);
        continue;
      }
      const sub = readSubdimensionHeading(p.text);
      if (sub) {
        this.builder.startSubdimension(sub.number, sub.title);
        continue;
      }
      // "Plan d'action 2024-2027" above a table names the document, not an objective.
      if (classifyCoverLine(p.text).kind === 'title') {
        if (!this.cover.title) this.cover.title = p.text.trim();
        else this.sections.open(p.text.trim(), 2);
        continue;
      }
      titles.push(p.text.trim());
    }
    if (titles.length === 0) return;
    const source = { table: table.raw.sheet ?? table.raw.index };
    if (hasObjectiveColumn) {
      for (const title of titles) this.builder.startGeneral(title, source);
      return;
    }
    // Headings above a table without objective column: the first is the general objective, the last owns the rows.
    this.builder.startOwnObjective(titles[0]!, source, false);
    for (const title of titles.slice(1)) this.builder.startOwnObjective(title, source, true);
  }

  private readPlanTable(table: ReadTable, leadIn: RawParagraph[]): void {
    const template = table.template!;
    if (table.layout.kind === 'plan') {
      // Title rows above the header ("Axe 1 : …") read like lead-in paragraphs.
      const above = table.grid
        .slice(0, table.layout.headerTop)
        .flatMap((row) => filledCells(row).map(({ cell }) => cell.text));
      leadIn = [...leadIn, ...above.map((text): RawParagraph => ({ kind: 'paragraph', text }))];
      this.noteTemplate(table, template);
    } else this.readingOf.get(template)?.continuedIn.push(table.raw.sheet ?? table.raw.index);
    // A spreadsheet with one sheet per axis ("Axe 2 - Stages").
    const sheetAxis = table.raw.sheet ? readAxisHeading(table.raw.sheet) : null;
    if (sheetAxis && template.byKey.axis === undefined)
      this.builder.startAxis(sheetAxis.number, sheetAxis.title);
    else if (this.sheetAxes && table.raw.sheet && table.layout.kind === 'plan') {
      // A workbook of one sheet per axis, named after it ("Gouvernance", "Enseignement").
      const { number, title } = readLevelTitle(table.raw.sheet);
      this.noteLevel('sheets', 'axis', title);
      this.builder.startAxis(number, title);
    }
    // A table that opens with its axis row: lines above it cannot be its objectives.
    if (this.opensWithAxis(table)) {
      this.flushAsSections(leadIn.filter((p) => !readAxisHeading(p.text)));
      leadIn = leadIn.filter((p) => readAxisHeading(p.text));
    }
    this.applyLeadIn(leadIn, table);
    this.planTitleRows(table, template);
    const ownColumns = template.byKey.step !== undefined ? this.columnsOf(template) : null;
    if (ownColumns && this.builder.objective) this.builder.objective.columns = ownColumns;
    for (const row of table.grid.slice(table.start)) {
      if (this.repeatsHeader(row, template)) continue;
      if (template.objectivesOnly) this.readObjectiveRow(table, template, row);
      else this.readPlanRow(table, template, row);
    }
  }

  /**
   * A row of a table of objectives (Jalon's "Objectifs" sheet): the objective it describes,
   * placed under its parent, then its fields and quadrimesters.
   */
  private readObjectiveRow(table: ReadTable, template: TableTemplate, row: GridRow): void {
    if (filledCells(row).every(({ cell }) => cell.spanned)) return;
    const source = { table: table.raw.sheet ?? table.raw.index, row: row.sourceRow };
    this.readHierarchyColumns(template, row, source);
    const title = joinText(this.cellOf(row, template, 'objective'), ' ');
    if (!title) {
      if (filledCells(row).some(({ col }) => !isHierarchyColumn(template, col)))
        this.builder.warn(
          'empty-cell',
          {
            fr: `La ligne ${row.sourceRow} du tableau ${table.raw.index} n’a pas d’objectif : ses cellules n’ont pas été lues.`,
            en: `Row ${row.sourceRow} of table ${table.raw.index} has no objective: its cells were not read.`,
          },
          this.location(table, row, columnLabel(template, 'objective')),
        );
      return;
    }
    const general = template.byKey.generalObjective !== undefined ? this.builder.general : null;
    const parentTitle =
      joinText(this.cellOf(row, template, 'parentObjective'), ' ') || general?.title || null;
    const objective = this.builder.placeObjective(title, parentTitle, source);
    const { years } = applyObjectiveRow(objective, template, row, this.sites, this.readExtra(row, template));
    for (const year of years)
      if (!this.objectiveTableYears.includes(year)) this.objectiveTableYears.push(year);
    const id = this.readNodeId(table, template, row);
    if (id) objective.id = id;
  }

  /** Academic years of the quadrimester columns of tables of objectives, in their order. */
  private readonly objectiveTableYears: string[] = [];

  private opensWithAxis(table: ReadTable): boolean {
    const firstRow = table.grid.slice(table.start).find((row) => filledCells(row).length > 0);
    const cells = firstRow ? filledCells(firstRow) : [];
    return cells.length === 1 && readAxisHeading(cells[0]!.cell.text) !== null;
  }

  /**
   * The template as plan columns. An action-scoped column ("Garant de l'action") is the action's
   * field; the plain column beside it is then the objective's ("objective:guarantor").
   */
  private columnsOf(template: TableTemplate): Plan['columns'] {
    const keyOf = (key: ColumnKey | null, label: string): string => {
      if (key === null) {
        const custom = this.customByLabel.get(mappingLabelKey(label));
        return custom ? `custom:${custom.key}` : `extra:${label}`;
      }
      const field = actionScopedField(key);
      if (field) return field;
      if (objectiveKeys.has(key) && template.byKey[actionScopedKeys[key as ObjectiveLevelKey]] !== undefined)
        return `objective:${key}`;
      return key;
    };
    // Campus columns of marks are the plan's sites column, where the first of them stands.
    const marks = new Map(template.siteMarks.map((m) => [m.col, m.site]));
    const firstMark = template.siteMarks[0]?.col;
    return template.columns
      .filter((c) => (c.key !== null || c.label !== '') && !(c.key && machineKeys.has(c.key)))
      .filter((c) => !marks.has(c.col) || c.col === firstMark)
      .map((c) =>
        marks.has(c.col)
          ? { key: 'sites', label: [...marks.values()].join(' / ') }
          : { key: keyOf(c.key, c.label), label: c.label },
      );
  }

  private noteTemplate(table: ReadTable, template: TableTemplate): void {
    const setsColumns = !this.planColumns && template.byKey.step === undefined && !template.objectivesOnly;
    if (setsColumns) this.planColumns = this.columnsOf(template);
    if (this.warnedTemplates.has(template)) return;
    this.warnedTemplates.add(template);
    const reading: TableReading = {
      table: table.raw.sheet ?? table.raw.index,
      headerRow:
        table.layout.kind === 'plan' ? (table.grid[table.layout.headerIndex]?.sourceRow ?? null) : null,
      continuedIn: [],
      columns: template.readings,
    };
    this.readingOf.set(template, reading);
    this.reading.tables.push(reading);
    for (const note of template.notes)
      this.builder.warn(note.code, note.message, this.location(table, undefined, note.column));
    for (const column of template.columns) {
      if (column.key === null && column.label && !template.siteMarks.some((m) => m.col === column.col)) {
        if (this.planTemplate) {
          if (this.customByLabel.has(mappingLabelKey(column.label))) continue;
          const added = this.addCustomColumn(column.label);
          this.builder.warn(
            'unknown-column',
            {
              fr: `La colonne « ${column.label} » du tableau ${table.raw.index} n’est pas dans le modèle du plan : elle devient son champ personnalisé « ${added.key} » (texte), que vous pouvez garder ou associer à une colonne existante.`,
              en: `Column "${column.label}" of table ${table.raw.index} is not in the plan's template: it becomes the plan's custom field "${added.key}" (text), which you can keep or map to an existing column.`,
            },
            this.location(table, undefined, column.label),
          );
          continue;
        }
        this.builder.warn(
          'unknown-column',
          {
            fr: `La colonne « ${column.label} » du tableau ${table.raw.index} n’est pas un champ connu du plan : ses cellules sont gardées comme champs supplémentaires.`,
            en: `Column "${column.label}" of table ${table.raw.index} is not a known plan field: its cells are kept as extra fields.`,
          },
          this.location(table, undefined, column.label),
        );
      }
    }
    // Headers the template gained above are custom fields now, not extra fields.
    if (setsColumns && this.planTemplate) this.planColumns = this.columnsOf(template);
    if (template.shifted) {
      this.builder.warn(
        'header-shifted',
        {
          fr: `L’en-tête du tableau ${table.raw.index} est décalé d’une colonne à gauche de ses données : ses libellés ont été déplacés à droite.`,
          en: `The header of table ${table.raw.index} sits one column left of its data: labels were moved right to match the columns.`,
        },
        this.location(table),
      );
    }
  }

  private cellOf(row: GridRow, template: TableTemplate, key: ColumnKey): GridCell | null {
    const col = template.byKey[key];
    return col === undefined ? null : (row.cells[col] ?? null);
  }

  private readPlanRow(table: ReadTable, template: TableTemplate, row: GridRow): void {
    const filled = filledCells(row).filter(({ cell }) => !cell.spanned);
    if (filled.length === 0) return;
    const source = { table: table.raw.sheet ?? table.raw.index, row: row.sourceRow };
    // Hierarchy columns of flat tables (spreadsheets): Axe | Sous-dimension | Objectif général.
    this.readHierarchyColumns(template, row, source);
    const titleCol = template.byKey.objective ?? template.byKey.step ?? template.byKey.text ?? 0;
    const identifierCol = template.byKey.identifier;
    const others = filled.filter(({ col }) => col !== titleCol);
    const onlyTitle = others.every(({ col }) => isHierarchyColumn(template, col) || col === identifierCol);
    const titleCell = row.cells[titleCol];
    const titleText = titleCell && !titleCell.mergedFromAbove ? titleCell.paragraphs.join(' ').trim() : '';
    const titleRow = this.titleRowOf(row, template);
    if (titleRow && this.readTitleRow(row, titleRow, template, source)) return;
    if (onlyTitle && !titleText) {
      const identifier = identifierCol === undefined ? null : row.cells[identifierCol];
      if (
        identifier?.text &&
        !identifier.mergedFromAbove &&
        !filled.some(({ col }) => isHierarchyColumn(template, col))
      )
        this.builder.warn(
          'empty-cell',
          {
            fr: `La ligne ${row.sourceRow} du tableau ${table.raw.index} ne contient que le numéro « ${identifier.text} » : elle n’a pas été lue.`,
            en: `Row ${row.sourceRow} of table ${table.raw.index} holds only the number "${identifier.text}": it was not read.`,
          },
          this.location(table, row, columnLabel(template, 'identifier')),
        );
      return;
    }
    const hasObjectiveColumn = template.byKey.objective !== undefined;
    if (hasObjectiveColumn && titleText) {
      const fields = this.readObjectiveFields(row, template);
      const { number, title } = readLevelTitle(titleText);
      this.builder.startObjective(title, fields, source, identifierCol === undefined ? number : null);
    }
    this.readActions(
      table,
      template,
      this.numberedAction(template, this.unshift(table, template, row)),
      source,
      hasObjectiveColumn,
    );
  }

  /** How the title rows of the table being read give levels: by their outline numbers, or as its axes. */
  private titleRows: { outline: Map<string, StructureRole> | null; axisRows: WeakSet<GridRow> } = {
    outline: null,
    axisRows: new WeakSet(),
  };

  /**
   * A row that only names a level: a row spanning the table with one title, or a title (with
   * its number, if the table numbers its rows) and nothing else.
   */
  private titleRowOf(row: GridRow, template: TableTemplate): TitleRow | null {
    const filled = filledCells(row).filter(({ cell }) => !cell.spanned);
    if (filled.length === 0) return null;
    const titleCol = template.byKey.objective ?? template.byKey.step ?? template.byKey.text ?? 0;
    const identifierCol = template.byKey.identifier;
    const only = filled.length === 1 ? filled[0]! : null;
    if (only && only.col !== titleCol && only.cell.colSpan >= 2 && !only.cell.mergedFromAbove)
      return { text: only.cell.paragraphs.join(' ').trim(), cell: only.cell, identifier: null };
    const cell = row.cells[titleCol];
    const text = cell && !cell.mergedFromAbove ? cell.paragraphs.join(' ').trim() : '';
    if (!text || !filled.every(({ col }) => col === titleCol || col === identifierCol)) return null;
    const identifier = identifierCol === undefined ? null : row.cells[identifierCol]?.text.trim() || null;
    return { text, cell: cell!, identifier };
  }

  /** The outline number of a title row: its "N°" cell, else a prefix of its title. */
  private outlineOf(titleRow: TitleRow): OutlineNumber | null {
    const fromCell = titleRow.identifier ? readOutlineCell(titleRow.identifier) : null;
    if (fromCell) return { ...fromCell, rest: readOutlinePrefix(titleRow.text)?.rest ?? titleRow.text };
    return readOutlinePrefix(titleRow.text);
  }

  /**
   * Decides, before a table's rows are read, what its title rows are: levels given by their
   * outline numbers ("1." axis, "1.1" objective, actions "1.1.1"), when the table has no
   * structure column; or its axes, when the table's objectives are in a column and nothing
   * before it gave an axis ("Axe 1 : …", "3. Ouverture" spanning the table).
   */
  private planTitleRows(table: ReadTable, template: TableTemplate): void {
    const structureColumn = (['axis', 'subdimension', 'generalObjective', 'objective'] as const).some(
      (key) => template.byKey[key] !== undefined,
    );
    const axisGiven = !!this.builder.axis?.title;
    let outline: Map<string, StructureRole> | null = null;
    if (!structureColumn) {
      const titles: OutlineNumber[] = [];
      const actions: OutlineNumber[] = [];
      const identifierCol = template.byKey.identifier;
      const textCol = template.byKey.text ?? template.byKey.step;
      for (const row of table.grid.slice(table.start)) {
        if (filledCells(row).length === 0 || this.repeatsHeader(row, template)) continue;
        const titleRow = this.titleRowOf(row, template);
        if (titleRow) {
          const number = readAxisHeading(titleRow.text) ? null : this.outlineOf(titleRow);
          if (number) titles.push(number);
          continue;
        }
        const id = identifierCol === undefined ? '' : (row.cells[identifierCol]?.text ?? '');
        const text = textCol === undefined ? '' : (row.cells[textCol]?.paragraphs[0] ?? '');
        const number = (id && readOutlineCell(id)) || readOutlinePrefix(text);
        if (number) actions.push(number);
      }
      outline = planOutlineLevels(titles, actions, axisGiven);
    }
    const objectiveCol = template.byKey.objective ?? template.byKey.generalObjective;
    const axisRows = new WeakSet<GridRow>();
    if (!outline && objectiveCol !== undefined && template.byKey.axis === undefined && !axisGiven) {
      // A title row spanning the table is an axis; one in the objective column is an axis when
      // the rows below write their own objectives, an objective owning them when they do not.
      const rows = table.grid.slice(table.start).filter((row) => filledCells(row).length > 0);
      rows.forEach((row, i) => {
        const titleRow = this.titleRowOf(row, template);
        if (!titleRow || readAxisHeading(titleRow.text) || readSubdimensionHeading(titleRow.text)) return;
        if (titleRow.cell.colSpan >= 2) {
          axisRows.add(row);
          return;
        }
        const next = rows
          .slice(i + 1)
          .find((r) => !this.titleRowOf(r, template) && !this.repeatsHeader(r, template));
        const cell = next?.cells[objectiveCol];
        if (cell && cell.text && !cell.mergedFromAbove) axisRows.add(row);
      });
    }
    this.titleRows = { outline, axisRows };
  }

  /** Reads a title row as the level it gives; false when it is an action after all. */
  private readTitleRow(
    row: GridRow,
    titleRow: TitleRow,
    template: TableTemplate,
    source: SourceLocation,
  ): boolean {
    const { outline, axisRows } = this.titleRows;
    const number = outline ? this.outlineOf(titleRow) : null;
    const role = number ? outline!.get(number.key) : undefined;
    if (number && role) {
      const title = number.rest || titleRow.text;
      this.noteLevel('numbering', role, title);
      if (role === 'axis') this.builder.startAxis(number.value, title);
      else if (role === 'subdimension') this.builder.startSubdimension(number.value, title);
      else {
        const nested = role === 'objective' && [...outline!.values()].includes('generalObjective');
        const objective = this.builder.startOwnObjective(title, source, nested);
        objective.extra['N°'] ??= number.value;
      }
      return true;
    }
    if (axisRows.has(row)) {
      const { number: axisNumber, title } = readLevelTitle(titleRow.text);
      this.noteLevel('title-rows', 'axis', title);
      this.builder.startAxis(axisNumber, title);
      return true;
    }
    if (!this.readHeadingRow(titleRow.text, titleRow.cell, template, source)) return false;
    const identifierCol = template.byKey.identifier;
    const label = identifierCol === undefined ? '' : (template.columns[identifierCol]?.label ?? '');
    if (titleRow.identifier && this.builder.objective)
      this.builder.objective.extra[label || 'N°'] = titleRow.identifier;
    return true;
  }

  /**
   * An action row of a table whose title rows are numbered: the number that starts the action's
   * text ("1. Former les…") is its number, not its text.
   */
  private numberedAction(template: TableTemplate, row: GridRow): GridRow {
    const outline = this.titleRows.outline;
    const textCol = template.byKey.text;
    if (!outline || textCol === undefined) return row;
    const cell = row.cells[textCol];
    const first = cell?.paragraphs[0];
    const number = first ? readOutlinePrefix(first) : null;
    if (!cell || !number || outline.has(number.key)) return row;
    const paragraphs = [number.rest, ...cell.paragraphs.slice(1)];
    this.actionNumbers.set(row, number.value);
    return {
      ...row,
      cells: row.cells.map((c, col) =>
        col === textCol ? { ...c, paragraphs, text: paragraphs.join('\n') } : c,
      ),
    };
  }

  /** Numbers taken off the start of action texts, by row: kept as the action's "N°". */
  private readonly actionNumbers = new WeakMap<GridRow, string>();

  /** Counts the titles each source of levels gave, for the import's reading. */
  private noteLevel(source: StructureLevel['source'], role: StructureRole, title: string): void {
    let level = this.reading.levels.find((l) => l.source === source && l.role === role);
    if (!level) {
      level = { source, role, count: 0, examples: [] };
      this.reading.levels.push(level);
    }
    level.count += 1;
    if (level.examples.length < 3) level.examples.push(shorten(title));
  }

  private readHierarchyColumns(template: TableTemplate, row: GridRow, source: SourceLocation): void {
    const axisCell = this.cellOf(row, template, 'axis');
    if (axisCell?.text && !axisCell.mergedFromAbove) {
      const bare = /^\s*(\d+|[IVX]+)\.?\s*$/.exec(axisCell.text);
      const heading =
        readAxisHeading(axisCell.text) ??
        (bare ? { number: bare[1]!, title: '' } : readLevelTitle(axisCell.text.replace(/\n/g, ' ')));
      if (!this.builder.axis || !sameAxis(this.builder.axis, heading))
        this.builder.startAxis(heading.number, heading.title);
    }
    const subCell = this.cellOf(row, template, 'subdimension');
    if (subCell?.text && !subCell.mergedFromAbove) {
      const heading =
        readSubdimensionHeading(subCell.text) ?? readLevelTitle(subCell.text.replace(/\n/g, ' '));
      if (
        !this.builder.subdimension ||
        foldText(this.builder.subdimension.title) !== foldText(heading.title)
      ) {
        this.builder.startSubdimension(heading.number, heading.title);
      }
    }
    const generalCell = this.cellOf(row, template, 'generalObjective');
    if (generalCell?.text && !generalCell.mergedFromAbove) {
      const { number, title } = readLevelTitle(generalCell.paragraphs.join(' '));
      if (!this.builder.general || foldText(this.builder.general.title) !== foldText(title)) {
        const general = this.builder.startGeneral(title, source);
        if (number && template.byKey.identifier === undefined) general.extra['N°'] ??= number;
      }
    }
  }

  /** A row holding only a title: an axis, a sub-dimension, or a general objective. Returns false when it is an action after all. */
  private readHeadingRow(
    text: string,
    cell: GridCell,
    template: TableTemplate,
    source: SourceLocation,
  ): boolean {
    const axis = readAxisHeading(text);
    if (axis) {
      this.builder.startAxis(axis.number, axis.title);
      return true;
    }
    // "2.1. A travers les stages" heads a sub-dimension in a table of actions; in a table with an
    // objective column, a numbered title row is a numbered general objective.
    const sub = template.byKey.objective === undefined ? readSubdimensionHeading(text) : null;
    if (sub) {
      this.builder.startSubdimension(sub.number, sub.title);
      return true;
    }
    if (template.byKey.objective !== undefined) {
      this.builder.startGeneral(text, source);
      return true;
    }
    if (cell.marked || cell.bold || cell.colSpan > 1) {
      this.builder.startGeneral(text, source);
      return true;
    }
    return false;
  }

  /**
   * Whose are the values of the plain reference, steering, guarantor and expected-results
   * columns of a table with an objective column, decided for each objective (its row, the rows
   * of its further actions, and the rows that write it again right after):
   * - the actions', when rows of its further actions fill them (not merged);
   * - for expected results and references, the actions' when the objective is written again on
   *   each row (the AEQES "Objectif | … | Résultats attendus" form) and the value changes from
   *   row to row; the objective's when it is merged over those rows or repeated identically;
   * - otherwise the table says: steering and guarantor are the actions' when rows of further
   *   actions fill them anywhere in the table (seed 000: merged or empty on the rows of its local
   *   actions, so the objective's); expected results and references are the actions' when the
   *   column comes after the action column (the AEQES template), the objective's when it comes
   *   before it with the objective's other columns (seed 000).
   */
  private findActionLevelColumns(): void {
    for (const table of this.tables.values()) {
      const template = table.template;
      if (!template || template.byKey.objective === undefined || template.byKey.step !== undefined) continue;
      const plainKeys = objectiveLevelKeys.filter(
        // Beside "Garant de l'action", "Garant" is the objective's whatever rows fill it.
        (key) => template.byKey[key] !== undefined && template.byKey[actionScopedKeys[key]] === undefined,
      );
      if (plainKeys.length === 0) continue;
      const filled = (row: GridRow, key: ColumnKey): GridCell | null => {
        const cell = this.cellOf(row, template, key);
        return cell?.text && !cell.mergedFromAbove && !cell.spanned ? cell : null;
      };
      const groups = this.objectiveRowGroups(table, template);
      const continuations = (group: GridRow[]) => group.filter((row) => !this.isObjectiveRow(row, template));
      // Jalon's own sheets name the action's values "… de l'action": their plain columns are the objective's.
      const jalonSheet = [...machineKeys].some((key) => template.byKey[key] !== undefined);
      const textCol = template.byKey.text;
      const tableLevel = new Set<ColumnKey>();
      for (const key of plainKeys) {
        const perRow =
          !jalonSheet && (key === 'expectedResults' || key === 'references') && textCol !== undefined;
        if (
          perRow
            ? template.byKey[key]! > textCol!
            : groups.some((g) => continuations(g).some((row) => filled(row, key)))
        )
          tableLevel.add(key);
      }
      for (const group of groups) {
        const keys = new Set<ColumnKey>();
        const objectiveRows = group.filter((row) => this.isObjectiveRow(row, template));
        for (const key of plainKeys) {
          const perRow = !jalonSheet && (key === 'expectedResults' || key === 'references');
          const rest = continuations(group);
          if (rest.some((row) => filled(row, key))) {
            keys.add(key);
            continue;
          }
          if (perRow && objectiveRows.length > 1) {
            const values = new Set(
              objectiveRows.flatMap((row) => {
                const cell = filled(row, key);
                return cell ? [comparableText(cell.text)] : [];
              }),
            );
            if (values.size > 1) keys.add(key);
            continue;
          }
          const merged =
            rest.length > 0 && rest.every((row) => this.cellOf(row, template, key)?.mergedFromAbove);
          if (!merged && tableLevel.has(key)) keys.add(key);
        }
        if (keys.size === 0) continue;
        for (const row of group) this.rowActionKeys.set(row, keys);
      }
    }
  }

  /**
   * The rows of each objective of a table: its row, the rows of its further actions, and the
   * rows that write the same objective again right after (same title, same axis, sub-dimension
   * and general objective, same steering level and guarantor: another steering level or
   * guarantor makes another objective). Rows before the first objective form a group too.
   */
  private objectiveRowGroups(table: ReadTable, template: TableTemplate): GridRow[][] {
    const groups: GridRow[][] = [];
    let group: GridRow[] = [];
    let title = '';
    let context = '';
    const contextCols = (['axis', 'subdimension', 'generalObjective', 'steeringLevel', 'guarantor'] as const)
      .map((key) => template.byKey[key])
      .filter((col) => col !== undefined);
    for (const row of table.grid.slice(table.start)) {
      if (filledCells(row).length === 0 || this.repeatsHeader(row, template)) continue;
      if (!this.isObjectiveRow(row, template)) {
        group.push(row);
        continue;
      }
      const rowContext = contextCols.map((col) => comparableText(row.cells[col]?.text ?? '')).join('|');
      const rowTitle = row.cells[template.byKey.objective!]!.paragraphs.join(' ').trim();
      const repeats =
        group.length > 0 && title !== '' && rowContext === context && isSameTitle(rowTitle, title);
      if (!repeats) {
        if (group.length > 0) groups.push(group);
        group = [];
        title = rowTitle;
        context = rowContext;
      }
      group.push(row);
    }
    if (group.length > 0) groups.push(group);
    return groups;
  }

  private readonly headerRepeats = new WeakMap<GridRow, boolean>();

  /** Whether a row repeats the header (a table continued on a new page): asked once per row. */
  private repeatsHeader(row: GridRow, template: TableTemplate): boolean {
    let repeats = this.headerRepeats.get(row);
    if (repeats === undefined) {
      repeats = isRepeatedHeader(row, template) || (row.repeatedHeader && isHeaderRow(row));
      this.headerRepeats.set(row, repeats);
    }
    return repeats;
  }

  /** The plain objective-level columns that hold the action's values on a row (see findActionLevelColumns). */
  private readonly rowActionKeys = new WeakMap<GridRow, ReadonlySet<ColumnKey>>();

  private isActionLevel(row: GridRow, key: ColumnKey): boolean {
    return this.rowActionKeys.get(row)?.has(key) ?? false;
  }

  private readObjectiveFields(row: GridRow, template: TableTemplate): ObjectiveFields {
    const get = (key: ColumnKey) => (this.isActionLevel(row, key) ? null : this.cellOf(row, template, key));
    return {
      references: parseReferences(get('references')?.paragraphs ?? []),
      steeringLevel: parseSteeringLevel(get('steeringLevel')?.paragraphs.join(' ') ?? ''),
      guarantor: joinText(get('guarantor')) || null,
      expectedResults: splitListItems(get('expectedResults')?.paragraphs ?? []),
    };
  }

  /**
   * A row whose status landed in the column before the status column (a cell lost when the
   * table was pasted) is read with its action cells moved one column right.
   */
  private unshift(table: ReadTable, template: TableTemplate, row: GridRow): GridRow {
    const statusCol = template.byKey.status ?? template.byKey.statusDeadline;
    const textCol = template.byKey.text;
    if (statusCol === undefined || textCol === undefined || textCol >= statusCol - 1) return row;
    const status = row.cells[statusCol];
    const before = row.cells[statusCol - 1];
    if (!status || status.text || !before?.text || before.text.length > 40) return row;
    // "Ongoing" in the deadline column is a deadline (no end date), not a status moved left.
    if (
      statusCol - 1 === template.byKey.deadline &&
      /^(on-?going|continuous(ly)?|permanent|throughout( the year)?|en continu|continu|permanente?|tout au long de l'annee|chaque annee|annuel(le)?|every year|annually|each year)$/.test(
        foldText(before.text.trim()),
      )
    )
      return row;
    const parsed = parseStatus(before.text);
    if (
      !parsed.status ||
      foldText(parsed.label).replace(/[^a-z]/g, '').length >
        parsed.parts.reduce((n, p) => n + p.matched.length, 0) + 12
    )
      return row;
    const cells = [...row.cells];
    for (let col = statusCol; col > textCol + 1; col--) cells[col] = row.cells[col - 1]!;
    cells[textCol + 1] = { ...row.cells[textCol + 1]!, text: '', paragraphs: [] };
    this.builder.warn(
      'shifted-cells',
      {
        fr: `La ligne ${row.sourceRow} du tableau ${table.raw.index} a son état « ${before.text} » une colonne à gauche de la colonne d’état : ses cellules après l’action ont été déplacées d’une colonne à droite.`,
        en: `Row ${row.sourceRow} of table ${table.raw.index} has its status "${before.text}" one column left of the status column: its cells after the action were moved one column right.`,
      },
      this.location(table, row),
    );
    return { ...row, cells };
  }

  private readActions(
    table: ReadTable,
    template: TableTemplate,
    row: GridRow,
    source: SourceLocation,
    hasObjectiveColumn: boolean,
  ): void {
    const get = (key: ColumnKey) => this.cellOf(row, template, key);
    const isStep = template.byKey.step !== undefined;
    const textCell = isStep ? get('step') : get('text');
    const values: ActionInput = { kind: isStep ? 'step' : 'action', text: '', source };
    let hasValues = false;
    for (const key of actionValueKeys) {
      const cell = get(key);
      if (cell?.text) hasValues = true;
    }
    if (!hasObjectiveColumn || isStep) {
      for (const key of objectiveKeys) if (get(key)?.text) hasValues = true;
    }
    if (isStep && get('text')?.text) hasValues = true;
    const extra = this.readExtra(row, template);
    const customFields = this.takeCustomFields(table, template, row, extra);
    const number = this.actionNumbers.get(row);
    if (number && template.byKey.identifier === undefined) extra['N°'] = number;
    const identifierLabel =
      template.byKey.identifier === undefined
        ? null
        : template.columns[template.byKey.identifier]?.label || 'N°';
    if (Object.keys(extra).some((label) => label !== identifierLabel)) hasValues = true;
    if (Object.keys(customFields).length) hasValues = true;
    const siteCell = get('sites');
    if (!textCell?.text && !hasValues) return;

    values.responsibles = splitResponsibles(get('responsibles')?.paragraphs ?? []);
    values.indicators = splitListItems(get('indicators')?.paragraphs ?? []);
    values.conditions = joinText(get('conditions')) || null;
    values.notes = joinText(get('notes')) || null;
    values.extra = extra;
    values.customFields = customFields;
    this.readOwnObjectiveLevelFields(template, row, values, hasObjectiveColumn && !isStep);
    this.readKind(table, template, row, values);
    if (isStep) values.tasks = splitListItems(get('text')?.paragraphs ?? []);
    else if (get('tasks')?.text) values.tasks = splitListItems(get('tasks')!.paragraphs);
    this.readStatusAndDeadline(table, template, row, values);
    const priorityCell = get('priority');
    if (priorityCell?.text) {
      values.priority =
        readTemplatePriority(this.planTemplate, priorityCell.text) ?? parsePriority(priorityCell.text);
      if (values.priority === null) {
        const label = columnLabel(template, 'priority');
        values.extra = { ...values.extra, [label || 'Priorité']: priorityCell.text };
        this.builder.warn(
          'unknown-priority',
          {
            fr: `La priorité « ${priorityCell.text} » n’est ni un nombre d’étoiles ni un niveau : gardée comme champ supplémentaire.`,
            en: `Priority "${priorityCell.text}" is not a number of stars nor a level: kept as an extra field.`,
          },
          this.location(table, row, label),
        );
      }
    }
    const id = this.readNodeId(table, template, row);
    const paragraphs = textCell?.paragraphs ?? [];
    if (isStep) {
      this.addStep({ ...values, ...(id ? { id } : {}) }, paragraphs.join(' '));
      return;
    }
    const marked = template.siteMarks
      .filter((m) => row.cells[m.col]?.text.trim())
      .map((m) => this.sites.registerName(m.site));
    const groups = marked.length
      ? [{ text: paragraphs.join('\n'), sites: marked, fromSiteCell: true }]
      : this.splitBySite(paragraphs, siteCell, hasObjectiveColumn);
    if (id && groups.length > 1) {
      this.builder.warn(
        'ambiguous-id',
        {
          fr: `La ligne ${row.sourceRow} du tableau ${table.raw.index} réunit les actions de plusieurs implantations sous un seul identifiant « ${id} » : l’identifiant a été laissé de côté.`,
          en: `Row ${row.sourceRow} of table ${table.raw.index} holds the actions of several sites under one identifier "${id}": the identifier was left out.`,
        },
        this.location(table, row, columnLabel(template, 'actionId')),
      );
    }
    for (const group of groups) {
      const own = id && groups.length === 1 ? { id } : {};
      const action = this.builder.addAction({ ...values, ...own, text: group.text, sites: group.sites });
      if (group.fromSiteCell) this.siteCellActions.add(action);
      const where = this.location(table, row, columnLabel(template, 'text'));
      if (group.guessed)
        this.builder.warn(
          'site-prefix-guessed',
          {
            fr: `« ${group.sites[0]} : » au début de « ${shorten(group.text)} » a été lu comme une implantation (ni la couverture ni une colonne ne la nomme) : si ce n’en est pas une, remettez-le dans le texte et retirez l’implantation.`,
            en: `"${group.sites[0]} :" at the start of "${shorten(group.text)}" was read as a campus (no cover line or site column names it): if it is none, put it back in the text and remove the site.`,
          },
          where,
        );
      if (group.inherited)
        this.builder.warn(
          'inherited-site',
          {
            fr: `« ${shorten(group.text)} » n’a pas de préfixe d’implantation : elle a été lue comme une action de ${group.sites[0]}, l’implantation de la ligne au-dessus (sinon, préfixez-la ou rendez-la commune à toutes les implantations).`,
            en: `"${shorten(group.text)}" has no campus prefix: it was read as an action of ${group.sites[0]}, the campus of the row above (prefix it, or make it common to all sites, if not).`,
          },
          where,
        );
    }
    this.warnEmptyCells(table, template, row, !!textCell?.text, values, hasObjectiveColumn);
  }

  /**
   * References, steering level, guarantor and expected results of the action itself: from its
   * action-scoped column ("Garant de l'action") when the table has one; else from the plain
   * column when the table has no objective column (or is a road map in steps), or when rows of
   * further actions fill it too (not merged), so that it describes each action.
   */
  private readOwnObjectiveLevelFields(
    template: TableTemplate,
    row: GridRow,
    values: ActionInput,
    objectiveOwnsPlainColumns: boolean,
  ): void {
    const cellFor = (field: ObjectiveLevelKey): GridCell | null => {
      const scoped = actionScopedKeys[field];
      if (template.byKey[scoped] !== undefined) return this.cellOf(row, template, scoped);
      const cell = this.cellOf(row, template, field);
      if (!objectiveOwnsPlainColumns) return cell;
      return this.isActionLevel(row, field) && cell && !cell.mergedFromAbove ? cell : null;
    };
    const refs = cellFor('references');
    if (refs?.text) values.references = parseReferences(refs.paragraphs);
    const steering = cellFor('steeringLevel');
    if (steering?.text) values.steeringLevel = parseSteeringLevel(joinText(steering, ' '));
    const guarantor = cellFor('guarantor');
    if (guarantor?.text) values.guarantor = joinText(guarantor) || null;
    const results = cellFor('expectedResults');
    if (results?.text) values.expectedResults = splitListItems(results.paragraphs);
  }

  /** A "Type" column says whether the row is an action or a step; any other word is kept as an extra field. */
  private readKind(table: ReadTable, template: TableTemplate, row: GridRow, values: ActionInput): void {
    const cell = this.cellOf(row, template, 'kind');
    if (!cell?.text) return;
    const kind = parseActionKind(cell.text);
    if (kind) {
      values.kind = kind;
      return;
    }
    const label = columnLabel(template, 'kind') || 'Type';
    values.extra = { ...values.extra, [label]: cell.paragraphs.join('\n') };
  }

  private readonly nodeIds = new Set<string>();

  /** Jalon's identifier of the row's action or objective ("Identifiant Jalon"), when valid and not already given to another row. */
  private readNodeId(table: ReadTable, template: TableTemplate, row: GridRow): string | null {
    const id = joinText(this.cellOf(row, template, 'actionId'), ' ');
    if (!id) return null;
    const location = this.location(table, row, columnLabel(template, 'actionId'));
    if (id.length > 64 || /\s/.test(id)) {
      this.builder.warn(
        'invalid-id',
        {
          fr: `L’identifiant « ${id.slice(0, 70)} » de la ligne ${row.sourceRow} du tableau ${table.raw.index} n’est pas un identifiant Jalon (64 caractères au plus, sans espace) : laissé de côté.`,
          en: `Identifier "${id.slice(0, 70)}" of row ${row.sourceRow} of table ${table.raw.index} is not a Jalon identifier (at most 64 characters, no space): left out.`,
        },
        location,
      );
      return null;
    }
    if (this.nodeIds.has(id)) {
      this.builder.warn(
        'duplicate-id',
        {
          fr: `L’identifiant « ${id} » de la ligne ${row.sourceRow} du tableau ${table.raw.index} a déjà été donné à une ligne précédente (une ligne copiée ?) : laissé de côté.`,
          en: `Identifier "${id}" of row ${row.sourceRow} of table ${table.raw.index} was already given to an earlier row (a copied row?): left out.`,
        },
        location,
      );
      return null;
    }
    this.nodeIds.add(id);
    return id;
  }

  /** One warning per row for the values a user expects there and the row leaves empty. */
  private warnEmptyCells(
    table: ReadTable,
    template: TableTemplate,
    row: GridRow,
    hasText: boolean,
    values: ActionInput,
    hasObjectiveColumn: boolean,
  ): void {
    const missing: Array<{ what: string; quoi: string; key: ColumnKey }> = [];
    if (!hasText && !hasObjectiveColumn)
      missing.push({ what: 'action text', quoi: 'de texte d’action', key: 'text' });
    const statusKey =
      template.byKey.status !== undefined
        ? 'status'
        : template.byKey.statusDeadline !== undefined
          ? 'statusDeadline'
          : null;
    if (statusKey && !this.cellOf(row, template, statusKey)?.text)
      missing.push({ what: 'status', quoi: 'd’état', key: statusKey });
    if (template.byKey.responsibles !== undefined && (values.responsibles?.length ?? 0) === 0) {
      missing.push({ what: 'responsible', quoi: 'de responsable', key: 'responsibles' });
    }
    if (missing.length === 0) return;
    this.builder.warn(
      'empty-cell',
      {
        fr: `La ligne ${row.sourceRow} du tableau ${table.raw.index} n’a pas ${missing.map((m) => m.quoi).join(', ni ')}.`,
        en: `Row ${row.sourceRow} of table ${table.raw.index} has no ${missing.map((m) => m.what).join(', no ')}.`,
      },
      this.location(table, row, columnLabel(template, missing[0]!.key)),
    );
  }

  // Plans repeat the same few status and deadline texts on hundreds of rows: each is parsed once.
  private readonly statusCache = new Map<string, ReturnType<typeof parseStatus>>();
  private readonly deadlineCache = new Map<string, ReturnType<typeof parseDeadline>>();

  private statusOf(text: string): ReturnType<typeof parseStatus> {
    let parsed = this.statusCache.get(text);
    if (!parsed) {
      // The template's own status words ("Clôturé") win over Jalon's reading of free text.
      const word = readTemplateStatus(this.planTemplate, text);
      parsed = word
        ? { status: word.status, label: text.replace(/\s+/g, ' ').trim(), parts: [], lasting: false }
        : readStatusCell(text);
      this.statusCache.set(text, parsed);
    }
    return parsed;
  }

  private deadlineOf(text: string): ReturnType<typeof parseDeadline> {
    let parsed = this.deadlineCache.get(text);
    if (!parsed) {
      parsed = parseDeadline(text);
      this.deadlineCache.set(text, parsed);
    }
    return parsed;
  }

  private readStatusAndDeadline(
    table: ReadTable,
    template: TableTemplate,
    row: GridRow,
    values: ActionInput,
  ): void {
    const get = (key: ColumnKey) => this.cellOf(row, template, key);
    const statusText = joinText(get('status'), ' ') || joinText(get('statusDeadline'), ' ');
    const deadlineText = joinText(get('deadline'), ' ') || joinText(get('statusDeadline'), ' ');
    const code = this.readStatusCode(table, template, row, values);
    if (statusText) {
      const parsed = this.statusOf(statusText);
      values.status = code ?? parsed.status;
      values.statusLabel = parsed.label;
      if (!values.status) {
        const label = columnLabel(template, get('status') ? 'status' : 'statusDeadline');
        this.builder.warn(
          'unknown-status',
          {
            fr: `L’état « ${parsed.label} » n’est pas reconnu : gardé tel qu’écrit, sans statut canonique.`,
            en: `Status "${parsed.label}" is not recognised: kept as written, without canonical status.`,
          },
          this.location(table, row, label),
        );
      }
    }
    if (deadlineText) {
      const parsed = this.deadlineOf(deadlineText);
      if (get('deadline')?.text || parsed.period) {
        values.deadline = /^\d{4}-\d{2}-\d{2}$/.test(deadlineText.trim()) ? deadlineText.trim() : parsed.text;
        values.deadlinePeriod = parsed.period;
      }
      // "A partir de juin 2015 (en cours)": a status written in the deadline cell of a table
      // without status column (where there is one, an empty status is no status).
      const statusColumn = template.byKey.status ?? template.byKey.statusDeadline;
      if (!statusText && statusColumn === undefined && get('deadline')?.text) {
        const status = parseStatus(deadlineText);
        if (status.status) {
          values.status = code ?? status.status;
          values.statusLabel = status.label;
        }
      }
    }
    if (code && !values.status) values.status = code;
    this.readPeriodColumns(table, template, row, values);
  }

  /**
   * A "Code statut" column gives the canonical status, which wins over what the label reads as
   * (a label may name several statuses, or none the vocabulary knows).
   */
  private readStatusCode(
    table: ReadTable,
    template: TableTemplate,
    row: GridRow,
    values: ActionInput,
  ): ReturnType<typeof parseStatusCode> {
    const text = joinText(this.cellOf(row, template, 'statusCode'), ' ');
    if (!text) return null;
    const code = parseStatusCode(text);
    if (code) return code;
    const label = columnLabel(template, 'statusCode') || 'Code statut';
    values.extra = { ...values.extra, [label]: text };
    this.builder.warn(
      'unknown-status',
      {
        fr: `Le code d’état « ${text} » n’est pas l’un de ${statusCodeList} : gardé comme champ supplémentaire.`,
        en: `Status code "${text}" is not one of ${statusCodeList}: kept as an extra field.`,
      },
      this.location(table, row, label),
    );
    return null;
  }

  /**
   * "Début" and "Fin" columns give the ends of the deadline's period; an empty one leaves that
   * end as the deadline reads. A cell that is no date is kept as an extra field.
   */
  private readPeriodColumns(
    table: ReadTable,
    template: TableTemplate,
    row: GridRow,
    values: ActionInput,
  ): void {
    const edges: Array<[ColumnKey, 'from' | 'to']> = [
      ['periodStart', 'from'],
      ['periodEnd', 'to'],
    ];
    for (const [key, edge] of edges) {
      const text = joinText(this.cellOf(row, template, key), ' ');
      if (!text) continue;
      const date = parsePeriodEdge(text, edge);
      if (date) {
        values.deadlinePeriod = { from: null, to: null, ...values.deadlinePeriod, [edge]: date };
        continue;
      }
      const label = columnLabel(template, key) || (edge === 'from' ? 'Début' : 'Fin');
      values.extra = { ...values.extra, [label]: text };
      this.builder.warn(
        'unknown-date',
        {
          fr: `« ${text} » n’est pas une date : gardé comme champ supplémentaire.`,
          en: `"${text}" is not a date: kept as an extra field.`,
        },
        this.location(table, row, label),
      );
    }
  }

  private addStep(values: ActionInput, text: string): void {
    const m = /\(([^()]*)\)\s*$/.exec(text);
    const inner = m ? parseDeadline(m[1]!) : null;
    let stepText = text;
    if (m && inner?.period) {
      stepText = text.slice(0, m.index).trim();
      values.deadline ??= inner.text;
      values.deadlinePeriod ??= inner.period;
    }
    this.builder.addAction({ ...values, text: stepText, sites: [] });
  }

  /**
   * The actions of one cell, by campus: "LLN : …" starts a campus's action, following
   * paragraphs without prefix continue it; a continuation row without prefix belongs to the
   * campus of the row above, with a warning. A filled site cell gives the sites instead; an
   * empty one leaves them to prefixes, and a row without prefix is then common to all sites.
   */
  private splitBySite(
    paragraphs: string[],
    siteCell: GridCell | null,
    continuesObjective: boolean,
  ): Array<{
    text: string;
    sites: string[];
    fromSiteCell: boolean;
    inherited?: boolean;
    guessed?: boolean;
  }> {
    if (siteCell?.text) {
      const names = parseSiteCell(siteCell.paragraphs.join('\n'));
      const sites = names ? names.map((n) => this.sites.registerName(n)) : [];
      const text = paragraphs.flatMap((p) => (/^[-–•▪●]\s/.test(p) ? splitListItems([p]) : [p])).join('\n');
      return [{ text, sites, fromSiteCell: true }];
    }
    const groups: Array<{
      text: string;
      sites: string[];
      fromSiteCell: boolean;
      inherited?: boolean;
      guessed?: boolean;
    }> = [];
    // A typed list in the action cell ("- a - b") reads as one line per item.
    const lines = paragraphs.flatMap((p) => (/^[-–•▪●]\s/.test(p) ? splitListItems([p]) : [p]));
    for (const paragraph of lines) {
      const prefix = this.sites.matchPrefix(paragraph);
      if (prefix) {
        this.builder.site = prefix.code;
        groups.push({
          text: prefix.rest,
          sites: [prefix.code],
          fromSiteCell: false,
          guessed: prefix.guessed,
        });
      } else if (groups.length > 0) {
        groups[groups.length - 1]!.text += `\n${paragraph}`;
      } else {
        const site = continuesObjective && !siteCell ? this.builder.site : null;
        groups.push({ text: paragraph, sites: site ? [site] : [], fromSiteCell: false, inherited: !!site });
      }
    }
    if (groups.length === 0) groups.push({ text: '', sites: [], fromSiteCell: false });
    return groups;
  }

  private isObjectiveRow(row: GridRow, template: TableTemplate): boolean {
    const col = template.byKey.objective;
    const cell = col === undefined ? undefined : row.cells[col];
    return !!cell && !cell.mergedFromAbove && cell.text !== '';
  }

  private readExtra(row: GridRow, template: TableTemplate): Record<string, string> {
    const extra: Record<string, string> = {};
    for (const column of template.columns) {
      if (column.key !== null && column.key !== 'identifier') continue;
      if (template.siteMarks.some((m) => m.col === column.col)) continue;
      const cell = row.cells[column.col];
      if (!cell?.text || cell.spanned) continue;
      extra[column.label || `Colonne ${column.col + 1}`] = cell.paragraphs.join('\n');
    }
    return extra;
  }

  /**
   * Moves the cells of the template's own columns out of a row's extra fields into its custom
   * fields, read by the column's type; a cell the type cannot hold stays an extra field, with a
   * warning naming it.
   */
  private takeCustomFields(
    table: ReadTable,
    template: TableTemplate,
    row: GridRow,
    extra: Record<string, string>,
  ): CustomFields {
    const fields: CustomFields = {};
    if (!this.planTemplate) return fields;
    for (const column of template.columns) {
      if (column.key !== null || !column.label) continue;
      const custom = this.customByLabel.get(mappingLabelKey(column.label));
      const text = extra[column.label];
      if (!custom || text === undefined) continue;
      const parsed = parseCustomFieldValue(custom, text.split('\n'), this.planTemplate);
      if (!parsed.ok) {
        this.builder.warn(
          'custom-field-value',
          {
            fr: `« ${shorten(text)} » n’est pas ${parsed.expected.fr} (colonne « ${column.label} ») : gardé comme champ supplémentaire.`,
            en: `"${shorten(text)}" is not ${parsed.expected.en} (column "${column.label}"): kept as an extra field.`,
          },
          this.location(table, row, column.label),
        );
        continue;
      }
      delete extra[column.label];
      if (parsed.value !== undefined) fields[custom.key] = parsed.value;
    }
    return fields;
  }

  /** A text column the plan's template gains for a header it could not place. */
  private addCustomColumn(label: string): TemplateColumn {
    const template = this.planTemplate!;
    const key = columnKeyFromLabel(label, new Set(template.columns.map((c) => c.key)));
    const column = templateSchema.shape.columns.element.parse({
      key,
      label: { fr: label.slice(0, 200), en: label.slice(0, 200) },
      type: 'text',
    });
    template.columns.push(column);
    this.customByLabel.set(mappingLabelKey(label), column);
    return column;
  }

  // ---- synthesis timeline ---------------------------------------------------------------

  private readTimeline(table: ReadTable, leadIn: RawParagraph[]): void {
    if (table.layout.kind !== 'timeline') return;
    const timeline = readTimelineTable(table.grid, table.layout, table.raw.sheet ?? table.raw.index);
    const leadTitle = leadIn.length ? leadIn[leadIn.length - 1]!.text.trim() : null;
    if (leadIn.length > 1) this.flushAsSections(leadIn.slice(0, -1));
    this.timelines.push({ table: timeline, leadTitle });
  }

  private applyTimelines(): void {
    this.timelineYears = mergeTimelines(this.builder, this.timelines);
    for (const year of this.objectiveTableYears)
      if (!this.timelineYears.includes(year)) this.timelineYears.push(year);
    this.builder.orderPlacedObjectives();
  }

  private timelineYears: string[] = [];

  // ---- result ---------------------------------------------------------------------------

  private finish(): RecogniseResult {
    this.markCommonSites();
    // The plan is validated node by node below: nothing else may hold the built nodes meanwhile.
    this.siteCellActions.clear();
    this.builder.finishBuilding();
    this.sections.attachFootnotes(this.footnotes.filter((f) => !isStatusLegend(f.text)));
    const legend = this.footnotes.find((f) => isStatusLegend(f.text));
    for (const name of this.cover.campusNames) {
      if (!this.sites.list().some((s) => s.name === name)) this.sites.registerName(name);
    }
    const sheetTitle = [...this.tables.values()]
      .map((t) => t.raw.sheet)
      .find((name) => name && classifyCoverLine(name).kind === 'title');
    const title =
      this.cover.title ?? sheetTitle ?? this.sections.sections[0]?.title ?? this.file ?? "Plan d'action";
    const parsed = validatePlan({
      title,
      institution: this.cover.institution ?? this.institutionFromProse(),
      institutionDetails: this.cover.details.length ? this.cover.details.join('\n') : null,
      department: this.cover.department,
      programme: this.cover.programme,
      sites: this.sites.list(),
      period: this.timelineYears.length
        ? { from: this.timelineYears[0]!, to: this.timelineYears[this.timelineYears.length - 1]! }
        : this.cover.period,
      version: this.cover.version,
      sections: this.sections.sections,
      signatories: this.signatories,
      columns: this.planColumns ?? [],
      template: this.planTemplate,
      timelineYears: this.timelineYears,
      statusLegend: legend?.text ?? null,
      recommendations: buildRecommendationRegister(this.builder.axes, this.sections.sections),
      axes: this.builder.axes,
      warnings: this.builder.warnings,
    });
    if (!parsed.success) {
      const issue = parsed.issues[0];
      throw new JalonError(
        'INVALID_PLAN',
        {
          fr: `${this.file ?? 'Le document'} : le plan qui en a été lu n’est pas valide (${issue?.path.join('.') ?? ''} : ${issue ? describeIssue(issue, 'fr') : ''}).`,
          en: `${this.file ?? 'The document'}: the plan read from it is not valid (${issue?.path.join('.') ?? ''}: ${issue ? describeIssue(issue, 'en') : ''}).`,
        },
        { location: { file: this.file }, details: parsed.issues },
      );
    }
    const plan = parsed.data;
    return { plan, warnings: plan.warnings, reading: this.reading };
  }

  /** The institution named in the narrative sections, when the cover names none (a warning says where it came from). */
  private institutionFromProse(): string | null {
    const name = findInstitutionInProse(
      this.sections.sections.flatMap((section) => section.text.split('\n')),
    );
    if (name)
      this.builder.warn('institution-from-text', {
        fr: `Le nom de l’établissement, « ${name} », a été lu dans le texte du plan (la couverture n’en donne pas) : corrigez-le s’il ne convient pas.`,
        en: `The institution's name, "${name}", was read from the plan's text (its cover gives none): correct it if it is not right.`,
      });
    return name;
  }

  /** A site cell listing every site of the plan ("Tournai + Mouscron" in a two-site plan) means common to all. */
  private markCommonSites(): void {
    const all = this.sites.count();
    if (all < 2) return;
    for (const action of this.siteCellActions) {
      if (new Set(action.sites).size === all) action.sites = [];
    }
  }
}

function isHierarchyColumn(template: TableTemplate, col: number): boolean {
  return (
    col === template.byKey.axis ||
    col === template.byKey.subdimension ||
    col === template.byKey.generalObjective
  );
}

function sameAxis(
  axis: { number: string | null; title: string },
  heading: { number: string | null; title: string },
): boolean {
  if (heading.number !== null && axis.number !== null) return heading.number === axis.number;
  return foldText(axis.title) === foldText(heading.title);
}

const statusCodeList = statusValues.join(', ');

function shorten(text: string): string {
  const line = text.replace(/\s+/g, ' ').trim();
  return line.length > 60 ? `${line.slice(0, 57)}…` : line;
}

/** Text compared for sameness: folded, punctuation and spacing ignored. */
function comparableText(text: string): string {
  return foldText(text).replace(/\W+/g, ' ').trim();
}

function joinText(cell: GridCell | null | undefined, separator = '\n'): string {
  return cell ? cell.paragraphs.join(separator).trim() : '';
}

function columnLabel(template: TableTemplate, key: ColumnKey): string {
  const col = template.byKey[key];
  return col === undefined ? '' : (template.columns[col]?.label ?? '');
}
