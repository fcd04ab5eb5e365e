import type { Plan } from '../../src/core/plan-schema.ts';
import { readDemoPlans } from '../../src/server/demo/demo-plans.ts';

/** The two reference plans through the real importer, or null while the importer is not in the tree. */
export async function referencePlans(): Promise<Plan[] | null> {
  return readDemoPlans();
}
