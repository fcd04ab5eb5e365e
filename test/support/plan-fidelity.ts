/**
 * Scores an imported plan against a ground truth written by hand from its document
 * (test/fixtures/layouts/*.truth.json): imported actions are paired with the truth's by their
 * text, then nine fields are compared. Used by the fidelity benchmark and the layout tests.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { parseDeadline } from '../../src/core/academic-calendar.ts';
import type { Plan } from '../../src/core/plan-schema.ts';
import { listActions } from '../../src/core/plan-walk.ts';
import { statusSchema } from '../../src/core/status.ts';
import { foldText } from '../../src/core/text.ts';

export const layoutsDir = fileURLToPath(new URL('../fixtures/layouts/', import.meta.url));

const truthActionSchema = z.object({
  axis: z.string().nullable(),
  objective: z.string().nullable(),
  text: z.string().min(1),
  sites: z.array(z.string()),
  status: statusSchema.nullable(),
  priority: z.number().int().min(1).max(3).nullable(),
  responsibles: z.array(z.string()),
  deadline: z.string().nullable(),
  indicators: z.array(z.string()),
});
export type TruthAction = z.infer<typeof truthActionSchema>;

export const truthSchema = z.object({
  title: z.string(),
  layout: z.string(),
  description: z.string(),
  language: z.enum(['fr', 'en']),
  documents: z.array(z.string()).min(1),
  actions: z.array(truthActionSchema).min(1),
  notes: z.string().optional(),
});
export type PlanTruth = z.infer<typeof truthSchema> & { id: string };

export const fidelityFields = [
  'axis',
  'objective',
  'text',
  'sites',
  'status',
  'priority',
  'responsibles',
  'deadline',
  'indicators',
] as const;
export type FidelityField = (typeof fidelityFields)[number];

/** Every truth of the corpus, by id (the file name without ".truth.json"). */
export function readTruths(dir = layoutsDir): PlanTruth[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith('.truth.json'))
    .sort()
    .map((f) => {
      const id = f.replace(/\.truth\.json$/, '');
      const parsed = truthSchema.safeParse(JSON.parse(readFileSync(path.join(dir, f), 'utf8')));
      if (!parsed.success) throw new Error(`${f}: ${parsed.error.message}`);
      return { ...parsed.data, id };
    });
}

/** Folded words: case, accents, punctuation and spacing ignored. */
export function comparable(text: string | null | undefined): string {
  return foldText(text ?? '')
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();
}

function words(text: string): Set<string> {
  return new Set(comparable(text).split(' ').filter(Boolean));
}

/** Dice coefficient of the two texts' word sets. */
function similarity(a: Set<string>, b: Set<string>): number {
  if (a.size === 0 || b.size === 0) return 0;
  let common = 0;
  for (const w of a) if (b.has(w)) common += 1;
  return (2 * common) / (a.size + b.size);
}

interface ImportedAction {
  axis: string | null;
  objective: string | null;
  text: string;
  /** Each site of the action with the names the plan gives it (code and name). */
  sites: string[][];
  status: string | null;
  priority: number | null;
  responsibles: string[];
  deadline: string | null;
  deadlinePeriod: { from: string | null; to: string | null } | null;
  indicators: string[];
}

/** The imported plan's actions with the nine fields, sites by every name the plan gives them. */
function importedActions(plan: Plan): ImportedAction[] {
  const siteNames = new Map(plan.sites.map((s) => [s.code, [s.code, s.name]]));
  return listActions(plan).map(({ action, axis, subdimension, objectives }) => ({
    axis: axis.title || null,
    objective: objectives.at(-1)?.title ?? subdimension?.title ?? null,
    text: action.text,
    sites: action.sites.map((code) => siteNames.get(code) ?? [code]),
    status: action.status,
    priority: action.priority,
    responsibles: action.responsibles,
    deadline: action.deadline,
    deadlinePeriod: action.deadlinePeriod,
    indicators: action.indicators,
  }));
}

/** The same sites: as many, and each one the truth names is an imported site by its code or name. */
function sameSites(truth: string[], imported: string[][]): boolean {
  if (truth.length !== imported.length) return false;
  const names = (site: string[]) => site.map(comparable);
  return truth.every((name) => {
    const wanted = comparable(name);
    return imported.some((site) => names(site).some((n) => n === wanted));
  });
}

function samePeriod(a: { from: string | null; to: string | null } | null, b: typeof a): boolean {
  return !!a && !!b && a.from === b.from && a.to === b.to;
}

