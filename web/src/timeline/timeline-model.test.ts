import { describe, expect, it } from 'vitest';
import { assignIds } from '../../../src/core/plan-walk.ts';
import { buildPlan } from '../../../test/factories/build-plan.ts';
import { buildTimeline, locateToday } from './timeline-model.ts';

describe('synthesis timeline', () => {
  const plan = assignIds(
    buildPlan({ actionCount: 40, timelineYears: ['2023-2024', '2024-2025', '2025-2026', '2027-2028'] }),
  );
  const timeline = buildTimeline(plan);

  it('runs over every academic year in Q1/Q2, filling a year the header skipped', () => {
    expect(timeline.columns.map((c) => c.key).slice(0, 3)).toEqual([
      '2023-2024:Q1',
      '2023-2024:Q2',
      '2024-2025:Q1',
    ]);
    expect(timeline.columns.some((c) => c.year === '2026-2027')).toBe(true);
  });

  it('lists axes then their objectives with scope, new marker and slots', () => {
    expect(timeline.rows[0]!.kind).toBe('axis');
    const objectives = timeline.rows.filter((r) => r.kind === 'objective');
    expect(objectives.some((r) => r.scope === 'all')).toBe(true);
    expect(objectives.some((r) => r.scope === 'some')).toBe(true);
    expect(objectives.some((r) => r.isNew)).toBe(true);
    expect(objectives.some((r) => r.slots.size > 0)).toBe(true);
  });

  it('places today inside its quadrimester', () => {
    const mark = locateToday(timeline.columns, '2025-11-15');
    expect(mark?.key).toBe('2025-2026:Q1');
    expect(mark!.fraction).toBeGreaterThan(0.3);
    expect(mark!.fraction).toBeLessThan(0.7);
    expect(locateToday(timeline.columns, '2040-01-01')).toBeNull();
  });
});
