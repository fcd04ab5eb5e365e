import type { PlanChange } from '../../../src/core/api/plans.ts';
import type { Plan } from '../../../src/core/plan-schema.ts';
import { statusLabel } from '../../../src/core/status.ts';
import type { Language, Translate } from '../i18n/i18n-context.tsx';
import { isMessageKey, type MessageKey } from '../i18n/fr.ts';

/** One plan's feed of recent changes as far as it was read: `nextBefore` pages back, null at its end. */
export interface ChangeFeed {
  planId: string;
  planTitle: string;
  changes: PlanChange[];
  nextBefore: string | null;
}

export type RecentChange = PlanChange & { planId: string; planTitle: string };

/**
 * The changes of several plans, newest first, as far as they are known to be complete: a feed
 * with older pages still unread may hide entries older than its oldest read one, so nothing
 * older than that is shown yet. `limitedBy` names those feeds (the ones to page next).
 */
export function mergeChangeFeeds(feeds: ChangeFeed[]): { entries: RecentChange[]; limitedBy: string[] } {
  const cutOffs = feeds
    .filter((feed) => feed.nextBefore !== null && feed.changes.length > 0)
    .map((feed) => ({ planId: feed.planId, oldest: feed.changes[feed.changes.length - 1]!.at }));
  const cutOff = cutOffs.reduce<string | null>(
    (latest, { oldest }) => (latest === null || oldest > latest ? oldest : latest),
    null,
  );
  const entries = feeds
    .flatMap((feed) =>
      feed.changes.map((change) => ({ ...change, planId: feed.planId, planTitle: feed.planTitle })),
    )
    .filter((entry) => cutOff === null || entry.at >= cutOff)
    .sort((a, b) => b.at.localeCompare(a.at) || Number(b.id) - Number(a.id));
  // A feed whose oldest read entry is at the cut-off is the one holding the others back.
  const limitedBy = cutOffs.filter(({ oldest }) => oldest === cutOff).map(({ planId }) => planId);
  return { entries, limitedBy };
}

/** Where the page shows a plan's object, when the plan still has it; null otherwise. */
export function changeTarget(change: RecentChange, existing: Set<string> | null): string | null {
  const plan = `/plans/${change.planId}`;
  if (change.objectType === 'plan') return plan;
  if (change.objectType === 'recommendation') return `${plan}/recommendations`;
  if (change.action === 'delete' || !change.objectId) return null;
  if (existing && !existing.has(change.objectId)) return null;
  const anchors: Record<string, string> = {
    action: 'action',
    objective: 'objective',
    axis: 'axis-block',
    subdimension: 'sub-block',
  };
  const anchor = anchors[change.objectType];
  return anchor ? `${plan}#${anchor}-${change.objectId}` : plan;
}

/** The ids of every axis, sub-dimension, objective and action the plan holds now. */
export function listNodeIds(plan: Plan): Set<string> {
  const ids = new Set<string>();
  const add = (id: string | undefined) => id && ids.add(id);
  const visitObjective = (objective: Plan['axes'][number]['objectives'][number]) => {
    add(objective.id);
    objective.actions.forEach((action) => add(action.id));
    objective.objectives.forEach(visitObjective);
  };
  for (const axis of plan.axes) {
    add(axis.id);
    axis.actions.forEach((action) => add(action.id));
    axis.objectives.forEach(visitObjective);
    for (const sub of axis.subdimensions) {
      add(sub.id);
      sub.actions.forEach((action) => add(action.id));
      sub.objectives.forEach(visitObjective);
    }
  }
  return ids;
}

/**
 * A change in words: the sentence, with `{object}` where the object goes (its noun, then its
 * label as a link when it can be reached), and the fields an edit changed.
 */
export interface ChangeWords {
  /** The sentence with "{object}" left in it for the object. */
  sentence: string;
  /** "l’action", "the axis"; empty when the label says it all (a recommendation). */
  noun: string;
  label: string | null;
  fields: string[];
}

const sentences: Record<string, MessageKey> = {
  create: 'change.create',
  update: 'change.update',
  delete: 'change.delete',
  move: 'change.move',
  comment: 'change.comment',
  'evidence.add': 'change.evidenceAdd',
  'evidence.remove': 'change.evidenceRemove',
  'recommendations.justify': 'change.justify',
  'link-suggestion.reject': 'change.suggestionReject',
  'link-suggestion.undo-reject': 'change.suggestionUndoReject',
};

/** Changes of the plan itself: they name no other object ("a importé le plan"). */
const planSentences: Record<string, MessageKey> = {
  import: 'change.planImport',
  update: 'change.planUpdate',
  'version.freeze': 'change.versionFreeze',
  'version.publish': 'change.versionPublish',
  'version.unpublish': 'change.versionUnpublish',
  'recommendations.replace': 'change.recommendationsReplace',
};

export function describeChange(t: Translate, lang: Language, change: PlanChange): ChangeWords {
  const who = change.user?.name ?? t('change.system');
  const fields = change.fields.map((field) => fieldName(t, change.objectType, field));
  if (change.objectType === 'plan') {
    const key = planSentences[change.action];
    return {
      sentence: key ? t(key, { who }) : t('change.other', { who, what: change.action }),
      noun: '',
      label: null,
      fields,
    };
  }
  const nounKey = `change.object.${change.objectType}`;
  const noun =
    change.objectType === 'recommendation' && change.label
      ? ''
      : isMessageKey(nounKey)
        ? t(nounKey)
        : change.objectType;
  let sentence: string;
  if (change.action === 'status' && change.status) {
    const to = statusLabel(change.status.to, lang);
    sentence = change.status.from
      ? t('change.status', { who, from: statusLabel(change.status.from, lang), to })
      : t('change.statusSet', { who, to });
  } else {
    const key = sentences[change.action];
    sentence = key ? t(key, { who }) : t('change.other', { who, what: change.action });
  }
  return { sentence, noun, label: change.label, fields };
}

/** A changed field as users name it: the object's own label, a node's, an action's, else its key. */
function fieldName(t: Translate, objectType: string, field: string): string {
  for (const key of [`${objectType}.label.${field}`, `node.label.${field}`, `action.label.${field}`]) {
    if (isMessageKey(key)) return t(key);
  }
  return field;
}
