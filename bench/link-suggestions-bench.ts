/**
 * Quality of the suggested links recommendation → action on the labelled set
 * (test/fixtures/link-suggestions): share of recommendations with a right action or objective
 * ranked first and in the top 3, and the mean reciprocal rank, against the Jaccard word overlap
 * of src/core/text-similarity.ts measured in the same run. Goal: top 3 ≥ 70 %.
 *
 * Run: node bin/run-ts bench/link-suggestions-bench.ts
 */
import { loadLabelledPlans, scoreRanking } from '../test/support/link-suggestion-set.ts';
import { jaccardRanker, suggestionRanker } from '../test/support/link-suggestion-rankers.ts';

const plans = await loadLabelledPlans();
const started = performance.now();
const today = scoreRanking(plans, suggestionRanker);
const elapsed = performance.now() - started;
const baseline = scoreRanking(plans, jaccardRanker);
const pct = (x: number) => `${(x * 100).toFixed(1)} %`;
const ratio = (a: number, b: number) => (b > 0 ? (a / b).toFixed(2) : '∞');
process.stdout.write(
  `Suggested links on ${today.recommendations} labelled recommendations (BM25 + cosine vs Jaccard)\n`,
);
process.stdout.write(
  `  top 3: ${pct(today.top3)} vs ${pct(baseline.top3)} (ratio ${ratio(today.top3, baseline.top3)})\n`,
);
process.stdout.write(
  `  top 1: ${pct(today.top1)} vs ${pct(baseline.top1)} (ratio ${ratio(today.top1, baseline.top1)})\n`,
);
process.stdout.write(
  `  MRR:   ${today.mrr.toFixed(3)} vs ${baseline.mrr.toFixed(3)} (ratio ${ratio(today.mrr, baseline.mrr)})\n`,
);
process.stdout.write(`  ${elapsed.toFixed(0)} ms for all recommendations\n`);
const ok = today.top3 >= 0.7;
process.stdout.write(`${ok ? 'OK' : 'FAIL'} top 3 ${pct(today.top3)} (goal ≥ 70 %)\n`);
process.exitCode = ok ? 0 : 1;
