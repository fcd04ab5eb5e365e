import { describe, expect, it } from 'vitest';
import { planSchema } from '../../../src/core/plan-schema.ts';
import { buildProgressHistory, slotEnd, type StatusChange } from './progress-history.ts';

const plan = planSchema.parse({
  title: 'Plan',
  axes: [
    {
      id: 'ax',
      title: 'Enseignement',
      objectives: [
        {
          id: 'o1',
          title: 'Objectif',
          actions: [
            { id: 'a1', text: 'Guide du stagiaire', status: 'done', deadline: 'juin 2026' },
            {
              id: 'a2',
              text: 'Journée des maîtres de stage',
              status: 'in_progress',
              deadline: 'janvier 2027',
            },
            { id: 'a3', text: 'Enquête auprès des diplômés', status: 'planned', deadline: '2027-2028' },
            { id: 'a4', text: 'Charte des stages', status: 'implemented' },
          ],
        },
      ],
    },
  ],
});

// Oldest first, as the server records them; a2's change was recorded before a1's back-dated one.
const changes: StatusChange[] = [
  { actionId: 'a1', date: '2025-10-15', from: 'planned', to: 'in_progress' },
  { actionId: 'a2', date: '2026-09-20', from: 'planned', to: 'in_progress' },
  { actionId: 'a1', date: '2026-03-10', from: 'in_progress', to: 'done' },
  // An action deleted since: not one of the plan's actions any more.
  { actionId: 'gone', date: '2025-11-02', from: null, to: 'done' },
];

describe('progress over time on the dashboard', () => {
  it('rebuilds each quadrimester’s statuses from the dated changes, and the actions due by its end', () => {
    const history = buildProgressHistory(plan, changes, '2026-12-01');
    expect(history.total).toBe(4);
    expect(history.firstChange).toBe('2025-10-15');
    const rows = history.points.map((p) => [
      p.label,
      p.asOf,
      p.current,
      p.due,
      p.counts && {
        planned: p.counts.planned,
        in_progress: p.counts.in_progress,
        done: p.counts.done,
        implemented: p.counts.implemented,
      },
    ]);
    expect(rows).toEqual([
      // a1 started in October; a2 and a3 as imported (planned), a4 implemented all along.
      ['Q1 25-26', '2026-01-31', false, 0, { planned: 2, in_progress: 1, done: 0, implemented: 1 }],
      ['Q2 25-26', '2026-08-31', false, 1, { planned: 2, in_progress: 0, done: 1, implemented: 1 }],
      // The current quadrimester, counted today from the plan's statuses.
      ['Q1 26-27', '2026-12-01', true, 2, { planned: 1, in_progress: 1, done: 1, implemented: 1 }],
      // Still to come: only what will be due.
      ['Q2 26-27', '2027-08-31', false, 2, null],
      ['Q1 27-28', '2028-01-31', false, 2, null],
      ['Q2 27-28', '2028-08-31', false, 3, null],
    ]);
    // Every known quadrimester accounts for every action, the deleted one left out.
    for (const point of history.points.filter((p) => p.counts)) {
      expect(Object.values(point.counts!).reduce((a, b) => a + b, 0)).toBe(4);
    }
  });

  it('keeps the imported statuses when no change was recorded, from the first deadline on', () => {
    const history = buildProgressHistory(plan, [], '2026-12-01');
    expect(history.firstChange).toBeNull();
    expect(history.points[0]!.label).toBe('Q2 25-26');
    expect(history.points[0]!.counts).toMatchObject({ done: 1, in_progress: 1, planned: 1, implemented: 1 });
  });

  it('places July and August in the second quadrimester', () => {
    expect(slotEnd({ year: '2025-2026', term: 'Q2' })).toBe('2026-08-31');
    expect(slotEnd({ year: '2025-2026', term: 'Q1' })).toBe('2026-01-31');
    expect(
      buildProgressHistory(planSchema.parse({ title: 'Vide', axes: [] }), [], '2026-12-01').points,
    ).toEqual([]);
  });
});
