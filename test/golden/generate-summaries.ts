/**
 * Writes the golden summaries of the two reference plans from their text form
 * (../shared/seeds). Run it after a deliberate change of the recogniser, then review the diff
 * line by line against the source before committing: `bin/run-ts test/golden/generate-summaries.ts`.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { importText } from '../../src/import/import-file.ts';
import { formatSummary, summarisePlan } from './summarise.ts';
import { seedsDir } from '../support/shared-files.ts';

const seeds = `${seedsDir}/`;
for (const [name, file] of [
  ['seed-000', '000_408056d1a7750f6e.txt'],
  ['seed-002', '002_b31f838c1917508f.txt'],
] as const) {
  const { plan } = importText(readFileSync(seeds + file, 'utf8'), { name: file, format: 'txt' });
  const out = fileURLToPath(new URL(`./${name}.summary.json`, import.meta.url));
  writeFileSync(out, formatSummary(summarisePlan(plan)));
  process.stdout.write(`${out}\n`);
}
