/**
 * Import fidelity: every document of the layout corpus (test/fixtures/layouts: plans in layouts
 * other than the two reference plans, in DOCX, XLSX, PDF and pasted text, each with a ground
 * truth written by hand) is imported and scored field by field against its truth — axis,
 * objective, action text, site, status, priority, responsibles, deadline, indicators, actions
 * paired by text (test/support/plan-fidelity.ts).
 *
 * The baseline, measured in the same run, is the importer of the commit before the
 * structure-from-shape work (BEFORE_SHAPE_COMMIT, or --baseline <commit>), taken from git into a
 * temporary folder and run on the same files.
 *
 * Goals: ≥ 0.98 overall on DOCX, XLSX and pasted text, ≥ 0.95 on PDF, no document below 0.9.
 *
 * Run: node bin/run-ts bench/import-fidelity.ts [--verbose] [--json] [--baseline <commit>|none]
 */
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { Plan } from '../src/core/plan-schema.ts';
import {
  fidelityFields,
  layoutsDir,
  readTruths,
  scorePlan,
  type FidelityField,
  type FidelityScore,
} from '../test/support/plan-fidelity.ts';
import { BEFORE_SHAPE_COMMIT, checkoutBaseline, projectRoot as root } from './baseline-checkout.ts';

const args = process.argv.slice(2);
const option = (name: string): string | undefined => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : undefined;
};

interface DocumentScore {
  id: string;
  document: string;
  format: string;
  layout: string;
  score: FidelityScore;
  error: string | null;
}

function formatGroup(document: string): string {
  const ext = path.extname(document).slice(1);
  return ext === 'txt' ? 'pasted' : ext;
}

/** Imports and scores every document with the importer found under `codeRoot`. */
async function scoreCorpus(codeRoot: string): Promise<DocumentScore[]> {
  const importer = (await import(pathToFileURL(path.join(codeRoot, 'src/import/import-file.ts')).href)) as {
    importFile(file: string): Promise<{ plan: Plan }>;
  };
  const out: DocumentScore[] = [];
  for (const truth of readTruths()) {
    for (const document of truth.documents) {
      const base = { id: truth.id, document, format: formatGroup(document), layout: truth.layout };
      try {
        const { plan } = await importer.importFile(path.join(layoutsDir, document));
        out.push({ ...base, score: scorePlan(plan, truth), error: null });
      } catch (error) {
        // A document that cannot be imported loses every field of its truth.
        const nothing = { title: '', axes: [], sites: [] } as unknown as Plan;
        out.push({ ...base, score: scorePlan(nothing, truth), error: (error as Error).message });
      }
    }
  }
  return out;
}

/** The baseline importer, checked out of git beside the project, run in a child process; null when unavailable. */
function scoreBaseline(commit: string): DocumentScore[] | null {
  const checkout = checkoutBaseline(commit);
  if (!checkout) return null;
  try {
    const run = spawnSync(
      process.execPath,
      [path.join(root, 'bin/run-ts'), fileURLToPath(import.meta.url), '--score-only', checkout.dir],
      { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 },
    );
    if (run.status !== 0) {
      process.stderr.write(`baseline ${commit} failed: ${run.stderr.slice(-2000)}\n`);
      return null;
    }
    return JSON.parse(run.stdout) as DocumentScore[];
  } finally {
    checkout.remove();
  }
}

function sum(scores: DocumentScore[]): { right: number; total: number; accuracy: number } {
  let right = 0;
  let total = 0;
  for (const s of scores) {
    right += s.score.right;
    total += s.score.total;
  }
  return { right, total, accuracy: total === 0 ? 0 : right / total };
}

function fieldTotals(scores: DocumentScore[]): Record<FidelityField, number> {
  const out = {} as Record<FidelityField, number>;
  for (const field of fidelityFields) {
    let right = 0;
    let total = 0;
    for (const s of scores) {
      right += s.score.byField[field].right;
      total += s.score.byField[field].total;
    }
    out[field] = total === 0 ? 1 : right / total;
  }
  return out;
}

