import { describe, expect, it } from 'vitest';
import { diffPlans } from '../../../src/core/plan-diff.ts';
import type { Plan } from '../../../src/core/plan-schema.ts';
import { assignIds, listActions } from '../../../src/core/plan-walk.ts';
import { buildPlan } from '../../../test/factories/build-plan.ts';
import { insertAction, removeAction, replaceAction } from './plan-mutations.ts';
import { buildBaseline, countMarks, isNewObjective, listRemoved, markAction } from './version-baseline.ts';

const frozen: Plan = assignIds(buildPlan({ actionCount: 30 }));
const baseline = buildBaseline(
  { id: 'v1', label: 'Plan d’action 2026', createdAt: '2026-06-30T10:00:00Z' },
  frozen,
);
const [first, second, third] = listActions(frozen).map((c) => c.action);
const owner = listActions(frozen)[0]!.objectives.at(-1)!;

/** The living plan after a year: a status changed, a deadline moved, an action dropped, one added. */
let current = replaceAction(frozen, { ...first!, status: first!.status === 'done' ? 'postponed' : 'done' });
current = replaceAction(current, { ...second!, deadline: 'juin 2028' });
current = removeAction(current, third!.id!);
const added = { ...first!, id: 'new-action', text: 'Organiser une journée portes ouvertes' };
current = insertAction(current, owner.id!, added);

describe('changes since the latest version, as the plan page marks them', () => {
  it('marks each action new, changed (status first, then fields) or unchanged', () => {
    const byId = new Map(listActions(current).map(({ action }) => [action.id, action]));
    expect(markAction(baseline, byId.get(first!.id)!)).toEqual({ kind: 'changed', fields: ['status'] });
    expect(markAction(baseline, byId.get(second!.id)!)).toEqual({ kind: 'changed', fields: ['deadline'] });
    expect(markAction(baseline, byId.get('new-action')!)).toEqual({ kind: 'new' });
    const untouched = listActions(current)
      .map((c) => c.action)
      .find((a) => ![first, second].some((b) => b!.id === a.id) && a.id !== 'new-action');
    expect(markAction(baseline, untouched!)).toBeNull();
    expect(markAction(null, byId.get(first!.id)!)).toBeNull();
  });

  it('lists what the living plan no longer has, and counts agree with the server’s diff', () => {
    const removed = listRemoved(baseline, current);
    expect(removed.actions.map((a) => a.id)).toEqual([third!.id]);
    expect(removed.objectives).toEqual([]);
    const counts = countMarks(baseline, current);
    const diff = diffPlans(frozen, current);
    expect(counts.added).toBe(diff.actions.added.length);
    expect(counts.changed).toBe(
      new Set([...diff.actions.statusChanges, ...diff.actions.changed].map((a) => a.id)).size,
    );
    expect(removed.actions.length).toBe(diff.actions.removed.length);
  });

  it('knows an objective added since the version', () => {
    expect(isNewObjective(baseline, owner)).toBe(false);
    expect(isNewObjective(baseline, { ...owner, id: 'new-objective' })).toBe(true);
  });
});
