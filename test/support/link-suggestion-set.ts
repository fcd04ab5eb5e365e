import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { listActions, listObjectives, assignIds } from '../../src/core/plan-walk.ts';
import type { Plan } from '../../src/core/plan-schema.ts';
import { foldText } from '../../src/core/text.ts';
import { importFile } from '../../src/import/index.ts';
import { sharedDir } from './shared-files.ts';

/**
 * The labelled set of test/fixtures/link-suggestions: recommendations paired with the actions and
 * objectives that answer them, in real plans imported by the real importers. Read by the quality
 * test and by bench/link-suggestions-bench.ts, which score any ranking method on it.
 */

const repoRoot = fileURLToPath(new URL('../../', import.meta.url));
const setFile = path.join(repoRoot, 'test/fixtures/link-suggestions/labelled-set.json');

const answerSchema = z.union([
  z.object({ objective: z.string().min(1) }).strict(),
  z.object({ action: z.string().min(1) }).strict(),
]);
const labelledSetSchema = z.object({
  about: z.string(),
  plans: z.array(
    z.object({
      id: z.string(),
      /** "shared:seeds/…" (the shared reference folder) or "repo:test/fixtures/…". */
      document: z.string().regex(/^(shared|repo):/),
      note: z.string(),
      recommendations: z.array(
        z.object({
          key: z.string(),
          text: z.string().min(1),
          wording: z.enum(['quoted', 'paraphrased']),
          source: z.string().min(1),
          answers: z.array(answerSchema).min(1),
        }),
      ),
    }),
  ),
});
export type LabelledSet = z.infer<typeof labelledSetSchema>;

export function readLabelledSet(): LabelledSet {
  return labelledSetSchema.parse(JSON.parse(readFileSync(setFile, 'utf8')));
}

export interface LabelledPlan {
  id: string;
  /**
   * The plan as imported, with every reference and explicit link removed (nothing is answered
   * yet) and the labelled recommendations as its register, ids given in document order.
   */
  plan: Plan;
  /** Per recommendation id: the "kind:id" keys of the actions and objectives that answer it. */
  answers: Map<string, Set<string>>;
}

const startsWith = (text: string, prefix: string) =>
  foldText(text).replace(/\s+/g, ' ').trim().startsWith(foldText(prefix).replace(/\s+/g, ' ').trim());

/** Imports each plan of the set and resolves its answers; throws when an answer matches nothing (the importer changed). */
export async function loadLabelledPlans(set: LabelledSet = readLabelledSet()): Promise<LabelledPlan[]> {
  const plans: LabelledPlan[] = [];
  for (const entry of set.plans) {
    const [where, relative] = entry.document.split(/:(.*)/s) as [string, string];
    const file = path.join(where === 'shared' ? sharedDir : repoRoot, relative);
    const { plan } = await importFile(file);
    for (const { objective } of listObjectives(plan)) {
      objective.references = [];
      objective.recommendationIds = [];
    }
    for (const { action } of listActions(plan)) {
      action.references = [];
      action.recommendationIds = [];
    }
    plan.recommendations = entry.recommendations.map((r) => ({
      id: `rec-${r.key}`,
      criterion: /^C(\d+)-R/.exec(r.key)?.[1] ?? null,
      number: /R(\d+)$/.exec(r.key)?.[1] ?? r.key,
      text: r.text,
      justification: null,
    }));
    let next = 0;
    assignIds(plan, () => `n${++next}`);
    const answers = new Map<string, Set<string>>();
    for (const r of entry.recommendations) {
      const right = new Set<string>();
      for (const answer of r.answers) {
        let found = 0;
        if ('objective' in answer) {
          for (const { objective } of listObjectives(plan)) {
            if (!startsWith(objective.title, answer.objective)) continue;
            found++;
            right.add(`objective:${objective.id}`);
            const inside = (o: typeof objective): void => {
              for (const a of o.actions) right.add(`action:${a.id}`);
              for (const child of o.objectives) {
                right.add(`objective:${child.id}`);
                inside(child);
              }
            };
            inside(objective);
          }
        } else {
          for (const { action } of listActions(plan)) {
            if (!startsWith(action.text, answer.action)) continue;
            found++;
            right.add(`action:${action.id}`);
          }
        }
        if (found === 0)
          throw new Error(
            `${entry.id} ${r.key}: no ${Object.keys(answer)[0]} starts with "${Object.values(answer)[0]}"`,
          );
      }
      answers.set(`rec-${r.key}`, right);
    }
    plans.push({ id: entry.id, plan, answers });
  }
  return plans;
}

/** A ranking method: for one recommendation of a plan, every action and objective as "kind:id", best first. */
export type Ranker = (plan: Plan, recommendationId: string) => string[];

export interface RankingScore {
  recommendations: number;
  top1: number;
  top3: number;
  /** Mean reciprocal rank of the first right answer (0 when none is ranked). */
  mrr: number;
  /** The recommendations whose first right answer is not in the top 3, with its rank (null: not ranked). */
  misses: Array<{ plan: string; recommendationId: string; rank: number | null }>;
}

export function scoreRanking(plans: LabelledPlan[], rank: Ranker): RankingScore {
  let count = 0;
  let top1 = 0;
  let top3 = 0;
  let reciprocal = 0;
  const misses: RankingScore['misses'] = [];
  for (const { id, plan, answers } of plans) {
    for (const [recommendationId, right] of answers) {
      count++;
      const ranking = rank(plan, recommendationId);
      const index = ranking.findIndex((key) => right.has(key));
      if (index === 0) top1++;
      if (index >= 0 && index < 3) top3++;
      else misses.push({ plan: id, recommendationId, rank: index >= 0 ? index + 1 : null });
      if (index >= 0) reciprocal += 1 / (index + 1);
    }
  }
  return { recommendations: count, top1: top1 / count, top3: top3 / count, mrr: reciprocal / count, misses };
}
