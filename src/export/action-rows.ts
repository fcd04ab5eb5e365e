import { formatCustomFieldValue } from '../core/custom-fields.ts';
import { listActions, listObjectives, type ActionContext } from '../core/plan-walk.ts';
import { orderColumns, type TemplateColumn } from '../core/plan-template.ts';
import type { Objective, Plan } from '../core/plan-schema.ts';
import { parseRecommendationRefs, recommendationKey } from '../core/recommendation-reference.ts';
import { formatAxisTitle, formatStatus } from './export-layout.ts';

/**
 * The flat forms of a plan for spreadsheets and CSV: one row per action, one per objective, one
 * per recommendation. Headers use the words plans use, so that Jalon's importer reads them back.
 */
export type CellValue = string | number | Date | null;

export interface SheetColumn {
  header: string;
  /** Column width in characters. */
  width: number;
  /** A real date (shown as a date in spreadsheets, ISO text in CSV). */
  date?: boolean;
}

export interface Sheet {
  name: string;
  columns: SheetColumn[];
  rows: CellValue[][];
  /** Per row, per column: a background "rrggbb" (timeline cells). */
  fills?: Array<Array<string | null>>;
}

/** Lists become one line per item inside the cell. */
const lines = (items: string[]) => items.join('\n');

const isoToDate = (iso: string | null | undefined): Date | null =>
  iso ? new Date(`${iso}T00:00:00Z`) : null;

function extraLabels(plan: Plan): string[] {
  const labels = new Set<string>();
  for (const { action } of listActions(plan))
    for (const label of Object.keys(action.extra)) labels.add(label);
  return [...labels];
}

/**
 * The columns of the plan's own fields: the template's, in its spreadsheet order and under its
 * labels, then keys some action holds that the template no longer has, under the key.
 */
function customSheetColumns(
  plan: Plan,
): Array<{ key: string; header: string; column: TemplateColumn | null }> {
  const template = plan.template;
  const out = template
    ? orderColumns(template, 'xlsx')
        .filter((c) => !c.field)
        .map((c) => ({ key: c.key, header: c.label[template.language], column: c as TemplateColumn | null }))
    : [];
  const known = new Set(out.map((c) => c.key));
  for (const { action } of listActions(plan))
    for (const key of Object.keys(action.customFields))
      if (!known.has(key)) {
        known.add(key);
        out.push({ key, header: key, column: null });
      }
  return out;
}

function customCell(
  plan: Plan,
  custom: { key: string; column: TemplateColumn | null },
  action: ActionContext['action'],
): CellValue {
  const value = action.customFields[custom.key];
  if (value === undefined) return '';
  if (typeof value === 'number' && custom.column?.type !== 'priority') return value;
  if (!custom.column) return Array.isArray(value) ? value.join('\n') : String(value);
  return formatCustomFieldValue(custom.column, value, plan.template, plan.template?.language);
}

function generalObjective(context: ActionContext): string {
  return context.objectives.length > 1 ? context.objectives[0]!.title : '';
}

function innermostObjective(context: ActionContext): Objective | null {
  return context.objectives[context.objectives.length - 1] ?? null;
}

/** Drops the columns named here when no row has a value in them (a plan without objectives). */
function dropEmptyColumns(sheet: Sheet, headers: string[]): Sheet {
  const drop = sheet.columns
    .map((c, i) => (headers.includes(c.header) && sheet.rows.every((r) => !r[i]) ? i : -1))
    .filter((i) => i >= 0);
  if (!drop.length) return sheet;
  const keep = (_: unknown, i: number) => !drop.includes(i);
  return { ...sheet, columns: sheet.columns.filter(keep), rows: sheet.rows.map((r) => r.filter(keep)) };
}

/** The objective's own fields, under the words plans use for them next to an objective column. */
const objectiveFieldHeaders = [
  'Référence aux recommandations des experts',
  'Niveau de pilotage',
  "Garant de l'objectif",
  'Résultats attendus',
];