const pct = (x: number | undefined) => (x === undefined ? '   –  ' : x.toFixed(3).padStart(6));

if (args[0] === '--score-only') {
  process.stdout.write(JSON.stringify(await scoreCorpus(args[1]!)));
} else {
  const started = performance.now();
  const current = await scoreCorpus(root);
  const elapsed = performance.now() - started;
  const baselineCommit = option('baseline') ?? BEFORE_SHAPE_COMMIT;
  const baseline = baselineCommit === 'none' ? null : scoreBaseline(baselineCommit);
  const before = new Map(baseline?.map((s) => [s.document, s]) ?? []);

  if (args.includes('--json')) {
    process.stdout.write(`${JSON.stringify({ current, baseline, baselineCommit }, null, 2)}\n`);
  } else {
    const out = (line: string) => process.stdout.write(`${line}\n`);
    out(
      `Import fidelity over ${current.length} documents of ${new Set(current.map((s) => s.id)).size} plans`,
    );
    out(`(${(elapsed / 1000).toFixed(1)} s; baseline: the importer at ${baselineCommit})\n`);
    out(`${'document'.padEnd(44)} ${'layout'.padEnd(30)} actions  before    now`);
    let failed = false;
    let lowDocuments = 0;
    for (const s of current) {
      const was = before.get(s.document);
      const acc = s.score.accuracy;
      const low = acc < 0.9;
      if (low) lowDocuments += 1;
      const actions = s.error ? 'error' : `${s.score.importedActions}/${s.score.truthActions}`;
      out(
        `${low ? '!' : ' '} ${s.document.padEnd(42)} ${s.layout.padEnd(30)} ${actions.padStart(7)} ${pct(was?.score.accuracy)} ${pct(acc)}`,
      );
      if (s.error) out(`    error: ${s.error}`);
      if (args.includes('--verbose')) {
        for (const m of s.score.misses)
          out(`    ${m.field}: want "${m.truth}" got "${m.got}"  [${m.action.slice(0, 50)}]`);
        for (const t of s.score.missing) out(`    missing action: ${t.slice(0, 80)}`);
        for (const t of s.score.unexpected) out(`    unexpected action: ${t.slice(0, 80)}`);
      }
    }
    out('');
    const goals: Record<string, number> = { docx: 0.98, xlsx: 0.98, pasted: 0.98, pdf: 0.95 };
    for (const group of ['docx', 'xlsx', 'pasted', 'pdf']) {
      const now = sum(current.filter((s) => s.format === group));
      const was = baseline ? sum(baseline.filter((s) => s.format === group)) : null;
      const ok = now.accuracy >= goals[group]!;
      if (!ok) failed = true;
      out(
        `${ok ? 'ok  ' : 'FAIL'} ${group.padEnd(7)} accuracy ${pct(now.accuracy)}  (goal ≥ ${goals[group]}; before ${pct(was?.accuracy)}, ratio ${was && was.accuracy > 0 ? (now.accuracy / was.accuracy).toFixed(2) : '–'}×)`,
      );
    }
    const all = sum(current);
    const allBefore = baseline ? sum(baseline) : null;
    out(
      `     overall accuracy ${pct(all.accuracy)}  (${all.right}/${all.total} fields; before ${pct(allBefore?.accuracy)})`,
    );
    const fieldsNow = fieldTotals(current);
    const fieldsBefore = baseline ? fieldTotals(baseline) : null;
    out(
      `     by field: ${fidelityFields.map((f) => `${f} ${fieldsNow[f].toFixed(3)}${fieldsBefore ? ` (${fieldsBefore[f].toFixed(3)})` : ''}`).join(', ')}`,
    );
    out(`${lowDocuments > 0 ? 'FAIL' : 'ok  '} no document below 0.9 (${lowDocuments} below)`);
    process.exitCode = failed || lowDocuments > 0 ? 1 : 0;
  }
}
