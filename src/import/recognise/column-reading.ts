import {
  mappingLabelKey,
  type ColumnKey,
  type ColumnMapping,
  type ColumnReading,
  type ColumnReason,
  type ColumnRole,
  type ReadingConfidence,
  type StructureRole,
} from '../../core/column-roles.ts';
import type { LocalizedText } from '../../core/errors.ts';
import { foldText } from '../../core/text.ts';
import { columnHeaderWords, type Template } from '../../core/plan-template.ts';
import {
  groupingEvidence,
  groupSizes,
  measureColumnShapes,
  nestsWithin,
  type ColumnShape,
  type GroupingEvidence,
} from './column-shape.ts';
import { filledCells, type GridRow } from './table-grid.ts';

/** A coordinator's mapping as the recogniser applies it: by folded header label, with where each choice came from. */
export interface ResolvedMapping {
  roles: Map<string, { role: ColumnRole; origin: 'mapping' | 'remembered' | 'template' }>;
  /** The institution a remembered mapping was kept for. */
  institution: string | null;
}

/** Folds a mapping given by label (CLI, API) and, beneath it, one remembered for the institution. */
export function resolveMapping(
  mapping: ColumnMapping | undefined,
  remembered?: { mapping: ColumnMapping; institution: string } | null,
  template?: Template | null,
): ResolvedMapping | undefined {
  if (!mapping && !remembered && !template) return undefined;
  const roles: ResolvedMapping['roles'] = new Map();
  // The plan's or institution's template comes first, beneath the coordinator's choices: its
  // columns' words name Jalon's fields, or fields of its own (read as "extra", then routed to
  // the action's custom fields by the recogniser).
  for (const column of template?.columns ?? [])
    for (const word of columnHeaderWords(column)) {
      const key = mappingLabelKey(word);
      if (!roles.has(key)) roles.set(key, { role: column.field ?? 'extra', origin: 'template' });
    }
  for (const [label, role] of Object.entries(remembered?.mapping ?? {}))
    roles.set(mappingLabelKey(label), { role, origin: 'remembered' });
  for (const [label, role] of Object.entries(mapping ?? {}))
    roles.set(mappingLabelKey(label), { role, origin: 'mapping' });
  return { roles, institution: remembered?.institution ?? null };
}

/** A doubt about a column to report as a warning, once per table template. */
export interface ColumnNote {
  code: 'column-read-from-shape' | 'column-shape-disagrees' | 'mapping-duplicate-role';
  column: string;
  message: LocalizedText;
}

/** A column whose role was given rather than guessed: by the coordinator, an earlier import or the template. */
function isChosen(origin: string | undefined): boolean {
  return origin === 'mapping' || origin === 'remembered' || origin === 'template';
}

const structureKeys: ReadonlySet<ColumnKey> = new Set([
  'axis',
  'subdimension',
  'generalObjective',
  'objective',
]);

/** "Critère", "Criterion", "Standard": a header that names references or, by its shape, the axes. */
function namesCriteria(label: string): boolean {
  const folded = foldText(label);
  return /\b(criteres?|criteri(on|a)|standards?|referentiel)\b/.test(folded) && !/recommand/.test(folded);
}

function describeShape(evidence: GroupingEvidence, shape: ColumnShape): LocalizedText {
  const { min, max } = groupSizes(shape);
  const rows = min === max ? `${min}` : `${min}–${max}`;
  const frRows = min === max ? `${min}` : `${min} à ${max}`;
  if (evidence === 'merged')
    return {
      fr: `ses cellules sont fusionnées sur ${frRows} lignes`,
      en: `its cells are merged over ${rows} rows`,
    };
  if (evidence === 'repeated')
    return {
      fr: `sa valeur est répétée sur ${frRows} lignes`,
      en: `its value is written again over ${rows} rows`,
    };
  return {
    fr: `elle est remplie sur la première de ${frRows} lignes et vide dessous`,
    en: `it is filled on the first of ${rows} rows and empty below`,
  };
}

const roleWords: Record<StructureRole, LocalizedText> = {
  axis: { fr: 'les axes', en: 'the axes' },
  subdimension: { fr: 'les sous-dimensions', en: 'the sub-dimensions' },
  generalObjective: { fr: 'les objectifs généraux', en: 'the general objectives' },
  objective: { fr: 'les objectifs', en: 'the objectives' },
};

interface Level {
  col: number;
  shape: ColumnShape;
  evidence: GroupingEvidence | null;
  /** The role the header or a mapping gives; null for a column read from its shape only. */
  fixed: StructureRole | null;
  /** A "Critère" column that becomes the axes when it groups the objectives. */
  promotable: boolean;
  /** Its header names a field: reading it as a level goes against the header words. */
  againstHeader: boolean;
}

