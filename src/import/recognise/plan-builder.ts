import type { TermSlot } from '../../core/academic-calendar.ts';
import {
  actionSchema,
  axisSchema,
  objectiveSchema,
  subdimensionSchema,
  type Action,
  type ActionInput,
  type Axis,
  type Objective,
  type PlanWarning,
  type SourceLocation,
  type Subdimension,
} from '../../core/plan-schema.ts';
import type { LocalizedText } from '../../core/errors.ts';
import type { SteeringLevel } from '../../core/steering-level.ts';
import { foldText } from '../../core/text.ts';
import { TitleIndex } from './title-index.ts';
import { isSameTitle, titleSimilarity } from './title-similarity.ts';

/** The objective-level values a detailed table row carries next to the objective's title. */
export interface ObjectiveFields {
  references: string[];
  steeringLevel: SteeringLevel | null;
  guarantor: string | null;
  expectedResults: string[];
}

const axisPattern =
  /^(?:axe|axis|pilier|pillar|priorit[ée]\s+strat[ée]gique|strategic\s+priority|chapitre|chapter|domaine)\s*(?:n[°o]\s*)?(\d+|[IVX]+)\b\s*[:.–—-]?\s*([\s\S]*)$/i;
const subdimensionPattern = /^(\d+)\.(\d+)\.?\s+(\S[\s\S]*)$/;

/** "Axe 1 : L'accompagnement…" → number and title. */
export function readAxisHeading(text: string): { number: string; title: string } | null {
  const m = axisPattern.exec(text.trim());
  return m ? { number: m[1]!, title: m[2]!.trim() } : null;
}

const levelWordPrefix =
  /^(?:axe|axis|critere|criterion|dimension|standard|theme|domaine|domain|enjeu|chantier|volet|pilier|pillar|priority area|area|objectif|objective|goal|aim|sujet|subject|topic|priorite|priority)s?\s*(?:n[°o]\s*)?(\d+(?:\.\d+)*|[ivx]+|[a-z])\s*[:.)–—-]?\s+(?=\S)/;
/** A code before the title: "OS 1 –", "LA 1.1 –", "WS2", "C3 :". */
const codePrefix =
  /^([A-Z]{1,4}\d+(?:\.\d+)*)\s*[:.–—-]?\s+(?=\S)|^([A-Z]{1,4} \d+(?:\.\d+)*)\s*[:.–—-]\s+(?=\S)/;
const outlinePrefix =
  /^(\d+(?:\.\d+)+)\.?\s+(?=\S)|^(\d{1,3})\s*[.):–—-]\s*(?=\S)|^([IVXLC]+|[A-Z])[.)]\s+(?=\S)/;

/**
 * The title of a level as a grouping column or a title row writes it, without its number:
 * "Critère 1 – Politique qualité", "Chantier 2 : Stages", "1.2 Formaliser…", "A. Diversifier…".
 * A number glued to a word ("2 ateliers") is part of the title.
 */
export function readLevelTitle(text: string): { number: string | null; title: string } {
  const clean = text.replace(/\s+/g, ' ').trim();
  // Most titles start with a plain word and hold no number early on: nothing to take off.
  if (
    !/^[\p{L}]{1,16}(?: [\p{L}]{1,16})?\s*(?:n[°o]\s*)?[\dIVXivx]|^\d|^[IVXLC]+[.)]|^[A-Z][.)]|^[A-Z]{1,4}\d/u.test(
      clean,
    )
  )
    return { number: null, title: clean };
  const word = levelWordPrefix.exec(foldKeepingLength(clean));
  if (word) return { number: word[1]!.toUpperCase(), title: clean.slice(word[0].length).trim() };
  const code = codePrefix.exec(clean);
  if (code) return { number: (code[1] ?? code[2])!, title: clean.slice(code[0].length).trim() };
  const outline = outlinePrefix.exec(clean);
  if (outline)
    return {
      number: (outline[1] ?? outline[2] ?? outline[3])!,
      title: clean.slice(outline[0].length).trim(),
    };
  return { number: null, title: clean };
}

