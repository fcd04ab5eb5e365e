import { describe, expect, it } from 'vitest';
import { diffPlans } from './plan-diff.ts';
import { planSchema, type PlanInput } from './plan-schema.ts';
import { assignIds } from './plan-walk.ts';

const base: PlanInput = {
  title: "Plan d'action",
  sites: [
    { code: 'LLN', name: 'Louvain-la-Neuve' },
    { code: 'MONS', name: 'Mons' },
  ],
  axes: [
    {
      title: "L'accompagnement des étudiants",
      objectives: [
        {
          title: "Développer l'aide à la réussite",
          actions: [
            {
              text: 'Organisation de tests formatifs pour tous les cours de B1',
              sites: ['LLN'],
              status: 'in_progress',
              statusLabel: 'En cours',
            },
            {
              text: 'Développement du tutorat matières',
              sites: ['LLN'],
              status: 'planned',
              statusLabel: 'À venir',
            },
            {
              text: 'Mise en place d’une équipe stage',
              sites: ['MONS'],
              status: 'done',
              statusLabel: 'Réalisé',
            },
          ],
        },
      ],
    },
  ],
};

describe('diffPlans', () => {
  it('reports status changes, text changes, added and removed actions between two versions that keep ids', () => {
    const before = assignIds(planSchema.parse(base));
    const after = structuredClone(before);
    const actions = after.axes[0]!.objectives[0]!.actions;
    actions[0]!.status = 'implemented';
    actions[0]!.statusLabel = 'Implémenté';
    actions[1]!.text = 'Développement du tutorat matières en B2 par des étudiants de B3';
    actions.splice(2, 1);
    actions.push({
      ...actions[0]!,
      id: 'new-action',
      text: 'Ateliers « bien-être » en B1',
      status: null,
      statusLabel: null,
    });

    const diff = diffPlans(before, after);
    expect(diff.actions.statusChanges).toEqual([
      expect.objectContaining({
        text: 'Organisation de tests formatifs pour tous les cours de B1',
        from: 'in_progress',
        to: 'implemented',
      }),
    ]);
    expect(diff.actions.changed).toEqual([
      expect.objectContaining({
        changes: [
          {
            field: 'text',
            before: 'Développement du tutorat matières',
            after: 'Développement du tutorat matières en B2 par des étudiants de B3',
          },
        ],
      }),
    ]);
    expect(diff.actions.removed.map((a) => a.text)).toEqual(['Mise en place d’une équipe stage']);
    expect(diff.actions.added.map((a) => a.text)).toEqual(['Ateliers « bien-être » en B1']);
    expect(diff.actions.unchanged).toBe(0);
  });

  it('matches actions by text when the two plans were imported separately (no shared ids)', () => {
    const before = assignIds(planSchema.parse(base));
    const after = assignIds(planSchema.parse(base));
    after.axes[0]!.objectives[0]!.actions[2]!.status = 'implemented';
    const diff = diffPlans(before, after);
    expect(diff.actions.added).toEqual([]);
    expect(diff.actions.removed).toEqual([]);
    expect(diff.actions.statusChanges.map((c) => [c.text, c.from, c.to])).toEqual([
      ['Mise en place d’une équipe stage', 'done', 'implemented'],
    ]);
    expect(diff.actions.unchanged).toBe(2);
  });

  it('sees no change in an objective whose steering level and timeline only come back with their keys in another order', () => {
    const before = assignIds(planSchema.parse(base));
    const objective = before.axes[0]!.objectives[0]!;
    objective.steeringLevel = { value: 'flexible_coordination', label: 'Coordination souple' };
    objective.timeline = [{ year: '2025-2026', term: 'Q1' }];
    const after = structuredClone(before);
    const reordered = after.axes[0]!.objectives[0]!;
    reordered.steeringLevel = {
      label: 'Coordination souple',
      value: 'flexible_coordination',
    } as typeof objective.steeringLevel;
    reordered.timeline = [{ term: 'Q1', year: '2025-2026' }];
    expect(diffPlans(before, after).objectives.changed).toEqual([]);
  });
});

describe('custom fields in the diff', () => {
  it('names each changed custom field, added and removed values included', () => {
    const before = assignIds(
      planSchema.parse({
        title: 'Plan',
        axes: [
          {
            title: 'Axe',
            actions: [{ text: 'Tutorat', customFields: { budget: 100, public: ['B1'], visa: 'oui' } }],
          },
        ],
      }),
    );
    const after = structuredClone(before);
    after.axes[0]!.actions[0]!.customFields = { budget: 250, public: ['B1'], campus: 'Namur' };
    const diff = diffPlans(before, after);
    expect(diff.actions.changed[0]!.changes).toEqual([
      { field: 'customFields.budget', before: 100, after: 250 },
      { field: 'customFields.visa', before: 'oui', after: null },
      { field: 'customFields.campus', before: null, after: 'Namur' },
    ]);
  });
});
