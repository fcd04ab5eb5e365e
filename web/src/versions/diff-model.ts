import type { DiffResponse } from '../../../src/core/api/follow-up.ts';

type Diff = DiffResponse['diff'];

/** JSON with object keys sorted, so that two equal values written in another key order compare equal. */
function canonical(value: unknown): string {
  return JSON.stringify(value ?? null, (_key, inner: unknown) =>
    inner && typeof inner === 'object' && !Array.isArray(inner)
      ? Object.fromEntries(Object.entries(inner).sort(([a], [b]) => a.localeCompare(b)))
      : inner,
  );
}

/**
 * The diff without the field changes that are not changes: a frozen version is stored as JSON
 * whose objects come back with their keys in another order (a steering level, timeline slots),
 * and the server compares the written JSON. Items left with no change are dropped too.
 */
export function withoutReorderedFields(diff: Diff): Diff {
  const keep = (change: { before?: unknown; after?: unknown }) =>
    canonical(change.before) !== canonical(change.after);
  const actionsChanged = diff.actions.changed
    .map((action) => ({ ...action, changes: action.changes.filter(keep) }))
    .filter((action) => action.changes.length > 0);
  return {
    actions: {
      ...diff.actions,
      changed: actionsChanged,
      unchanged: diff.actions.unchanged + diff.actions.changed.length - actionsChanged.length,
    },
    objectives: {
      ...diff.objectives,
      changed: diff.objectives.changed
        .map((objective) => ({ ...objective, changes: objective.changes.filter(keep) }))
        .filter((objective) => objective.changes.length > 0),
    },
  };
}

/**
 * A field's value as the diff shows it: lists one item a line (timeline slots on one line),
 * a steering level by its label, nothing as a dash, the rest as written.
 */
export function showValue(value: unknown): string {
  if (value === null || value === undefined || value === '') return '—';
  if (Array.isArray(value)) {
    if (value.length === 0) return '—';
    if (value.every(isTermSlot)) return value.map((slot) => `${slot.year} ${slot.term}`).join(', ');
    return value.map((item) => (typeof item === 'string' ? item : showValue(item))).join('\n');
  }
  if (typeof value === 'object') {
    const label = (value as { label?: unknown }).label;
    if (typeof label === 'string') return label;
    if (isTermSlot(value)) return `${value.year} ${value.term}`;
    return JSON.stringify(value);
  }
  return String(value);
}

function isTermSlot(value: unknown): value is { year: string; term: string } {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as { year?: unknown }).year === 'string' &&
    typeof (value as { term?: unknown }).term === 'string'
  );
}
