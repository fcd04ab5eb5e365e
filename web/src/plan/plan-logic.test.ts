import { describe, expect, it } from 'vitest';
import { assignIds } from '../../../src/core/plan-walk.ts';
import { listActions } from '../../../src/core/plan-walk.ts';
import { buildPlan } from '../../../test/factories/build-plan.ts';
import { canEditAction } from './action-permissions.ts';
import { isActionOverdue } from './action-deadline.ts';
import { emptyFilters, filterActionIds } from './filter-actions.ts';
import { resolveColumns } from './plan-columns.ts';
import { insertNode, moveActionInPlan, removeAction, removeNode, replaceAction } from './plan-mutations.ts';

let counter = 0;
const plan = assignIds(buildPlan({ actionCount: 60 }), () => `id-${++counter}`);
const contexts = listActions(plan);
const today = '2026-11-23';

describe('filters of the plan page', () => {
  it('keeps a campus’s own actions and the ones common to every campus when filtering on a site', () => {
    const ids = filterActionIds(contexts, { ...emptyFilters, site: 'MONS' }, today);
    const shown = contexts.filter(({ action }) => ids.has(action.id!));
    expect(shown.length).toBeGreaterThan(0);
    expect(shown.every(({ action }) => action.sites.length === 0 || action.sites.includes('MONS'))).toBe(
      true,
    );
    expect(contexts.some(({ action }) => action.sites.includes('LLN') && ids.has(action.id!))).toBe(false);
  });

  it('combines status, priority and an accent-insensitive text search', () => {
    const ids = filterActionIds(contexts, { ...emptyFilters, status: 'planned', text: 'STAGES' }, today);
    const shown = contexts.filter(({ action }) => ids.has(action.id!));
    expect(shown.length).toBeGreaterThan(0);
    expect(shown.every(({ action }) => action.status === 'planned' && /stages/i.test(action.text))).toBe(
      true,
    );
    const starred = filterActionIds(contexts, { ...emptyFilters, priority: '3' }, today);
    expect([...starred].every((id) => contexts.find((c) => c.action.id === id)!.action.priority === 3)).toBe(
      true,
    );
  });

  it('shows as overdue only open actions whose deadline has passed', () => {
    const ids = filterActionIds(contexts, { ...emptyFilters, overdue: true }, today);
    expect(ids.size).toBeGreaterThan(0);
    for (const id of ids) {
      const { action } = contexts.find((c) => c.action.id === id)!;
      expect(['done', 'implemented', 'dropped']).not.toContain(action.status);
      expect(isActionOverdue(action, today)).toBe(true);
    }
    expect(
      isActionOverdue({ deadline: 'janvier 2016', deadlinePeriod: null, status: 'planned' }, today),
    ).toBe(true);
    expect(isActionOverdue({ deadline: 'juin 2030', deadlinePeriod: null, status: 'planned' }, today)).toBe(
      false,
    );
  });
});

describe('rights of a campus editor', () => {
  const editor = { canEditPlan: false, editableSites: ['LLN'], canComment: true };
  it('edits the actions of their campus only, not other campuses’ nor the common ones', () => {
    expect(canEditAction(editor, { sites: ['LLN'] })).toBe(true);
    expect(canEditAction(editor, { sites: ['MONS'] })).toBe(false);
    expect(canEditAction(editor, { sites: [] })).toBe(false);
    expect(canEditAction({ ...editor, editableSites: 'all' }, { sites: [] })).toBe(true);
  });
});

describe('the plan’s own column template', () => {
  it('shows objective columns above the actions and action columns in the table, in the plan’s words', () => {
    const objective = plan.axes[0]!.objectives[0]!.objectives[1]!;
    const { objectiveColumns, actionColumns } = resolveColumns(plan.columns, objective, objective.actions);
    expect(objectiveColumns.map((c) => c.label)).toEqual([
      'Référence éventuelle aux recommandations des experts',
      'Niveau de pilotage',
      "Garant de l'objectif",
      'Résultats attendus',
    ]);
    expect(actionColumns.map((c) => c.label)).toEqual([
      'Actions locales',
      'Responsables',
      'Indicateurs de suivi',
      'Etat de réalisation',
    ]);
  });

  it('uses a step table’s own template', () => {
    const steps = plan.axes[0]!.objectives.find((o) => o.columns)!;
    expect(resolveColumns(plan.columns, steps, steps.actions).actionColumns.map((c) => c.label)).toEqual([
      'Etape',
      'Référence',
      'Actions locales',
      'Responsables',
      'Échéance',
      'Etat de réalisation',
    ]);
  });
});

describe('edits applied to the page’s plan', () => {
  it('replaces, moves and removes an action without touching the rest', () => {
    const first = contexts[0]!.action;
    const edited = replaceAction(plan, { ...first, text: 'Texte modifié' });
    expect(listActions(edited)[0]!.action.text).toBe('Texte modifié');
    expect(listActions(edited)[1]!.action).toBe(contexts[1]!.action);
    // Untouched branches keep their identity, so their sections are not redrawn.
    expect(edited.axes[1]).toBe(plan.axes[1]);
    expect(edited.sites).toBe(plan.sites);
    const target = plan.axes[1]!.objectives[0]!.objectives[0]!;
    const moved = moveActionInPlan(plan, first, target.id!, 0);
    expect(moved.axes[1]!.objectives[0]!.objectives[0]!.actions[0]!.id).toBe(first.id);
    expect(listActions(moved)).toHaveLength(contexts.length);
    expect(listActions(removeAction(plan, first.id!))).toHaveLength(contexts.length - 1);
  });

  it('inserts and removes axes, sub-dimensions and objectives where the server put them', () => {
    const axis = {
      id: 'new-axis',
      number: '9',
      title: 'Recherche',
      description: null,
      subdimensions: [],
      objectives: [],
      actions: [],
    };
    const withAxis = insertNode(plan, { kind: 'plan' }, { kind: 'axis', axis }, 1);
    expect(withAxis.axes.map((a) => a.id)).toEqual([
      plan.axes[0]!.id,
      'new-axis',
      ...plan.axes.slice(1).map((a) => a.id),
    ]);
    expect(withAxis.axes[0]).toBe(plan.axes[0]);

    const general = plan.axes[0]!.objectives[0]!;
    const operational = {
      ...general.objectives[0]!,
      id: 'new-op',
      title: 'Nouvel objectif opérationnel',
      objectives: [],
      actions: [],
    };
    const withObjective = insertNode(
      plan,
      { kind: 'objective', id: general.id! },
      { kind: 'objective', objective: operational },
    );
    const updated = withObjective.axes[0]!.objectives[0]!;
    expect(updated.objectives.at(-1)!.id).toBe('new-op');
    // Its siblings and the other axes are the same objects: their sections are not redrawn.
    expect(updated.objectives[0]).toBe(general.objectives[0]);
    expect(withObjective.axes[1]).toBe(plan.axes[1]);

    const withSub = insertNode(
      plan,
      { kind: 'axis', id: axis.id },
      {
        kind: 'subdimension',
        subdimension: { id: 's', number: null, title: 'x', objectives: [], actions: [] },
      },
    );
    expect(withSub).toBe(plan);

    const removed = removeNode(withObjective, 'new-op');
    expect(removed.axes[0]!.objectives[0]!.objectives.map((o) => o.id)).toEqual(
      general.objectives.map((o) => o.id),
    );
    const actionsUnder = listActions({ ...plan, axes: [plan.axes[0]!] }).length;
    expect(listActions(removeNode(plan, plan.axes[0]!.id!))).toHaveLength(contexts.length - actionsUnder);
  });
});