/**
 * Decides what each column of a plan table holds, from its header words, the coordinator's
 * mapping, and the table's shape: columns left of the action text whose cells are merged over
 * groups of rows, repeat a value, or are filled only at group starts are levels of the
 * structure, ordered outer to inner by how their groups nest and named from the outside in
 * (axis, then general objective, the innermost being the objective).
 */
export function readColumnRoles(input: {
  rows: GridRow[];
  headerIndex: number;
  labels: string[];
  keys: Array<ColumnKey | null>;
  mapping: ResolvedMapping | undefined;
}): {
  keys: Array<ColumnKey | null>;
  readings: ColumnReading[];
  notes: ColumnNote[];
  /** Columns named after a campus whose cells mark the actions run there. */
  siteMarks: Array<{ col: number; site: string }>;
} {
  const { rows, headerIndex, labels } = input;
  const headerRoles = [...input.keys];
  const keys = [...input.keys];
  const reasons: ColumnReason[][] = labels.map(() => []);
  const origin: Array<'header' | 'unknown' | 'mapping' | 'remembered' | 'template' | 'position' | 'shape'> =
    keys.map((k) => (k ? 'header' : 'unknown'));
  const notes: ColumnNote[] = [];
  const name = (col: number) => labels[col] || `Colonne ${col + 1}`;

  // 1. The coordinator's choices win over header words.
  const mapping = input.mapping;
  if (mapping) {
    labels.forEach((label, col) => {
      const choice = label ? mapping.roles.get(mappingLabelKey(label)) : undefined;
      if (!choice) return;
      keys[col] = choice.role === 'extra' ? null : choice.role;
      origin[col] = choice.origin;
    });
    labels.forEach((_, col) => {
      const key = keys[col];
      if (!key || !isChosen(origin[col])) return;
      keys.forEach((other, c) => {
        if (c === col || other !== key) return;
        if (isChosen(origin[c])) {
          if (c > col) {
            keys[c] = null;
            notes.push({
              code: 'mapping-duplicate-role',
              column: name(c),
              message: {
                fr: `La colonne « ${name(c)} » a reçu le même rôle que la colonne « ${name(col)} » : seule la première le garde, l’autre reste un champ supplémentaire.`,
                en: `Column "${name(c)}" was given the same role as column "${name(col)}": only the first holds it, the other is kept as an extra field.`,
              },
            });
          }
        } else keys[c] = null;
      });
    });
  }

  // 2. An unlabelled first column, in a table without objective column, holds the objectives (seed 000).
  if (!labels[0] && origin[0] === 'unknown' && !keys.includes('objective')) {
    keys[0] = 'objective';
    origin[0] = 'position';
  }

  // 3. Columns named after a campus, holding only marks ("Namur | Charleroi" with "x").
  const siteMarks: Array<{ col: number; site: string }> = [];
  labels.forEach((label, col) => {
    const chosen = isChosen(origin[col]);
    if (!label) return;
    if (chosen ? keys[col] !== 'sites' : origin[col] !== 'unknown') return;
    if (!chosen && (label.length > 40 || !holdsOnlyMarks(rows.slice(headerIndex + 1), col))) return;
    siteMarks.push({ col, site: label });
    keys[col] = null;
    if (!chosen) origin[col] = 'shape';
  });
  // Chosen for one column only, "sites" is that column's: a list of sites, not marks.
  const onlyMark = siteMarks.length === 1 ? siteMarks[0]! : null;
  if (onlyMark && isChosen(origin[onlyMark.col])) {
    keys[onlyMark.col] = 'sites';
    siteMarks.pop();
  }
  const markCols = new Set(siteMarks.map((m) => m.col));

  // 4. The table's shape: which columns left of the action text group its rows.
  const textCol = keys.indexOf('text') >= 0 ? keys.indexOf('text') : keys.indexOf('step');
  // Shapes of the columns that may be levels: left of the action text, or naming a level right of it.
  const measured = labels
    .map((_, col) => col)
    .filter((col) => col < textCol || (col > textCol && namesLevel(labels[col]!)));
  const shapes =
    textCol >= 0 && measured.length > 0 ? measureShapes(rows, headerIndex, labels, textCol, measured) : null;
  const levels: Level[] = [];
  if (shapes) {
    const objectiveColumn = keys.includes('objective') || keys.includes('generalObjective');
    for (const col of measured) {
      if (markCols.has(col)) continue;
      const shape = shapes.get(col)!;
      const key = keys[col];
      const chosen = isChosen(origin[col]);
      const evidence = groupingEvidence(shape, true);
      if (col > textCol) {
        // Right of the action, only a column whose header names a level ("Objectif visé"),
        // filling groups, in a table with no objective column, is one.
        if (!chosen && !objectiveColumn && evidence && namesLevel(labels[col]!) && shape.starts.length > 1)
          levels.push({ col, shape, evidence, fixed: null, promotable: false, againstHeader: key !== null });
        continue;
      }
      if (key && structureKeys.has(key))
        levels.push({
          col,
          shape,
          evidence,
          fixed: key as StructureRole,
          promotable: false,
          againstHeader: false,
        });
      else if (chosen) continue;
      else if (key === null && evidence)
        levels.push({ col, shape, evidence, fixed: null, promotable: false, againstHeader: false });
      else if (key === 'references' && evidence && namesCriteria(labels[col]!))
        levels.push({ col, shape, evidence, fixed: null, promotable: true, againstHeader: true });
    }
  }
  // Outer to inner: fewer groups first; a level read from shape must nest within the one outside it.
  levels.sort((a, b) => a.shape.starts.length - b.shape.starts.length || a.col - b.col);
  const chain: Level[] = [];
  for (const level of levels) {
    const outer = chain.at(-1);
    if (level.fixed || !outer || nestsWithin(level.shape, outer.shape)) chain.push(level);
  }
  const taken = new Set<StructureRole>(chain.flatMap((l) => (l.fixed ? [l.fixed] : [])));
  chain.forEach((level, i) => {
    if (level.fixed) return;
    const innermost = i === chain.length - 1;
    const outermost = i === 0;
    let role: StructureRole | null = null;
    if (level.promotable) {
      // A criterion column is the axes only when objectives sit within it.
      const objectivesInside = chain.slice(i + 1).some((l) => l.fixed === 'objective' || !l.promotable);
      if (outermost && !taken.has('axis') && (objectivesInside || !chain.slice(i + 1).length)) role = 'axis';
    } else if (innermost && !taken.has('objective')) role = 'objective';
    else if (outermost && !taken.has('axis')) role = 'axis';
    else if (!taken.has('generalObjective')) role = 'generalObjective';
    else if (!taken.has('subdimension')) role = 'subdimension';
    if (!role) return;
    taken.add(role);
    level.fixed = role;
    keys[level.col] = role;
    origin[level.col] = 'shape';
    const label = name(level.col);
    const shapeText = describeShape(level.evidence!, level.shape);
    if (level.againstHeader && !level.promotable)
      notes.push({
        code: 'column-shape-disagrees',
        column: label,
        message: {
          fr: `L’en-tête de la colonne « ${label} » nomme un champ de chaque action, mais ${shapeText.fr} : elle a été lue comme ${roleWords[role].fr}.`,
          en: `Column "${label}" names a field of each action by its header, but ${shapeText.en}: it was read as ${roleWords[role].en}.`,
        },
      });
    else if (level.promotable)
      notes.push({
        code: 'column-shape-disagrees',
        column: label,
        message: {
          fr: `L’en-tête de la colonne « ${label} » nomme des références, mais ${shapeText.fr} autour des objectifs : elle a été lue comme ${roleWords[role].fr}.`,
          en: `Column "${label}" names references by its header, but ${shapeText.en} around the objectives: it was read as ${roleWords[role].en}.`,
        },
      });
    else
      notes.push({
        code: 'column-read-from-shape',
        column: label,
        message: {
          fr: `La colonne « ${label} » n’a pas d’en-tête connu, mais ${shapeText.fr} : elle a été lue comme ${roleWords[role].fr} (changez son rôle si ce n’en sont pas).`,
          en: `Column "${label}" has no known header, but ${shapeText.en}: it was read as ${roleWords[role].en} (change the column's role if it is not).`,
        },
      });
  });

  // 4. Reasons and confidence, for the preview.
  const chainByCol = new Map(chain.map((l, i) => [l.col, { level: l, outer: chain[i - 1] }]));
  const readings: ColumnReading[] = labels.map((label, col) => {
    const why = reasons[col]!;
    const key = keys[col] ?? null;
    const role: ColumnRole = key ?? 'extra';
    const inChain = chainByCol.get(col);
    const shapeReason = (level: Level): ColumnReason | null => {
      if (!level.evidence) return null;
      const { min, max } = groupSizes(level.shape);
      return { code: level.evidence, min, max };
    };
    const mark = siteMarks.find((m) => m.col === col);
    if (origin[col] === 'mapping') why.push({ code: 'mapping' });
    else if (origin[col] === 'remembered')
      why.push({ code: 'remembered', institution: mapping?.institution ?? '' });
    else if (origin[col] === 'position') why.push({ code: 'position' });
    else if (origin[col] === 'template') why.push({ code: 'header', label });
    else if (headerRoles[col]) why.push({ code: 'header', label });
    else if (label) why.push({ code: 'unknown-header', label });
    if (mark && origin[col] === 'shape') why.push({ code: 'site-marks', site: mark.site });
    if (inChain) {
      const reason = shapeReason(inChain.level);
      if (reason) why.push(reason);
      if (inChain.outer) why.push({ code: 'nested', within: name(inChain.outer.col) });
    }
    let level: ReadingConfidence = 'high';
    if (mark) level = origin[col] === 'shape' ? 'medium' : 'high';
    else if (origin[col] === 'shape')
      level = inChain?.level.evidence === 'group-starts' || inChain?.level.againstHeader ? 'low' : 'medium';
    else if (origin[col] === 'position') level = 'medium';
    else if (origin[col] === 'unknown') level = 'low';
    else if (
      origin[col] === 'header' &&
      key &&
      structureKeys.has(key) &&
      shapes &&
      col < textCol &&
      !inChain?.level.evidence
    ) {
      why.push({ code: 'varies' });
      level = 'medium';
    }
    return {
      column: col,
      label,
      role: mark ? 'sites' : role,
      confidence: level,
      reasons: why,
      headerRole: headerRoles[col] !== key ? (headerRoles[col] ?? 'extra') : null,
    };
  });
  return { keys, readings, notes, siteMarks };
}

