import type { PlanChange } from '../../core/api/plans.ts';
import type { Objective, Plan } from '../../core/plan-schema.ts';
import type { Language } from '../../core/errors.ts';
import { statusSchema } from '../../core/status.ts';
import { deletedAccountName } from './history.ts';

/**
 * What the "recent changes" feed shows, to everyone who reads the plan: changes to the plan and
 * its content. Roles (memberships) and the responsibles' addresses are not the readers' business.
 */
export const changeFeedObjectTypes = [
  'plan',
  'axis',
  'subdimension',
  'objective',
  'action',
  'recommendation',
];
export const changeFeedExcludedActions = ['contacts.replace'];

/** Fields never named in the feed: internal notes, and what is not content. */
const hiddenFields = new Set(['notes', 'id', 'source']);
const LABEL_LENGTH = 140;
const payloadIsObject = new Set(['create', 'update', 'delete']);

function shorten(text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > LABEL_LENGTH ? `${flat.slice(0, LABEL_LENGTH - 1)}…` : flat;
}

/** The title or text of the plan, its nodes and recommendations, by id: labels for entries whose payload has none. */
export function planNodeLabels(planId: string, plan: Plan): Map<string, string> {
  const labels = new Map<string, string>([[planId, shorten(plan.title)]]);
  const add = (id: string | undefined, label: string) => {
    if (id && label.trim()) labels.set(id, shorten(label));
  };
  const visitObjective = (o: Objective) => {
    add(o.id, o.title);
    o.actions.forEach((a) => add(a.id, a.text));
    o.objectives.forEach(visitObjective);
  };
  for (const axis of plan.axes) {
    add(axis.id, [axis.number, axis.title].filter(Boolean).join(' '));
    axis.actions.forEach((a) => add(a.id, a.text));
    axis.objectives.forEach(visitObjective);
    for (const sub of axis.subdimensions) {
      add(sub.id, [sub.number, sub.title].filter(Boolean).join(' '));
      sub.actions.forEach((a) => add(a.id, a.text));
      sub.objectives.forEach(visitObjective);
    }
  }
  for (const r of plan.recommendations) {
    add(r.id, [r.number ? `Recommandation ${r.number}` : 'Recommandation', r.text].join(' : '));
  }
  return labels;
}

function asRecord(value: unknown): Record<string, unknown> | null {
  return value && typeof value === 'object' && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : null;
}

/** Only the `text` or `title` of a payload is read: the rest (notes…) never leaves. */
function labelOf(payload: Record<string, unknown> | null): string | null {
  const label = payload?.text ?? payload?.title;
  return typeof label === 'string' && label.trim() ? shorten(label) : null;
}

function changedFields(before: Record<string, unknown> | null, after: Record<string, unknown> | null) {
  if (!before || !after) return [];
  return Object.keys(after).filter(
    (k) => !hiddenFields.has(k) && JSON.stringify(before[k] ?? null) !== JSON.stringify(after[k] ?? null),
  );
}

function statusOf(value: unknown) {
  const parsed = statusSchema.nullable().safeParse(asRecord(value)?.status ?? null);
  return parsed.success ? parsed.data : null;
}

/** One audit entry in the words of the feed; the before/after payloads themselves stay on the server. */
export function presentPlanChange(
  users: Map<string, string>,
  labels: Map<string, string>,
  e: {
    id: number;
    at: string;
    userId: string | null;
    action: string;
    objectType: string;
    objectId: string | null;
    before: unknown;
    after: unknown;
  },
  /** The reader's language, for the name of a deleted account. */
  lang: Language = 'fr',
): PlanChange {
  const before = asRecord(e.before);
  const after = asRecord(e.after);
  // Only a create, update or delete carries the object itself; a comment's payload is the comment.
  const ownPayload = payloadIsObject.has(e.action) ? (labelOf(after) ?? labelOf(before)) : null;
  const label = ownPayload ?? (e.objectId ? (labels.get(e.objectId) ?? null) : null);
  return {
    id: String(e.id),
    at: new Date(e.at).toISOString(),
    user: e.userId ? { id: e.userId, name: users.get(e.userId) ?? deletedAccountName[lang] } : null,
    action: e.action,
    objectType: e.objectType,
    objectId: e.objectId,
    label,
    fields: e.action === 'update' ? changedFields(before, after) : [],
    status: e.action === 'status' ? { from: statusOf(before), to: statusOf(after) } : null,
  };
}
