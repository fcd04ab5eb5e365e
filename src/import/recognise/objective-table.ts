import type { Objective } from '../../core/plan-schema.ts';
import { parseSteeringLevel } from '../../core/steering-level.ts';
import type { ColumnKey } from '../column-synonyms.ts';
import { parseReferences, parseScope, parseSiteCell, parseYesNo, splitListItems } from './cell-values.ts';
import type { SiteDirectory } from './site-directory.ts';
import type { GridRow } from './table-grid.ts';
import type { TableTemplate } from './table-layout.ts';

/** Keys a row of a table of objectives reads into the objective (or uses to place it); the others go to its extra fields. */
const objectiveRowKeys: ReadonlySet<ColumnKey> = new Set<ColumnKey>([
  'axis',
  'subdimension',
  'generalObjective',
  'objective',
  'parentObjective',
  'references',
  'steeringLevel',
  'guarantor',
  'expectedResults',
  'notes',
  'scope',
  'sites',
  'isNew',
  'completionNote',
  'timelineSlot',
  'actionId',
  'identifier',
]);

/**
 * What a row of a table of objectives (Jalon's "Objectifs" sheet) says about its objective:
 * references, steering level, guarantor, expected results, notes, scope and sites, new flag,
 * completion note, and the quadrimesters whose cells hold a mark ("■" all sites, "□" some).
 * Filled cells replace the objective's values; a value no field reads (a scope "partout", an
 * action column) joins the given extra fields. Returns the academic years the marks fall in.
 */
export function applyObjectiveRow(
  objective: Objective,
  template: TableTemplate,
  row: GridRow,
  sites: SiteDirectory,
  extra: Record<string, string>,
): { years: string[] } {
  const cell = (key: ColumnKey) => {
    const col = template.byKey[key];
    return col === undefined ? null : (row.cells[col] ?? null);
  };
  const text = (key: ColumnKey) => cell(key)?.paragraphs.join('\n').trim() ?? '';
  const label = (key: ColumnKey) => template.columns[template.byKey[key]!]?.label ?? key;
  if (text('references')) objective.references = parseReferences(cell('references')!.paragraphs);
  if (text('steeringLevel'))
    objective.steeringLevel = parseSteeringLevel(text('steeringLevel').replace(/\n/g, ' '));
  if (text('guarantor')) objective.guarantor = text('guarantor');
  if (text('expectedResults'))
    objective.expectedResults = splitListItems(cell('expectedResults')!.paragraphs);
  if (text('notes')) objective.notes = text('notes');
  if (text('completionNote')) objective.completionNote = text('completionNote');
  if (text('sites')) {
    const names = parseSiteCell(text('sites'));
    objective.scopeSites = names ? names.map((name) => sites.registerName(name)) : [];
  }
  const scope = parseScope(text('scope'));
  if (scope) objective.scope = scope;
  else if (text('scope')) extra[label('scope')] = text('scope');
  const isNew = parseYesNo(text('isNew'));
  if (isNew !== null) objective.isNew = isNew;
  else if (text('isNew')) extra[label('isNew')] = text('isNew');
  const marks: string[] = [];
  const years: string[] = [];
  for (const [col, slot] of template.slots) {
    const mark = row.cells[col]?.text.trim();
    if (!mark) continue;
    marks.push(mark);
    if (!objective.timeline.some((s) => s.year === slot.year && s.term === slot.term))
      objective.timeline.push(slot);
    if (!years.includes(slot.year)) years.push(slot.year);
  }
  // Without a scope column, the marks say it, as on Jalon's sheet: □ some sites, ■ all.
  if (template.byKey.scope === undefined && marks.length)
    objective.scope = marks.includes('□') ? 'some' : 'all';
  for (const column of template.columns) {
    if (column.key === null || objectiveRowKeys.has(column.key)) continue;
    const value = row.cells[column.col];
    if (value?.text && !value.spanned) extra[column.label] = value.paragraphs.join('\n');
  }
  objective.extra = { ...objective.extra, ...extra };
  return { years };
}