/** Lower case without accents, one character for one: positions in it are positions in the text. */
function foldKeepingLength(text: string): string {
  return text
    .replace(/[^ -~]/g, (c) => {
      const base = c.normalize('NFD').charAt(0);
      return base !== c && base.length === 1 ? base : c;
    })
    .toLowerCase();
}

/** "2.1. A travers les stages" → number and title. */
export function readSubdimensionHeading(text: string): { number: string; title: string } | null {
  const m = subdimensionPattern.exec(text.trim());
  return m ? { number: `${m[1]}.${m[2]}`, title: m[3]!.trim() } : null;
}

/**
 * Builds the plan's hierarchy as rows are read: the current axis, sub-dimension, general
 * objective and objective, merging an objective written again when a table continues on
 * a new page, and collecting warnings with their location.
 */
export class PlanBuilder {
  readonly axes: Axis[] = [];
  readonly warnings: PlanWarning[] = [];
  axis: Axis | null = null;
  subdimension: Subdimension | null = null;
  general: Objective | null = null;
  objective: Objective | null = null;
  /** The campus of the last prefixed local action, for continuation rows without prefix. */
  site: string | null = null;
  /** The table the open objective was last written in. */
  private objectiveTable: number | string | undefined;
  private readonly file: string | undefined;

  constructor(file: string | undefined) {
    this.file = file;
  }

  /** A doubt met while reading, in both languages (`message` is the English one), with where it is. */
  warn(code: string, message: LocalizedText, location: Omit<SourceLocation, 'file'> = {}): void {
    this.warnings.push({
      code,
      message: message.en,
      texts: message,
      location: { file: this.file, ...location },
    });
  }

  private currentAxis(): Axis {
    if (!this.axis) {
      this.axis = axisSchema.parse({ title: '' });
      this.axes.push(this.axis);
    }
    return this.axis;
  }

  /** Where objectives and actions go when no objective is open: the sub-dimension, else the axis. */
  private container(): { objectives: Objective[]; actions: Action[] } {
    return this.subdimension ?? this.currentAxis();
  }

  startAxis(number: string | null, title: string): Axis {
    const existing = this.axes.find(
      (a) =>
        (number !== null && a.number === number && (!title || !a.title || isSameTitle(a.title, title))) ||
        // The same title under another number is another axis (a generated plan may repeat titles).
        (title && a.title && (number === null || a.number === null) && isSameTitle(a.title, title)),
    );
    const axis = existing ?? axisSchema.parse({ number, title });
    if (!existing) this.axes.push(axis);
    if (existing && !existing.title && title) existing.title = title;
    this.axis = axis;
    this.subdimension = null;
    this.general = null;
    this.objective = null;
    this.site = null;
    return axis;
  }

  startSubdimension(number: string | null, title: string): void {
    const axis = this.currentAxis();
    const existing = axis.subdimensions.find(
      (s) => (number !== null && s.number === number) || isSameTitle(s.title, title),
    );
    const sub = existing ?? subdimensionSchema.parse({ number, title });
    if (!existing) axis.subdimensions.push(sub);
    this.subdimension = sub;
    this.general = null;
    this.objective = null;
    this.site = null;
  }

  private titleIndexes = new WeakMap<
    Objective[],
    { index: TitleIndex<Objective>; last: Objective | undefined }
  >();

  /**
   * The objectives of a list that have this title, in list order. Long lists (a large sheet
   * opens thousands of objectives) are looked up through an index instead of title by title.
   */
  private sameTitle(list: Objective[], title: string): Objective[] {
    if (list.length <= 16) return list.filter((o) => isSameTitle(o.title, title));
    let entry = this.titleIndexes.get(list);
    // Lists grow at their end while tables are read; a list changed otherwise is indexed again.
    if (!entry || entry.index.size > list.length || list[entry.index.size - 1] !== entry.last) {
      entry = { index: new TitleIndex((o: Objective) => o.title), last: undefined };
      this.titleIndexes.set(list, entry);
    }
    for (let i = entry.index.size; i < list.length; i++) entry.index.add(list[i]!);
    entry.last = list[list.length - 1];
    return entry.index.findSame(title);
  }

