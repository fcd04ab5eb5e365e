import { planSchema, type Plan } from '../core/plan-schema.ts';

/** The Jalon plan format v1 (docs/plan-format.md): validated before writing, so an export is always importable. */
export function writeJson(plan: Plan): Uint8Array {
  const valid = planSchema.parse(plan);
  return new TextEncoder().encode(`${JSON.stringify(valid, null, 2)}\n`);
}
