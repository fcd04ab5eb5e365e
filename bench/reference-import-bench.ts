/**
 * Import speed of the two reference plans, today's importer against the importer before the
 * structure-from-shape work (BEFORE_SHAPE_COMMIT, or --baseline <commit>), both loaded in this
 * process and timed in alternation on the same files: seed 000 and 002 as DOCX, seed 000 as
 * PDF (warm), seed 002's action sheet as XLSX, and seed 000 as pasted text.
 * Goal: each within 10 % of the baseline (ratio ≤ 1.10).
 *
 * Run: node bin/run-ts bench/reference-import-bench.ts [--baseline <commit>] [--runs 9]
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { fixtureFile, SEED_000, SEED_002, seedFile } from '../test/support/shared-files.ts';
import { BEFORE_SHAPE_COMMIT, checkoutBaseline, projectRoot } from './baseline-checkout.ts';

type ImportBytes = (input: { name: string; bytes: Uint8Array }) => Promise<unknown>;

const args = process.argv.slice(2);
const option = (name: string, fallback: string): string => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1]! : fallback;
};
const commit = option('baseline', BEFORE_SHAPE_COMMIT);
const runs = Number(option('runs', '9'));

async function load(root: string): Promise<ImportBytes> {
  const module = (await import(pathToFileURL(path.join(root, 'src/import/import-file.ts')).href)) as {
    importBytes: ImportBytes;
  };
  return module.importBytes;
}

const cases: Array<{ name: string; file: string; as: string }> = [
  { name: 'seed 000 DOCX', file: fixtureFile(`${SEED_000}.docx`), as: 'plan.docx' },
  { name: 'seed 002 DOCX', file: fixtureFile(`${SEED_002}.docx`), as: 'plan.docx' },
  { name: 'seed 000 PDF (warm)', file: fixtureFile(`${SEED_000}.pdf`), as: 'plan.pdf' },
  { name: 'seed 002 XLSX', file: fixtureFile(`${SEED_002}_actions.xlsx`), as: 'plan.xlsx' },
  { name: 'seed 000 pasted text', file: seedFile(`${SEED_000}.txt`), as: 'plan.txt' },
];

const checkout = checkoutBaseline(commit);
if (!checkout) {
  process.stdout.write(`FAIL baseline ${commit} unavailable: no figure to compare with\n`);
  process.exitCode = 1;
} else {
  try {
    const today = await load(projectRoot);
    const before = await load(checkout.dir);
    let failed = false;
    process.stdout.write(
      `Reference plans: today's importer against ${commit} (median of ${runs}, alternated)\n`,
    );
    for (const c of cases) {
      const bytes = new Uint8Array(readFileSync(c.file));
      const input = () => ({ name: c.as, bytes });
      await today(input());
      await before(input());
      const times = { today: [] as number[], before: [] as number[] };
      for (let i = 0; i < runs; i++) {
        for (const [key, run] of (i % 2
          ? [
              ['before', before],
              ['today', today],
            ]
          : [
              ['today', today],
              ['before', before],
            ]) as Array<['today' | 'before', ImportBytes]>) {
          const started = performance.now();
          await run(input());
          times[key].push(performance.now() - started);
        }
      }
      const median = (xs: number[]) => xs.sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
      const now = median(times.today);
      const was = median(times.before);
      const ratio = now / was;
      const ok = ratio <= 1.1;
      if (!ok) failed = true;
      process.stdout.write(
        `${ok ? 'ok  ' : 'FAIL'} ${c.name.padEnd(24)} ${now.toFixed(1).padStart(8)} ms  before ${was.toFixed(1).padStart(8)} ms  ratio ${ratio.toFixed(2)} (goal ≤ 1.10)\n`,
      );
    }
    process.exitCode = failed ? 1 : 0;
  } finally {
    checkout.remove();
  }
}
