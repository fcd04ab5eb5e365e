import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Plan, PlanWarning } from '../../core/plan-schema.ts';

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

interface ImportModule {
  importFile(
    input: string,
    options?: Record<string, unknown>,
  ): Promise<{ plan: Plan; warnings?: PlanWarning[] }>;
}

/**
 * The importer, when this checkout has it: loaded dynamically so the server starts without it.
 * Returns null when src/import/import-file.ts does not exist yet.
 */
export async function loadImporter(): Promise<ImportModule | null> {
  const file = fileURLToPath(new URL('../../import/import-file.ts', import.meta.url));
  if (!existsSync(file)) return null;
  return (await import('../../import/import-file.ts' as string)) as ImportModule;
}

/** The reference plans read through the importer, or null when there is no importer yet. */
export async function readDemoPlans(): Promise<Plan[] | null> {
  const importer = await loadImporter();
  if (!importer) return null;
  const plans: Plan[] = [];
  for (const file of findDemoSeedFiles()) plans.push((await importer.importFile(file)).plan);
  return plans;
}