const marks = /^(x|✓|✔|☑|•|●|oui|yes)$/i;

/** Whether a column's cells below the header hold only marks ("x", "✓"), at least one. */
function holdsOnlyMarks(rows: GridRow[], col: number): boolean {
  let marked = 0;
  for (const row of rows) {
    const cell = row.cells[col];
    if (!cell || cell.spanned || !cell.text.trim()) continue;
    if (!marks.test(cell.text.trim())) return false;
    marked += 1;
  }
  return marked > 0;
}

/** Whether most cells of a row are header labels (the header repeated on a new page). */
function repeatsLabels(
  cells: Array<{ cell: { text: string } }>,
  header: ReadonlySet<string>,
  lengths: ReadonlySet<number>,
): boolean {
  const needed = 0.6 * cells.length;
  let same = 0;
  let missed = 0;
  for (const { cell } of cells) {
    // Only a cell as long as a label (give or take spacing) is folded; a few misses settle it.
    const fits = lengths.has(cell.text.length);
    if (fits && header.has(foldText(cell.text.replace(/\s+/g, ' ').trim()))) same += 1;
    else if (++missed > cells.length - needed) return false;
  }
  return same >= needed;
}

/** A header naming a level of the structure ("Objectif visé", "Thème"). */
function namesLevel(label: string): boolean {
  return /\b(objectifs?|objectives?|goals?|axes?|axis|themes?|domaines?|chantiers?|enjeux?)\b/.test(
    foldText(label),
  );
}

