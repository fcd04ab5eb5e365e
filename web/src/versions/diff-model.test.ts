import { describe, expect, it } from 'vitest';
import { showValue } from './diff-model.ts';

describe('the diff as the versions page shows it', () => {
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
