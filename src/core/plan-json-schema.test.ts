import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { buildPlanJsonSchema } from './plan-json-schema.ts';

describe('plan format JSON Schema', () => {
  it('is committed and up to date with the zod schema (run `npm run schema:generate`)', () => {
    const committed = JSON.parse(
      readFileSync(new URL('../../docs/plan-format.schema.json', import.meta.url), 'utf8'),
    );
    expect(committed).toEqual(buildPlanJsonSchema());
  });

  it('names the fixed top-level and action keys', () => {
    const schema = buildPlanJsonSchema() as { properties: Record<string, unknown>; required: string[] };
    expect(Object.keys(schema.properties)).toEqual(
      expect.arrayContaining(['title', 'sites', 'axes', 'warnings']),
    );
    const text = JSON.stringify(schema);
    for (const key of [
      'text',
      'sites',
      'status',
      'statusLabel',
      'priority',
      'responsibles',
      'indicators',
      'expectedResults',
      'deadline',
      'references',
    ]) {
      expect(text).toContain(`"${key}"`);
    }
  });
});
