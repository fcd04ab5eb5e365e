import { describe, expect, it } from 'vitest';
import type { DiffResponse } from '../../../src/core/api/follow-up.ts';
import { showValue, withoutReorderedFields } from './diff-model.ts';

const diff: DiffResponse['diff'] = {
  actions: {
    added: [],
    removed: [],
    statusChanges: [],
    changed: [
      {
        id: 'a1',
        text: 'Organiser les ateliers',
        sites: ['LLN'],
        axis: 'Axe 1',
        objective: null,
        changes: [{ field: 'deadline', before: 'juin 2026', after: 'juin 2027' }],
      },
    ],
    unchanged: 10,
  },
  objectives: {
    added: [],
    removed: [],
    changed: [
      {
        id: 'o1',
        title: 'Renforcer les stages',
        changes: [
          {
            field: 'steeringLevel',
            before: { value: 'flexible_coordination', label: 'Coordination souple' },
            after: { label: 'Coordination souple', value: 'flexible_coordination' },
          },
          {
            field: 'timeline',
            before: [{ year: '2025-2026', term: 'Q1' }],
            after: [{ term: 'Q1', year: '2025-2026' }],
          },
        ],
      },
      {
        id: 'o2',
        title: 'Ouvrir le programme',
        changes: [
          {
            field: 'timeline',
            before: [{ year: '2025-2026', term: 'Q1' }],
            after: [{ term: 'Q2', year: '2025-2026' }],
          },
        ],
      },
    ],
  },
};

describe('the diff as the versions page shows it', () => {
  it('drops field changes that only reorder the keys of a stored object, and the items left empty', () => {
    const clean = withoutReorderedFields(diff);
    expect(clean.objectives.changed.map((o) => o.id)).toEqual(['o2']);
    expect(clean.actions.changed).toHaveLength(1);
    expect(clean.actions.unchanged).toBe(10);
  });

  it('writes values in words: steering level by label, timeline slots on one line, lists a line each', () => {
    expect(showValue({ value: 'flexible_coordination', label: 'Coordination souple' })).toBe(
      'Coordination souple',
    );
    expect(
      showValue([
        { year: '2025-2026', term: 'Q1' },
        { term: 'Q2', year: '2025-2026' },
      ]),
    ).toBe('2025-2026 Q1, 2025-2026 Q2');
    expect(showValue(['DAE', 'Direction'])).toBe('DAE\nDirection');
    expect(showValue(null)).toBe('—');
    expect(showValue(3)).toBe('3');
  });
});
