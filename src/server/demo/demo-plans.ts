import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Plan } from '../../core/plan-schema.ts';

const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));

/**
 * Where the two reference plans are: the shared seeds next to the checkout when present,
 * otherwise the copy shipped in demo/ (a user's clone has no ../shared).
 */
export function findDemoSeedFiles(): string[] {
  for (const dir of [path.join(repoRoot, '../shared/seeds'), path.join(repoRoot, 'demo')]) {
    if (!existsSync(dir)) continue;
    const files = readdirSync(dir)
      .filter((f) => /^\d{3}_[0-9a-f]+\.txt$/.test(f))
      .sort()
      .map((f) => path.join(dir, f));
    if (files.length > 0) return files;
  }
  return [];
}

/** The reference plans read through the importer (loaded on first use: it is not needed afterwards). */
export async function readDemoPlans(): Promise<Plan[]> {
  const { importFile } = await import('../../import/import-file.ts');
  const plans: Plan[] = [];
  for (const file of findDemoSeedFiles()) plans.push((await importFile(file)).plan);
  return plans;
}
