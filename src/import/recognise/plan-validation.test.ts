import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { planSchema } from '../../core/plan-schema.ts';
import { seedFile } from '../../../test/support/shared-files.ts';
import { importText } from '../import-file.ts';
import { validatePlan } from './plan-validation.ts';

const seed000 = importText(readFileSync(seedFile('000_408056d1a7750f6e.txt'), 'utf8')).plan;

describe('validatePlan', () => {
  it('gives the plan one planSchema parse gives, defaults filled and unknown keys dropped', () => {
    const input = structuredClone(seed000) as unknown as Record<string, unknown>;
    const axes = input.axes as Array<Record<string, unknown>>;
    axes[0]!.stray = 'dropped';
    delete (axes[0]!.objectives as Array<Record<string, unknown>>)[0]!.isNew;
    const expected = planSchema.safeParse(structuredClone(input));
    const result = validatePlan(input);
    expect(result.success).toBe(true);
    expect(expected.success && result.success && result.data).toEqual(expected.data);
  });

  it('reports the same issue, with its full path, for an invalid node anywhere', () => {
    for (const damage of [
      (p: any) => (p.axes[1].objectives[0].objectives[0].actions[0].priority = 7),
      (p: any) => (p.axes[0].objectives[0].title = 12),
      (p: any) => (p.axes[2].subdimensions = 'none'),
      (p: any) => (p.sites = [{ code: '' }]),
      (p: any) => (p.axes = null),
    ]) {
      const input = structuredClone(seed000) as any;
      damage(input);
      const expected = planSchema.safeParse(structuredClone(input));
      const result = validatePlan(input);
      expect(expected.success).toBe(false);
      expect(result.success).toBe(false);
      if (!result.success && !expected.success) expect(result.issues[0]).toEqual(expected.error.issues[0]);
    }
  });
});