/**
 * Columns of the Actions sheet dropped when no row fills them (a plan without sub-dimensions,
 * objectives, steps, ids…). The action's own references, steering level, guarantor and expected
 * results have columns "… de l'action", apart from the objective's, so that an importer never
 * has to guess whose a value is.
 */
const optionalActionColumns = [
  'Sous-dimension',
  'Objectif général',
  'Objectif opérationnel',
  "Niveau de pilotage de l'action",
  "Garant de l'action",
  'Tâches',
  'Identifiant Jalon',
  ...objectiveFieldHeaders,
];

/** The "Actions" sheet: one row per action with its place in the plan and its objective's fields. */
export function buildActionSheet(plan: Plan): Sheet {
  const extras = extraLabels(plan);
  const customs = customSheetColumns(plan);
  const columns: SheetColumn[] = [
    { header: 'Axe', width: 28 },
    { header: 'Sous-dimension', width: 22 },
    { header: 'Objectif général', width: 30 },
    { header: 'Objectif opérationnel', width: 34 },
    { header: 'Implantation(s)', width: 14 },
    { header: 'Description des actions', width: 50 },
    { header: 'Degré de priorité', width: 10 },
    { header: 'Responsable(s)', width: 26 },
    { header: 'Indicateurs de suivi', width: 30 },
    { header: "Résultats attendus de l'action", width: 30 },
    { header: 'Etat de réalisation', width: 22 },
    { header: 'Code statut', width: 12 },
    { header: 'Échéance(s)', width: 20 },
    { header: 'Début', width: 11, date: true },
    { header: 'Fin', width: 11, date: true },
    { header: "Références de l'action", width: 24 },
    { header: "Niveau de pilotage de l'action", width: 20 },
    { header: "Garant de l'action", width: 22 },
    { header: 'Conditions de réalisation', width: 26 },
    { header: 'Remarques', width: 24 },
    ...extras.map((label) => ({ header: label, width: 18 })),
    ...customs.map((c) => ({ header: c.header, width: 20 })),
    { header: 'Type', width: 8 },
    { header: 'Tâches', width: 26 },
    { header: 'Identifiant Jalon', width: 12 },
    { header: objectiveFieldHeaders[0]!, width: 24 },
    { header: objectiveFieldHeaders[1]!, width: 20 },
    { header: objectiveFieldHeaders[2]!, width: 22 },
    { header: objectiveFieldHeaders[3]!, width: 30 },
  ];
  const rows = listActions(plan).map((context): CellValue[] => {
    const { action, axis, subdimension } = context;
    const objective = innermostObjective(context);
    return [
      formatAxisTitle(axis),
      subdimension ? [subdimension.number, subdimension.title].filter(Boolean).join('. ') : '',
      generalObjective(context),
      objective?.title ?? '',
      action.sites.join(', '),
      action.text,
      action.priority ? '*'.repeat(action.priority) : '',
      lines(action.responsibles),
      lines(action.indicators),
      lines(action.expectedResults),
      formatStatus(action),
      action.status ?? '',
      action.deadline ?? '',
      isoToDate(action.deadlinePeriod?.from),
      isoToDate(action.deadlinePeriod?.to),
      lines(action.references),
      action.steeringLevel?.label ?? '',
      action.guarantor ?? '',
      action.conditions ?? '',
      action.notes ?? '',
      ...extras.map((label) => action.extra[label] ?? ''),
      ...customs.map((c) => customCell(plan, c, action)),
      action.kind === 'step' ? 'étape' : 'action',
      lines(action.tasks),
      action.id ?? '',
      lines(objective?.references ?? []),
      objective?.steeringLevel?.label ?? '',
      objective?.guarantor ?? '',
      lines(objective?.expectedResults ?? []),
    ];
  });
  return dropEmptyColumns({ name: 'Actions', columns, rows }, optionalActionColumns);
}