  /** Opens a general objective (a row or heading with only a title), reusing one of the same title. */
  startGeneral(title: string, source: SourceLocation): Objective {
    const list = this.container().objectives;
    const existing = this.sameTitle(list, title)[0];
    const objective = existing ?? newObjective({ title, source });
    if (!existing) this.adopt(list, objective);
    this.general = objective;
    this.objective = objective;
    this.site = null;
    return objective;
  }

  /**
   * Opens an operational objective under the current general objective. The same objective
   * written again (a table continued on a new page) is merged with a warning; a title written
   * again with different steering, guarantor or expected results stays a separate objective.
   */
  startObjective(
    title: string,
    fields: ObjectiveFields,
    source: SourceLocation,
    /** The objective's number as the document writes it before the title ("Objectif 3 :"), kept as its "N°". */
    number: string | null = null,
  ): Objective {
    // Another number is another objective, whatever its title.
    const sameNumber = (o: Objective) => number === null || (o.extra['N°'] ?? number) === number;
    // A title row that already owns actions was an objective of its own, not a general one: the next objective is its sibling.
    if (this.general && this.general.actions.length > 0 && this.general.objectives.length === 0) {
      this.general = null;
    }
    const list = this.general ? this.general.objectives : this.container().objectives;
    this.site = null;
    // A flat table repeats the objective on each of its rows: the same objective on the next row of the same table is no repeat.
    const current = this.objective;
    if (
      current &&
      list.includes(current) &&
      source.table === this.objectiveTable &&
      isSameTitle(current.title, title) &&
      sameNumber(current) &&
      differences(current, fields) !== null
    ) {
      fillMissing(current, fields);
      return current;
    }
    const sameTitle = this.sameTitle(list, title).filter(sameNumber);
    const compatible = sameTitle.find((o) => differences(o, fields) !== null);
    this.objectiveTable = source.table;
    if (compatible) {
      const diff = differences(compatible, fields) ?? [];
      const variants = {
        fr: diff.length
          ? ` Libellé gardé de la première occurrence ; la reprise dit : ${diff.map((d) => d.fr).join(' ; ')}.`
          : '',
        en: diff.length
          ? ` Wording kept from the first occurrence; the repeat says: ${diff.map((d) => d.en).join('; ')}.`
          : '',
      };
      this.warn(
        'repeated-objective',
        {
          fr: `L’objectif « ${shorten(title)} » est répété (tableau continué sur une autre page ?) : ses actions ont été réunies dans la première occurrence.${variants.fr}`,
          en: `Objective "${shorten(title)}" is repeated (table continued on another page?): its actions were merged into the first occurrence.${variants.en}`,
        },
        { table: source.table, row: source.row },
      );
      fillMissing(compatible, fields);
      this.objective = compatible;
      return compatible;
    }
    if (sameTitle.length > 0) {
      this.warn(
        'repeated-objective-title',
        {
          fr: `L’objectif « ${shorten(title)} » revient avec un autre niveau de pilotage, garant ou résultat attendu : gardé comme un objectif distinct.`,
          en: `Objective "${shorten(title)}" appears again with a different steering level, guarantor or expected results: kept as a separate objective.`,
        },
        { table: source.table, row: source.row },
      );
    }
    const objective = newObjective({
      title,
      ...fields,
      source,
      ...(number ? { extra: { 'N°': number } } : {}),
    });
    this.adopt(list, objective);
    this.objective = objective;
    return objective;
  }

