import { describe, expect, it } from 'vitest';
import { listActions } from '../../src/core/plan-walk.ts';
import type { Action, Plan } from '../../src/core/plan-schema.ts';
import { exportPlan } from '../../src/export/index.ts';
import { importBytes, importFile } from '../../src/import/index.ts';
import { buildPlan } from '../factories/build-plan.ts';
import { seedFile } from '../support/shared-files.ts';

/**
 * Importing an export gives the same plan: every field of every action, in order, for the two
 * reference plans (their text form), plans of other shapes and languages, and the factory plan.
 */
const actionFields = [
  'kind',
  'text',
  'sites',
  'references',
  'responsibles',
  'indicators',
  'expectedResults',
  'tasks',
  'status',
  'statusLabel',
  'priority',
  'deadline',
  'deadlinePeriod',
  'steeringLevel',
  'guarantor',
  'conditions',
  'notes',
  'extra',
] as const satisfies ReadonlyArray<keyof Action>;

const plans: Record<string, () => Promise<Plan>> = {
  'seed 000 (text)': async () => (await importFile(seedFile('000_408056d1a7750f6e.txt'))).plan,
  'seed 002 (text)': async () => (await importFile(seedFile('002_b31f838c1917508f.txt'))).plan,
  'English CSV with a campus column': async () =>
    (await importFile('test/fixtures/import/quality-plan-en.csv')).plan,
  'XLSX with merged objectives': async () =>
    (await importFile('test/fixtures/import/own-merged-objectives.xlsx')).plan,
  'factory plan': async () => buildPlan(),
};

function describeDifferences(before: Plan, after: Plan): string[] {
  const a = listActions(before);
  const b = listActions(after);
  const differences: string[] = [];
  if (a.length !== b.length) differences.push(`actions: ${a.length} → ${b.length}`);
  for (let i = 0; i < Math.min(a.length, b.length); i++) {
    for (const field of actionFields) {
      const x = JSON.stringify(a[i]!.action[field] ?? null);
      const y = JSON.stringify(b[i]!.action[field] ?? null);
      if (x !== y) differences.push(`action ${i + 1} ${field}: ${x} → ${y}`);
    }
  }
  return differences;
}

describe.each(['json', 'docx', 'xlsx', 'csv'] as const)('round trip through %s', (format) => {
  it.each(Object.keys(plans))('%s', async (name) => {
    const plan = await plans[name]!();
    const exported = await exportPlan(plan, { format });
    const { plan: again } = await importBytes({ name: `export.${format}`, bytes: exported.bytes });
    expect(listActions(plan).length).toBeGreaterThan(3);
    expect(describeDifferences(plan, again)).toEqual([]);
  });
});