/** The "Objectifs" sheet: objectives with their fields and one column per timeline quadrimester. */
export function buildObjectiveSheet(
  plan: Plan,
  years: string[],
  colours: { all: string; some: string },
): Sheet {
  const slots = years.flatMap((year) => (['Q1', 'Q2'] as const).map((term) => ({ year, term })));
  const columns: SheetColumn[] = [
    { header: 'Axe', width: 28 },
    { header: 'Sous-dimension', width: 20 },
    { header: 'Objectif parent', width: 30 },
    { header: 'Objectif', width: 40 },
    { header: 'Niveau de pilotage', width: 20 },
    { header: "Garant de l'objectif", width: 22 },
    { header: 'Référence aux recommandations des experts', width: 24 },
    { header: 'Résultats attendus', width: 30 },
    { header: 'Portée', width: 14 },
    { header: 'Implantations', width: 14 },
    { header: 'Nouveau', width: 9 },
    { header: "Note d'achèvement", width: 24 },
    ...slots.map((slot) => ({ header: `${slot.year} ${slot.term}`, width: 6 })),
    { header: 'Identifiant Jalon', width: 12 },
  ];
  const rows: CellValue[][] = [];
  const fills: Array<Array<string | null>> = [];
  for (const { objective, axis, subdimension, parents } of listObjectives(plan)) {
    const on = slots.map((slot) =>
      objective.timeline.some((s) => s.year === slot.year && s.term === slot.term),
    );
    const fixed: CellValue[] = [
      formatAxisTitle(axis),
      subdimension ? [subdimension.number, subdimension.title].filter(Boolean).join('. ') : '',
      parents.length ? parents[parents.length - 1]!.title : '',
      objective.title,
      objective.steeringLevel?.label ?? '',
      objective.guarantor ?? '',
      lines(objective.references),
      lines(objective.expectedResults),
      objective.scope === 'all'
        ? 'Toutes les implantations'
        : objective.scope === 'some'
          ? 'Certaines implantations'
          : '',
      objective.scopeSites.join(', '),
      objective.isNew ? 'oui' : '',
      objective.completionNote ?? '',
    ];
    // The mark says in text what the colour says: ■ all sites, □ some sites.
    const mark = objective.scope === 'some' ? '□' : '■';
    rows.push([...fixed, ...on.map((x) => (x ? mark : '')), objective.id ?? '']);
    const fill = objective.scope === 'some' ? colours.some : colours.all;
    fills.push([...fixed.map(() => null), ...on.map((x) => (x ? fill : null)), null]);
  }
  return { name: 'Objectifs', columns, rows, fills };
}

/** The "Recommandations" sheet: the experts' register and what answers each recommendation. */
export function buildRecommendationSheet(plan: Plan): Sheet {
  const columns: SheetColumn[] = [
    { header: 'Critère', width: 9 },
    { header: 'Recommandation', width: 15 },
    { header: 'Texte', width: 50 },
    { header: 'Justification (sans action)', width: 30 },
    { header: 'Objectifs liés', width: 40 },
    { header: 'Actions liées', width: 50 },
  ];
  const keysOf = (references: string[]) =>
    new Set(references.flatMap((r) => parseRecommendationRefs(r).map(recommendationKey)));
  const objectives = listObjectives(plan).map(({ objective }) => ({
    title: objective.title,
    keys: keysOf(objective.references),
  }));
  const actions = listActions(plan).map(({ action }) => ({
    text: action.text,
    keys: keysOf(action.references),
  }));
  const rows = plan.recommendations.map((rec): CellValue[] => {
    const key = recommendationKey(rec);
    return [
      rec.criterion ?? '',
      rec.number ?? '',
      rec.text,
      rec.justification ?? '',
      lines(objectives.filter((o) => o.keys.has(key)).map((o) => o.title)),
      lines(actions.filter((a) => a.keys.has(key)).map((a) => a.text)),
    ];
  });
  return { name: 'Recommandations', columns, rows };
}