  /** Opens an objective that owns actions directly (a heading before a step table or an action-first table). */
  startOwnObjective(title: string, source: SourceLocation, nested: boolean): Objective {
    if (!nested) return this.startGeneral(title, source);
    const list = this.general ? this.general.objectives : this.container().objectives;
    const existing = this.sameTitle(list, title)[0];
    const objective = existing ?? newObjective({ title, source });
    if (!existing) this.adopt(list, objective);
    this.objective = objective;
    this.site = null;
    return objective;
  }

  /** Objectives described by rows of a table of objectives, in the order of those rows. */
  private readonly placed: Objective[] = [];
  private readonly placedSet = new Set<Objective>();
  private readonly lastPlacedByTitle = new Map<string, Objective>();
  private placedIndex = new TitleIndex((o: Objective) => o.title);

  /** Every objective the builder put in a container's tree, and the list holding each: lookups of a table of objectives without walking the tree on each row. */
  private registries = new Map<object, ObjectiveRegistry>();
  private holders = new Map<Objective, Objective[]>();

  private registryOf(container: object): ObjectiveRegistry {
    let registry = this.registries.get(container);
    if (!registry) {
      registry = { byTitle: new Map(), index: new TitleIndex((o: Objective) => o.title) };
      this.registries.set(container, registry);
    }
    return registry;
  }

  /** Puts a new objective in a list of the current container's tree. */
  private adopt(list: Objective[], objective: Objective): void {
    list.push(objective);
    this.holders.set(objective, list);
    const registry = this.registryOf(this.container());
    const same = registry.byTitle.get(objective.title);
    if (same) same.push(objective);
    else registry.byTitle.set(objective.title, [objective]);
    registry.index.add(objective);
  }

  /**
   * The objective a row of a table of objectives describes (Jalon's "Objectifs" sheet): in the
   * current axis or sub-dimension, the first objective of that title no earlier row described
   * (the same title may head two objectives), moved under the parent the row names if it sits
   * elsewhere; a new objective when the detailed tables had none (one without actions).
   * "First" is in the tree's depth-first order; titles match exactly first, then as
   * `isSameTitle` does.
   */
  placeObjective(title: string, parentTitle: string | null, source: SourceLocation): Objective {
    const container = this.container();
    const registry = this.registryOf(container);
    let order: Map<Objective, number> | null = null;
    const first = (candidates: Objective[]): Objective | undefined => {
      if (candidates.length <= 1) return candidates[0];
      order ??= new Map(objectiveTree(container.objectives).map((e, i) => [e.objective, i]));
      const rank = (o: Objective) => order!.get(o) ?? Number.POSITIVE_INFINITY;
      return candidates.reduce((best, o) => (rank(o) < rank(best) ? o : best));
    };
    const inTree = (wanted: string, keep: (o: Objective) => boolean = () => true) =>
      first((registry.byTitle.get(wanted) ?? []).filter(keep)) ??
      first(registry.index.findSame(wanted).filter(keep));
    const parent = parentTitle
      ? (this.lastPlacedByTitle.get(parentTitle) ??
        this.placedIndex.findSame(parentTitle).at(-1) ??
        inTree(parentTitle) ??
        this.startGeneral(parentTitle, source))
      : null;
    const list = parent ? parent.objectives : container.objectives;
    const found = inTree(title, (o) => !this.placedSet.has(o) && o !== parent);
    let objective: Objective;
    if (found) {
      objective = found;
      const holder =
        this.holders.get(found) ??
        objectiveTree(container.objectives).find((e) => e.objective === found)!.list;
      if (holder !== list) {
        this.titleIndexes.delete(holder);
        holder.splice(holder.indexOf(objective), 1);
        list.push(objective);
        this.holders.set(objective, list);
      }
    } else {
      objective = newObjective({ title, source });
      this.adopt(list, objective);
    }
    this.placed.push(objective);
    this.placedSet.add(objective);
    this.lastPlacedByTitle.set(objective.title, objective);
    this.placedIndex.add(objective);
    this.general = parent;
    this.objective = objective;
    return objective;
  }