/**
 * The shape of each column over the table's action rows: after the header, without empty rows,
 * rows repeating the header, and title rows (one filled cell, outside the action column or
 * spanning several columns), which break every group.
 */
function measureShapes(
  rows: GridRow[],
  headerIndex: number,
  labels: string[],
  textCol: number,
  columns: readonly number[],
): Map<number, ColumnShape> {
  const header = new Set(labels.filter(Boolean).map((l) => foldText(l)));
  const labelLengths = new Set(
    labels.filter(Boolean).flatMap((l) => [-2, -1, 0, 1, 2].map((d) => l.length + d)),
  );
  const actionRows: GridRow[] = [];
  const breaks = new Set<number>();
  let afterTitle = false;
  for (const row of rows.slice(headerIndex + 1)) {
    const filled = filledCells(row).filter(({ cell }) => !cell.spanned && !cell.mergedFromAbove);
    const all = filledCells(row).filter(({ cell }) => !cell.spanned);
    if (all.length === 0) continue;
    if (all.length >= 2 && repeatsLabels(all, header, labelLengths)) continue;
    if (
      filled.length === 1 &&
      all.length === 1 &&
      (filled[0]!.cell.colSpan > 1 || filled[0]!.col !== textCol)
    ) {
      afterTitle = true;
      continue;
    }
    if (afterTitle) breaks.add(actionRows.length);
    afterTitle = false;
    actionRows.push(row);
  }
  return measureColumnShapes(actionRows, columns, breaks);
}
