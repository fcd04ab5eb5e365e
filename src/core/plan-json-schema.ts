import { z } from 'zod';
import { PLAN_FORMAT_VERSION, planSchema } from './plan-schema.ts';

/**
 * The JSON Schema of the Jalon plan format, generated from the zod schema so that the two can
 * never disagree. It describes what an importer accepts: fields with a default may be left out.
 */
export function buildPlanJsonSchema(): Record<string, unknown> {
  const schema = z.toJSONSchema(planSchema, { io: 'input', unrepresentable: 'any' }) as Record<
    string,
    unknown
  >;
  return {
    $schema: 'https://json-schema.org/draft/2020-12/schema',
    $id: `https://jalon.invalid/schema/plan-format-v${PLAN_FORMAT_VERSION}.json`,
    title: `Jalon plan format v${PLAN_FORMAT_VERSION}`,
    description:
      'A quality action plan: axes, objectives, actions, sites, statuses, deadlines and the document around them.',
    ...Object.fromEntries(Object.entries(schema).filter(([key]) => key !== '$schema')),
  };
}
