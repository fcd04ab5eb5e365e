import type { Status } from './status.ts';
import type { Action, Objective, Plan } from './plan-schema.ts';
import { listActions, listObjectives } from './plan-walk.ts';
import { sameValue } from './same-value.ts';
import { textSimilarity } from './text-similarity.ts';

/** The action fields a diff compares, in the order a reader expects them. */
export const diffedActionFields = [
  'text',
  'sites',
  'references',
  'responsibles',
  'indicators',
  'expectedResults',
  'tasks',
  'statusLabel',
  'priority',
  'deadline',
  'conditions',
] as const satisfies ReadonlyArray<keyof Action>;

/**
 * Changes of the template's own fields, one per key, named "customFields.<key>" (a value of a
 * removed column counts like any other: it is still the action's).
 */
function diffCustomFields(before: Action, after: Action): FieldChange[] {
  const keys = new Set([...Object.keys(before.customFields), ...Object.keys(after.customFields)]);
  return [...keys]
    .filter((key) => !sameValue(before.customFields[key] ?? null, after.customFields[key] ?? null))
    .map((key) => ({
      field: `customFields.${key}`,
      before: before.customFields[key] ?? null,
      after: after.customFields[key] ?? null,
    }));
}

export interface FieldChange {
  field: string;
  before: unknown;
  after: unknown;
}

export interface DiffedAction {
  id: string | undefined;
  text: string;
  sites: string[];
  axis: string;
  objective: string | null;
}

export interface PlanDiff {
  actions: {
    added: DiffedAction[];
    removed: DiffedAction[];
    statusChanges: Array<
      DiffedAction & {
        from: Status | null;
        to: Status | null;
        fromLabel: string | null;
        toLabel: string | null;
      }
    >;
    changed: Array<DiffedAction & { changes: FieldChange[] }>;
    unchanged: number;
  };
  objectives: {
    added: Array<{ id: string | undefined; title: string }>;
    removed: Array<{ id: string | undefined; title: string }>;
    changed: Array<{ id: string | undefined; title: string; changes: FieldChange[] }>;
  };
}

/**
 * Pairs the items of two lists: first by id (a version started from another keeps its ids),
 * then by identical key, then by the most similar key above `threshold`.
 */
export function pairItems<T>(
  before: T[],
  after: T[],
  idOf: (item: T) => string | undefined,
  keyOf: (item: T) => string,
  threshold = 0.6,
): { pairs: Array<[T, T]>; removed: T[]; added: T[] } {
  const pairs: Array<[T, T]> = [];
  const left = new Set(before);
  const right = new Set(after);
  const byId = new Map<string, T>();
  for (const item of after) {
    const id = idOf(item);
    if (id) byId.set(id, item);
  }
  for (const item of before) {
    const id = idOf(item);
    const match = id ? byId.get(id) : undefined;
    if (match && right.has(match)) {
      pairs.push([item, match]);
      left.delete(item);
      right.delete(match);
    }
  }
  for (const item of left) {
    const match = [...right].find((other) => keyOf(other) === keyOf(item));
    if (match) {
      pairs.push([item, match]);
      left.delete(item);
      right.delete(match);
    }
  }
  const candidates: Array<{ a: T; b: T; score: number }> = [];
  for (const a of left)
    for (const b of right) {
      const score = textSimilarity(keyOf(a), keyOf(b));
      if (score >= threshold) candidates.push({ a, b, score });
    }
  candidates.sort((x, y) => y.score - x.score);
  for (const { a, b } of candidates) {
    if (left.has(a) && right.has(b)) {
      pairs.push([a, b]);
      left.delete(a);
      right.delete(b);
    }
  }
  return { pairs, removed: [...left], added: [...right] };
}

/**
 * What changed between two versions of a plan: actions and objectives added, removed, with a
 * new status, or with other fields changed. Items keep their identity across versions by id;
 * plans imported separately are matched by text.
 */
export function diffPlans(before: Plan, after: Plan): PlanDiff {
  const describe = (ctx: ReturnType<typeof listActions>[number]): DiffedAction => ({
    id: ctx.action.id,
    text: ctx.action.text,
    sites: ctx.action.sites,
    axis: ctx.axis.title,
    objective: ctx.objectives.at(-1)?.title ?? ctx.subdimension?.title ?? null,
  });
  const actionKey = (ctx: ReturnType<typeof listActions>[number]) =>
    `${ctx.objectives.at(-1)?.title ?? ''} ${ctx.action.sites.join(' ')} ${ctx.action.text}`;
  const actions = pairItems(listActions(before), listActions(after), (c) => c.action.id, actionKey);
  const diff: PlanDiff = {
    actions: {
      added: actions.added.map(describe),
      removed: actions.removed.map(describe),
      statusChanges: [],
      changed: [],
      unchanged: 0,
    },
    objectives: { added: [], removed: [], changed: [] },
  };
  for (const [a, b] of actions.pairs) {
    let touched = false;
    if (a.action.status !== b.action.status) {
      diff.actions.statusChanges.push({
        ...describe(b),
        from: a.action.status,
        to: b.action.status,
        fromLabel: a.action.statusLabel,
        toLabel: b.action.statusLabel,
      });
      touched = true;
    }
    const changes = diffedActionFields
      .filter((field) => field !== 'statusLabel' || a.action.status === b.action.status)
      .filter((field) => !sameValue(a.action[field], b.action[field]))
      .map((field): FieldChange => ({ field, before: a.action[field], after: b.action[field] }));
    changes.push(...diffCustomFields(a.action, b.action));
    if (changes.length > 0) {
      diff.actions.changed.push({ ...describe(b), changes });
      touched = true;
    }
    if (!touched) diff.actions.unchanged++;
  }
  const objectiveFields = [
    'title',
    'references',
    'steeringLevel',
    'guarantor',
    'expectedResults',
    'timeline',
    'scope',
    'completionNote',
  ] as const;
  const objectives = pairItems(
    listObjectives(before).map((c) => c.objective),
    listObjectives(after).map((c) => c.objective),
    (o: Objective) => o.id,
    (o: Objective) => o.title,
  );
  diff.objectives.added = objectives.added.map((o) => ({ id: o.id, title: o.title }));
  diff.objectives.removed = objectives.removed.map((o) => ({ id: o.id, title: o.title }));
  for (const [a, b] of objectives.pairs) {
    const changes = objectiveFields
      .filter((field) => !sameValue(a[field], b[field]))
      .map((field) => ({ field, before: a[field], after: b[field] }));
    if (changes.length > 0) diff.objectives.changed.push({ id: b.id, title: b.title, changes });
  }
  return diff;
}
