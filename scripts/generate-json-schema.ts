// Writes docs/plan-format.schema.json from the zod plan schema (`npm run schema:generate`).
import { writeFileSync } from 'node:fs';
import { buildPlanJsonSchema } from '../src/core/plan-json-schema.ts';

const target = new URL('../docs/plan-format.schema.json', import.meta.url);
writeFileSync(target, `${JSON.stringify(buildPlanJsonSchema(), null, 2)}\n`);
process.stderr.write(`wrote ${target.pathname}\n`);