  /**
   * Puts sibling objectives in the order a table of objectives gave them (the detailed tables
   * only know objectives that have actions); others stay after the objective they followed.
   */
  orderPlacedObjectives(): void {
    if (this.placed.length === 0) return;
    const rank = new Map(this.placed.map((objective, i) => [objective, i]));
    const order = (list: Objective[]) => {
      let previous = -1;
      const keyed = list.map((objective) => {
        const own = rank.get(objective);
        previous = own ?? previous + 0.001;
        return { objective, key: previous };
      });
      keyed.sort((a, b) => a.key - b.key);
      this.titleIndexes.delete(list);
      list.splice(0, list.length, ...keyed.map((k) => k.objective));
      list.forEach((objective) => order(objective.objectives));
    };
    for (const axis of this.axes) {
      order(axis.objectives);
      axis.subdimensions.forEach((sub) => order(sub.objectives));
    }
  }

  /** Drops what the builder keeps to look objectives up, once the plan is complete (a large sheet's indexes are large). */
  finishBuilding(): void {
    this.titleIndexes = new WeakMap();
    this.placed.length = 0;
    this.placedSet.clear();
    this.lastPlacedByTitle.clear();
    this.placedIndex = new TitleIndex((o: Objective) => o.title);
    this.registries = new Map();
    this.holders = new Map();
    this.axis = null;
    this.subdimension = null;
    this.general = null;
    this.objective = null;
  }

  /** Closes the open objectives: the next actions go straight under the sub-dimension or axis. */
  closeObjectives(): void {
    this.general = null;
    this.objective = null;
    this.site = null;
  }

  addAction(input: ActionInput): Action {
    const action = newAction(input);
    (this.objective ?? this.container()).actions.push(action);
    return action;
  }

  /** Every objective of the axis, general ones first in each branch, with their depth. */
  objectivesOf(axis: Axis): Array<{ objective: Objective; parent: Objective | null }> {
    const out: Array<{ objective: Objective; parent: Objective | null }> = [];
    const visit = (list: Objective[], parent: Objective | null) => {
      for (const objective of list) {
        out.push({ objective, parent });
        visit(objective.objectives, objective);
      }
    };
    visit(axis.objectives, null);
    for (const sub of axis.subdimensions) visit(sub.objectives, null);
    return out;
  }

  /** The objective of the axis whose title is closest to `title`, when close enough. */
  findObjective(
    axis: Axis,
    title: string,
    threshold: number,
  ): { objective: Objective; parent: Objective | null } | null {
    let best: { objective: Objective; parent: Objective | null; score: number } | null = null;
    for (const entry of this.objectivesOf(axis)) {
      const score = titleSimilarity(entry.objective.title, title);
      if (score >= threshold && (!best || score > best.score)) best = { ...entry, score };
    }
    return best;
  }

  findAxis(title: string): Axis | null {
    let best: { axis: Axis; score: number } | null = null;
    for (const axis of this.axes) {
      const score = titleSimilarity(axis.title, title);
      if (score >= 0.75 && (!best || score > best.score)) best = { axis, score };
    }
    return best?.axis ?? null;
  }

  /** Adds the synthesis timeline of an objective (quadrimesters, scope, new flag, completion note). */
  applyTimeline(
    objective: Objective,
    entry: { slots: TermSlot[]; scope: 'all' | 'some' | null; isNew: boolean; completionNote: string | null },
  ): void {
    for (const slot of entry.slots) {
      if (!objective.timeline.some((s) => s.year === slot.year && s.term === slot.term))
        objective.timeline.push(slot);
    }
    objective.scope = entry.scope ?? objective.scope;
    objective.isNew = objective.isNew || entry.isNew;
    if (entry.completionNote) {
      objective.completionNote = objective.completionNote
        ? `${objective.completionNote} ${entry.completionNote}`
        : entry.completionNote;
    }
  }
}

