import type { Plan } from '../../../src/core/plan-schema.ts';
import { computeCoverage } from '../../../src/core/plan-stats.ts';
import { listActions, listObjectives } from '../../../src/core/plan-walk.ts';
import { parseRecommendationRefs, recommendationKey } from '../../../src/core/recommendation-reference.ts';

export interface CoverageAnswer {
  kind: 'objective' | 'action';
  id: string;
  /** The objective to link to (the action's own objective for an action). */
  objectiveId: string | null;
  text: string;
}

export interface CoverageRow {
  key: string;
  /** The register entry's id; null for a recommendation the plan cites without listing it. */
  id: string | null;
  criterion: string | null;
  number: string | null;
  text: string;
  justification: string | null;
  state: 'answered' | 'justified' | 'unanswered';
  /** The plan cites the recommendation but its register does not list it. */
  citedOnly: boolean;
  answers: CoverageAnswer[];
}

/**
 * The coverage matrix: the register's coverage as core computes it, plus every recommendation
 * the plan cites without listing it, so that a plan imported without its register (seed 000)
 * still shows what its objectives answer.
 */
export function buildCoverage(plan: Plan): CoverageRow[] {
  const objectiveOfAction = new Map<string, string | null>();
  for (const { action, objectives } of listActions(plan)) {
    objectiveOfAction.set(action.id ?? '', objectives[objectives.length - 1]?.id ?? null);
  }
  const rows: CoverageRow[] = computeCoverage(plan).map((entry) => ({
    key: entry.key,
    id: entry.recommendation.id ?? null,
    criterion: entry.recommendation.criterion,
    number: entry.recommendation.number,
    text: entry.recommendation.text,
    justification: entry.recommendation.justification,
    state: entry.state,
    citedOnly: false,
    answers: [
      ...entry.objectives.map((o) => ({
        kind: 'objective' as const,
        id: o.id ?? '',
        objectiveId: o.id ?? null,
        text: o.title,
      })),
      ...entry.actions.map((a) => ({
        kind: 'action' as const,
        id: a.id ?? '',
        objectiveId: objectiveOfAction.get(a.id ?? '') ?? null,
        text: a.text,
      })),
    ],
  }));
  const known = new Set(rows.map((row) => row.key));
  const cited = new Map<string, CoverageRow>();
  const cite = (references: string[], answer: CoverageAnswer) => {
    for (const ref of references.flatMap(parseRecommendationRefs)) {
      const key = recommendationKey(ref);
      if (ref.number === null || known.has(key)) continue;
      const row = cited.get(key) ?? {
        key,
        id: null,
        criterion: ref.criterion,
        number: ref.number,
        text: ref.label,
        justification: null,
        state: 'answered' as const,
        citedOnly: true,
        answers: [],
      };
      if (!row.answers.some((a) => a.id === answer.id)) row.answers.push(answer);
      cited.set(key, row);
    }
  };
  for (const { objective } of listObjectives(plan)) {
    cite(objective.references, {
      kind: 'objective',
      id: objective.id ?? '',
      objectiveId: objective.id ?? null,
      text: objective.title,
    });
  }
  for (const { action } of listActions(plan)) {
    cite(action.references, {
      kind: 'action',
      id: action.id ?? '',
      objectiveId: objectiveOfAction.get(action.id ?? '') ?? null,
      text: action.text,
    });
  }
  return [...rows, ...cited.values()].sort(compareRecommendations);
}

function compareRecommendations(a: CoverageRow, b: CoverageRow): number {
  const num = (value: string | null) =>
    value === null ? Number.MAX_SAFE_INTEGER : Number.parseInt(value, 10) || 0;
  return num(a.criterion) - num(b.criterion) || num(a.number) - num(b.number);
}