function fieldIsRight(field: FidelityField, truth: TruthAction, got: ImportedAction): boolean {
  switch (field) {
    case 'axis':
    case 'objective':
    case 'text':
      return comparable(truth[field]) === comparable(got[field]);
    case 'sites':
      return sameSites(truth.sites, got.sites);
    case 'status':
      return truth.status === got.status;
    case 'priority':
      return truth.priority === got.priority;
    case 'responsibles':
    case 'indicators':
      return comparable(truth[field].join(' ')) === comparable(got[field].join(' '));
    case 'deadline': {
      if (truth.deadline === null) return got.deadline === null && got.deadlinePeriod === null;
      if (comparable(truth.deadline) === comparable(got.deadline)) return true;
      return samePeriod(parseDeadline(truth.deadline).period, got.deadlinePeriod);
    }
  }
}

export interface FieldMiss {
  field: FidelityField;
  truth: string;
  got: string;
  action: string;
}

export interface FidelityScore {
  /** Fields compared: the truth's actions (and imported actions with no truth) times the fields the plan uses. */
  total: number;
  right: number;
  accuracy: number;
  /** Right and compared, per field. */
  byField: Record<FidelityField, { right: number; total: number }>;
  truthActions: number;
  importedActions: number;
  /** Truth actions no imported action matched, and imported actions matching no truth action. */
  missing: string[];
  unexpected: string[];
  misses: FieldMiss[];
}

/** The fields a truth uses: those some action fills (a plan without priorities is not scored on them). */
function usedFields(truth: PlanTruth): FidelityField[] {
  return fidelityFields.filter((field) =>
    truth.actions.some((a) => {
      const value = a[field];
      return Array.isArray(value) ? value.length > 0 : value !== null;
    }),
  );
}

function show(value: unknown): string {
  if (Array.isArray(value)) return value.map((v) => (Array.isArray(v) ? v.join('/') : String(v))).join(' | ');
  return value === null || value === undefined ? '∅' : String(value);
}

/** Compares an imported plan with its truth. */
export function scorePlan(plan: Plan, truth: PlanTruth): FidelityScore {
  const got = importedActions(plan);
  const fields = usedFields(truth);
  const truthWords = truth.actions.map((a) => words(a.text));
  const gotWords = got.map((a) => words(a.text));
  const candidates: Array<{ t: number; g: number; sim: number }> = [];
  truthWords.forEach((tw, t) =>
    gotWords.forEach((gw, g) => {
      const sim = similarity(tw, gw);
      if (sim >= 0.5) candidates.push({ t, g, sim });
    }),
  );
  // Best pairs first; on a tie, the pair closest in document order.
  candidates.sort((a, b) => b.sim - a.sim || Math.abs(a.t - a.g) - Math.abs(b.t - b.g));
  const pairOfTruth = new Map<number, number>();
  const pairedGot = new Set<number>();
  for (const { t, g } of candidates) {
    if (pairOfTruth.has(t) || pairedGot.has(g)) continue;
    pairOfTruth.set(t, g);
    pairedGot.add(g);
  }
  const byField = Object.fromEntries(fidelityFields.map((f) => [f, { right: 0, total: 0 }])) as Record<
    FidelityField,
    { right: number; total: number }
  >;
  const misses: FieldMiss[] = [];
  truth.actions.forEach((truthAction, t) => {
    const g = pairOfTruth.get(t);
    for (const field of fields) {
      byField[field].total += 1;
      if (g !== undefined && fieldIsRight(field, truthAction, got[g]!)) byField[field].right += 1;
      else if (g !== undefined)
        misses.push({
          field,
          truth: show(truthAction[field]),
          got: show(got[g]![field]),
          action: truthAction.text,
        });
    }
  });
  const unexpected = got.filter((_, g) => !pairedGot.has(g)).map((a) => a.text);
  // An imported action no truth action explains is wrong in every field.
  for (const field of fields) byField[field].total += unexpected.length;
  const total = fields.reduce((n, f) => n + byField[f].total, 0);
  const right = fields.reduce((n, f) => n + byField[f].right, 0);
  return {
    total,
    right,
    accuracy: total === 0 ? 1 : right / total,
    byField,
    truthActions: truth.actions.length,
    importedActions: got.length,
    missing: truth.actions.filter((_, t) => !pairOfTruth.has(t)).map((a) => a.text),
    unexpected,
    misses,
  };
}