const actionDefaults = actionSchema.parse({ text: '' });
const objectiveDefaults = objectiveSchema.parse({ title: '' });

/**
 * A new action or objective: the format's defaults, then what the row gave, with its own copy
 * of every list and record. The whole plan is validated once when it is complete
 * (recognisePlan), instead of one schema parse per row of a large sheet.
 */
function withDefaults<T extends object>(defaults: T, input: object): T {
  const out: Record<string, unknown> = {};
  for (const [key, value] of [...Object.entries(defaults), ...Object.entries(input)]) {
    if (value === undefined) continue;
    out[key] = Array.isArray(value) ? [...value] : value && typeof value === 'object' ? { ...value } : value;
  }
  return out as T;
}

export function newAction(input: ActionInput): Action {
  return withDefaults(actionDefaults, input);
}

export function newObjective(input: Pick<Objective, 'title'> & Partial<Objective>): Objective {
  return withDefaults(objectiveDefaults, input);
}

interface ObjectiveRegistry {
  byTitle: Map<string, Objective[]>;
  index: TitleIndex<Objective>;
}

/** Every objective under a list, depth first, with the list that holds it. */
function objectiveTree(objectives: Objective[]): Array<{ objective: Objective; list: Objective[] }> {
  const out: Array<{ objective: Objective; list: Objective[] }> = [];
  const visit = (list: Objective[]) => {
    for (const objective of list) {
      out.push({ objective, list });
      visit(objective.objectives);
    }
  };
  visit(objectives);
  return out;
}

function shorten(text: string): string {
  return text.length > 70 ? `${text.slice(0, 67)}…` : text;
}

function sameText(a: string, b: string): boolean {
  return foldText(a).replace(/\W+/g, ' ').trim() === foldText(b).replace(/\W+/g, ' ').trim();
}

/**
 * null when the fields contradict the objective's (another steering level, guarantor or
 * expected results); otherwise the wording differences worth reporting (possibly none).
 */
function differences(objective: Objective, fields: ObjectiveFields): LocalizedText[] | null {
  const diff: LocalizedText[] = [];
  if (
    objective.steeringLevel &&
    fields.steeringLevel &&
    objective.steeringLevel.value !== fields.steeringLevel.value
  )
    return null;
  if (objective.guarantor && fields.guarantor && !isSameTitle(objective.guarantor, fields.guarantor))
    return null;
  const a = objective.expectedResults.join(' ');
  const b = fields.expectedResults.join(' ');
  if (a && b && !sameText(a, b)) {
    if (titleSimilarity(a, b) < 0.8) return null;
    diff.push({ fr: `résultats attendus « ${b} »`, en: `expected results "${b}"` });
  }
  if (objective.guarantor && fields.guarantor && !sameText(objective.guarantor, fields.guarantor))
    diff.push({ fr: `garant « ${fields.guarantor} »`, en: `guarantor "${fields.guarantor}"` });
  if (
    objective.steeringLevel &&
    fields.steeringLevel &&
    !sameText(objective.steeringLevel.label, fields.steeringLevel.label)
  ) {
    diff.push({
      fr: `niveau de pilotage « ${fields.steeringLevel.label} »`,
      en: `steering level "${fields.steeringLevel.label}"`,
    });
  }
  const refsA = objective.references.map((r) => foldText(r)).join('|');
  const refsB = fields.references.map((r) => foldText(r)).join('|');
  if (refsA && refsB && refsA !== refsB)
    diff.push({
      fr: `références « ${fields.references.join(', ')} »`,
      en: `references "${fields.references.join(', ')}"`,
    });
  return diff;
}

function fillMissing(objective: Objective, fields: ObjectiveFields): void {
  if (objective.references.length === 0) objective.references = fields.references;
  objective.steeringLevel ??= fields.steeringLevel;
  objective.guarantor ??= fields.guarantor;
  if (objective.expectedResults.length === 0) objective.expectedResults = fields.expectedResults;
}
