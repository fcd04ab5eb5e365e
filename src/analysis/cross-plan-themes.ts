import type {
  CriterionGroup,
  CrossPlanAnalysis,
  CrossPlanTheme,
  ThemeAction,
} from '../core/api/cluster-analysis.ts';
import type { Plan } from '../core/plan-schema.ts';
import type { StatusCounts } from '../core/plan-stats.ts';
import { listActions } from '../core/plan-walk.ts';
import { parseRecommendationRefs } from '../core/recommendation-reference.ts';
import { statusValues, type Status } from '../core/status.ts';
import { stemWord, tokenise } from './text-terms.ts';
import { weighCorpus, type CorpusDocument, type WeightedText } from './term-weights.ts';

/** One plan of the analysis: where it comes from and its content (internal notes are never read). */
export interface ThemePlanInput {
  planId: string;
  /** The institution it is grouped under; null falls back to the plan's own, then its title. */
  institution: string | null;
  plan: Plan;
}

export interface CrossPlanThemeOptions {
  /**
   * Least cosine similarity (BM25 weights) an action needs to a theme's centre to join it.
   * 0.2 by default: measured on test/fixtures/cross-plan-themes, where actions of one theme share
   * one or two content words with the others (0.2 to 0.5) and actions of different themes share
   * at most a common word such as "étudiants" (under 0.15).
   */
  threshold?: number;
  /**
   * Least cosine similarity of two themes' centres for them to be merged after the rounds
   * (default 0.3, see mergeThemes).
   */
  mergeThreshold?: number;
  /** Reassignment rounds after the first pass (default 3). */
  rounds?: number;
  /** Terms naming a theme (default 3). */
  nameTerms?: number;
  /** Example actions per institution and theme (default 2). */
  examples?: number;
}

/** What each part of an action's text counts for. Its notes and responsibles are left out. */
const OWN = 1;
const EXPECTED = 0.5;
const OBJECTIVE = 0.5;
const INDICATOR = 0.25;

/**
 * Words of a plan's boilerplate that say what is done to a theme, not which theme ("mettre en
 * place", "renforcer", "taux de participation"): left out of the theme vectors, else two unrelated
 * actions that both "mettent en place" something would be grouped. Their stems in both languages.
 */
const boilerplate = new Set([
  ...[
    'mettre',
    'mise',
    'mis',
    'place',
    'renforcer',
    'renforcement',
    'developper',
    'developpement',
    'ameliorer',
    'amelioration',
    'favoriser',
    'soutenir',
    'soutien',
    'organiser',
    'organisation',
    'creer',
    'creation',
    'projet',
    'action',
    'actions',
    'nombre',
    'taux',
    'participation',
    'augmentation',
    'augmenter',
    'meilleur',
    'meilleure',
    'nouveau',
    'nouvelle',
    'nouvelles',
    'elargissement',
    'elargir',
    'objectif',
    'objectifs',
    'cadre',
    'realiser',
    'realisation',
  ].map((w) => stemWord(w, 'fr')),
  ...[
    'implement',
    'improve',
    'improvement',
    'develop',
    'development',
    'strengthen',
    'support',
    'set',
    'organise',
    'organize',
    'create',
    'project',
    'action',
    'number',
    'rate',
    'participation',
    'increase',
    'better',
    'new',
    'objective',
  ].map((w) => stemWord(w, 'en')),
]);

interface Item {
  key: string;
  planId: string;
  actionId: string;
  institution: string;
  text: string;
  status: Status | null;
  criteria: string[];
  parts: WeightedText[];
}

type Vector = Map<string, number>;

function emptyCounts(): StatusCounts {
  const counts = { none: 0 } as StatusCounts;
  for (const s of statusValues) counts[s] = 0;
  return counts;
}

const compare = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** Criterion numbers an action refers to: its own and its objectives' references, and its linked recommendations. */
function criteriaOf(plan: Plan, references: string[], recommendationIds: string[]): string[] {
  const out = new Set<string>();
  for (const reference of references)
    for (const ref of parseRecommendationRefs(reference)) if (ref.criterion) out.add(ref.criterion);
  for (const id of recommendationIds) {
    const recommendation = plan.recommendations.find((r) => r.id === id);
    if (recommendation?.criterion) out.add(recommendation.criterion);
  }
  return [...out].sort((a, b) => Number(a) - Number(b) || compare(a, b));
}

function collectItems(plans: ThemePlanInput[]): Item[] {
  const items: Item[] = [];
  for (const { planId, institution, plan } of plans) {
    const name = institution ?? plan.institution ?? plan.title;
    listActions(plan).forEach(({ action, objectives }, index) => {
      if (!action.text.trim()) return;
      const actionId = action.id ?? `#${index}`;
      items.push({
        key: `${planId}:${actionId}`,
        planId,
        actionId,
        institution: name,
        text: action.text,
        status: action.status,
        criteria: criteriaOf(
          plan,
          [...action.references, ...objectives.flatMap((o) => o.references)],
          [...action.recommendationIds, ...objectives.flatMap((o) => o.recommendationIds)],
        ),
        parts: [
          { text: action.text, weight: OWN },
          { text: action.tasks.join('\n'), weight: OWN },
          { text: action.expectedResults.join('\n'), weight: EXPECTED },
          { text: action.indicators.join('\n'), weight: INDICATOR },
          ...objectives.map((o) => ({ text: o.title, weight: OBJECTIVE })),
        ],
      });
    });
  }
  // The order everything below runs in (the first pass is order-sensitive): by institution and
  // wording, so that the same plans give the same themes whatever their ids (new at each import)
  // or the order they came in; the key only breaks ties between identical texts.
  items.sort(
    (a, b) => compare(a.institution, b.institution) || compare(a.text, b.text) || compare(a.key, b.key),
  );
  return items;
}

/** A vector scaled to length 1 (cosine similarity is then a dot product). */
function unit(weights: Map<string, number>): Vector {
  let squares = 0;
  for (const [stem, w] of weights) if (!boilerplate.has(stem)) squares += w * w;
  const out: Vector = new Map();
  if (squares === 0) return out;
  const norm = Math.sqrt(squares);
  for (const [stem, w] of weights) if (!boilerplate.has(stem)) out.set(stem, w / norm);
  return out;
}

interface Centre {
  sum: Vector;
  norm: number;
}

function centreOf(members: number[], vectors: Vector[]): Centre {
  const sum: Vector = new Map();
  for (const m of members) for (const [stem, w] of vectors[m]!) sum.set(stem, (sum.get(stem) ?? 0) + w);
  let squares = 0;
  for (const w of sum.values()) squares += w * w;
  return { sum, norm: Math.sqrt(squares) };
}

/**
 * The centre each item is closest to (cosine ≥ threshold), or -1. Candidates come from an
 * inverted index of the centres' terms, so only centres sharing a term are scored; a tie goes
 * to the centre of lower index (the one whose first item comes first in that order).
 */
function nearestCentres(vectors: Vector[], centres: Centre[], threshold: number): number[] {
  const postings = new Map<string, Array<[number, number]>>();
  centres.forEach((c, index) => {
    if (c.norm === 0) return;
    for (const [stem, w] of c.sum) {
      let list = postings.get(stem);
      if (!list) postings.set(stem, (list = []));
      list.push([index, w / c.norm]);
    }
  });
  const scores = new Float64Array(centres.length);
  const touched: number[] = [];
  return vectors.map((vector) => {
    for (const [stem, w] of vector) {
      const list = postings.get(stem);
      if (!list) continue;
      for (const [index, cw] of list) {
        if (scores[index] === 0) touched.push(index);
        scores[index] = scores[index]! + w * cw;
      }
    }
    let best = -1;
    let bestScore = threshold - 1e-12;
    for (const index of touched) {
      const s = scores[index]!;
      if (s > bestScore || (s === bestScore && index < best)) {
        best = index;
        bestScore = s;
      }
      scores[index] = 0;
    }
    touched.length = 0;
    return best;
  });
}

/**
 * Groups actions of several plans by theme. Our code, as term-weights.ts is: no maintained
 * JavaScript library clusters sparse text vectors deterministically (the k-means packages take
 * dense arrays and seed at random; the search engines rank but do not group).
 *
 * 1. Each action's words (its text and tasks, then its expected results, objectives' titles and
 *    indicators with less weight) are weighed by BM25 over every action of the cluster, the vector
 *    scaled to length 1.
 * 2. First pass, in content order (institution, then wording; "planId:actionId" for ties): an action joins the theme whose centre (the sum
 *    of its members' vectors) is closest, if the cosine reaches the threshold, else starts a theme.
 * 3. Rounds of spherical k-means: the centres recomputed from their members, every action moved to
 *    its closest centre (or left alone as a theme of its own under the threshold), until nothing
 *    moves or `rounds` is reached, so the first pass's order matters little.
 * Same plans, same themes: neither their ids nor the order plans or actions come in is used.
 */
export function analyseCrossPlanThemes(
  plans: ThemePlanInput[],
  options: CrossPlanThemeOptions = {},
): CrossPlanAnalysis {
  const threshold = options.threshold ?? 0.15;
  const rounds = options.rounds ?? 3;
  const mergeThreshold = options.mergeThreshold ?? 0.2;
  const nameTerms = options.nameTerms ?? 3;
  const exampleCount = options.examples ?? 2;
  const sortedPlans = [...plans].sort((a, b) => compare(a.planId, b.planId));
  const items = collectItems(sortedPlans);
  const documents: CorpusDocument[] = items.map((i) => ({ id: i.key, parts: i.parts }));
  const corpus = weighCorpus(documents);
  const vectors = items.map((i) => {
    return unit(corpus.vectors.get(i.key)!.weights);
  });

  // 2. First pass.
  const assignment = Array.from({ length: items.length }, () => -1);
  const sums: Vector[] = [];
  const sumNorms: number[] = [];
  const postings = new Map<string, Set<number>>();
  vectors.forEach((vector, i) => {
    const dots = new Map<number, number>();
    for (const [stem] of vector) for (const c of postings.get(stem) ?? []) if (!dots.has(c)) dots.set(c, 0);
    let best = -1;
    let bestScore = threshold - 1e-12;
    for (const c of [...dots.keys()].sort((a, b) => a - b)) {
      let dot = 0;
      for (const [stem, w] of vector) dot += w * (sums[c]!.get(stem) ?? 0);
      const score = sumNorms[c]! > 0 ? dot / sumNorms[c]! : 0;
      if (score > bestScore) {
        best = c;
        bestScore = score;
      }
    }
    if (best < 0) {
      best = sums.length;
      sums.push(new Map());
      sumNorms.push(0);
    }
    assignment[i] = best;
    const sum = sums[best]!;
    for (const [stem, w] of vector) {
      sum.set(stem, (sum.get(stem) ?? 0) + w);
      let set = postings.get(stem);
      if (!set) postings.set(stem, (set = new Set()));
      set.add(best);
    }
    let squares = 0;
    for (const w of sum.values()) squares += w * w;
    sumNorms[best] = Math.sqrt(squares);
  });

  // 3. Reassignment rounds. Groups are renumbered by their first item each round, so the
  // numbering (and the tie-break by lower index) only depends on the items' keys.
  let groups = renumber(assignment);
  for (let round = 0; round < rounds; round++) {
    const centres = groups.map((members) => centreOf(members, vectors));
    const nearest = nearestCentres(vectors, centres, threshold);
    const next = nearest.map((c, i) => (c < 0 ? groups.length + i : c));
    const regrouped = renumber(next);
    const same =
      regrouped.length === groups.length && regrouped.every((g, k) => g.join(',') === groups[k]!.join(','));
    groups = regrouped;
    if (same) break;
  }

  groups = mergeThemes(groups, vectors, mergeThreshold);

  // Display forms: for each folded word, the way it was most often written (accents kept).
  const written = new Map<string, Map<string, number>>();
  for (const item of items)
    for (const part of item.parts)
      for (const raw of part.text.toLowerCase().split(/[^\p{L}\p{N}]+/u)) {
        const folded = tokenise(raw)[0];
        if (!folded) continue;
        const forms = written.get(folded) ?? new Map<string, number>();
        forms.set(raw, (forms.get(raw) ?? 0) + 1);
        written.set(folded, forms);
      }
  const display = (stem: string): string => {
    const folded = corpus.displayWord(stem);
    let best = folded;
    let bestCount = -1;
    for (const [form, n] of written.get(folded) ?? []) {
      if (tokenise(form)[0] !== folded) continue;
      if (n > bestCount || (n === bestCount && compare(form, best) < 0)) {
        best = form;
        bestCount = n;
      }
    }
    return best;
  };

  const themeOf = new Map<string, string>();
  const themes: CrossPlanTheme[] = [];
  let unthemed = 0;
  for (const members of groups) {
    if (members.length < 2) {
      unthemed += members.length;
      continue;
    }
    const centre = centreOf(members, vectors);
    const terms = [...centre.sum]
      .sort((a, b) => b[1] - a[1] || compare(a[0], b[0]))
      .slice(0, nameTerms)
      .map(([stem]) => display(stem));
    const byStatus = emptyCounts();
    const byInstitution = new Map<string, { planIds: Set<string>; scored: ThemeAction[] }>();
    for (const m of members) {
      const item = items[m]!;
      byStatus[item.status ?? 'none']++;
      let dot = 0;
      for (const [stem, w] of vectors[m]!) dot += w * (centre.sum.get(stem) ?? 0);
      const entry = byInstitution.get(item.institution) ?? { planIds: new Set(), scored: [] };
      entry.planIds.add(item.planId);
      entry.scored.push({
        planId: item.planId,
        actionId: item.actionId,
        text: item.text,
        status: item.status,
        score: centre.norm > 0 ? Math.round((dot / centre.norm) * 1000) / 1000 : 0,
      });
      byInstitution.set(item.institution, entry);
    }
    const id = items[members[0]!]!.key;
    for (const m of members) themeOf.set(items[m]!.key, id);
    themes.push({
      id,
      name: terms.join(' · '),
      terms,
      institutionCount: byInstitution.size,
      actionCount: members.length,
      byStatus,
      institutions: [...byInstitution]
        .sort((a, b) => compare(a[0], b[0]))
        .map(([institution, entry]) => ({
          institution,
          planIds: [...entry.planIds].sort(compare),
          actionCount: entry.scored.length,
          examples: entry.scored
            .sort(
              (a, b) =>
                b.score - a.score || compare(`${a.planId}:${a.actionId}`, `${b.planId}:${b.actionId}`),
            )
            .slice(0, exampleCount),
        })),
      actionKeys: members.map((m) => items[m]!.key),
    });
  }
  themes.sort(
    (a, b) => b.institutionCount - a.institutionCount || b.actionCount - a.actionCount || compare(a.id, b.id),
  );

  // By criterion: an action referencing several criteria counts in each.
  const criteria = new Map<string, { items: Item[] }>();
  let withoutCriterion = 0;
  for (const item of items) {
    if (item.criteria.length === 0) withoutCriterion++;
    for (const criterion of item.criteria) {
      const entry = criteria.get(criterion) ?? { items: [] };
      entry.items.push(item);
      criteria.set(criterion, entry);
    }
  }
  const byCriterion: CriterionGroup[] = [...criteria]
    .sort((a, b) => Number(a[0]) - Number(b[0]) || compare(a[0], b[0]))
    .map(([criterion, { items: members }]) => {
      const byStatus = emptyCounts();
      const institutions = new Map<string, number>();
      const inThemes = new Map<string, number>();
      for (const item of members) {
        byStatus[item.status ?? 'none']++;
        institutions.set(item.institution, (institutions.get(item.institution) ?? 0) + 1);
        const theme = themeOf.get(item.key);
        if (theme) inThemes.set(theme, (inThemes.get(theme) ?? 0) + 1);
      }
      return {
        criterion,
        institutionCount: institutions.size,
        actionCount: members.length,
        byStatus,
        institutions: [...institutions]
          .sort((a, b) => compare(a[0], b[0]))
          .map(([institution, actionCount]) => ({ institution, actionCount })),
        themes: [...inThemes]
          .sort((a, b) => b[1] - a[1] || compare(a[0], b[0]))
          .map(([themeId, actionCount]) => ({ themeId, actionCount })),
      };
    });

  return {
    planCount: plans.length,
    institutionCount: new Set(items.map((i) => i.institution)).size,
    actionCount: items.length,
    themes,
    unthemed,
    byCriterion,
    withoutCriterion,
    threshold,
  };
}

/** Groups of item indices from an assignment, numbered by their first (lowest) item. */
function renumber(assignment: number[]): number[][] {
  const byLabel = new Map<number, number[]>();
  assignment.forEach((label, i) => {
    const members = byLabel.get(label);
    if (members) members.push(i);
    else byLabel.set(label, [i]);
  });
  return [...byLabel.values()].sort((a, b) => a[0]! - b[0]!);
}

/**
 * Merges themes (groups of two actions or more) whose centres are close: every pair of themes
 * sharing a term is scored (cosine of their centres), and the pairs at or above `threshold` are
 * joined from the closest down (ties by the lower theme first), each theme's first merge deciding
 * (single linkage over themes). It catches one subject split in two by the first pass because its
 * actions share words two by two but not all with all (a "stage" theme of internship places and
 * one of internship search).
 */
function mergeThemes(groups: number[][], vectors: Vector[], threshold: number): number[][] {
  const themes = groups.map((members, index) => ({ members, index })).filter((g) => g.members.length >= 2);
  if (themes.length < 2) return groups;
  const centres = themes.map(({ members }) => {
    const centre = centreOf(members, vectors);
    return unitOf(centre);
  });
  const postings = new Map<string, Array<[number, number]>>();
  centres.forEach((centre, t) => {
    for (const [stem, w] of centre) {
      let list = postings.get(stem);
      if (!list) postings.set(stem, (list = []));
      list.push([t, w]);
    }
  });
  const pairs: Array<[number, number, number]> = [];
  centres.forEach((centre, t) => {
    const dots = new Map<number, number>();
    for (const [stem, w] of centre)
      for (const [u, uw] of postings.get(stem)!) if (u > t) dots.set(u, (dots.get(u) ?? 0) + w * uw);
    for (const [u, dot] of dots) if (dot >= threshold) pairs.push([t, u, dot]);
  });
  pairs.sort((a, b) => b[2] - a[2] || a[0] - b[0] || a[1] - b[1]);
  const parent = themes.map((_, t) => t);
  const root = (t: number): number => (parent[t] === t ? t : (parent[t] = root(parent[t]!)));
  for (const [t, u] of pairs) {
    const a = root(t);
    const b = root(u);
    if (a !== b) parent[Math.max(a, b)] = Math.min(a, b);
  }
  const merged = new Map<number, number[]>();
  themes.forEach((theme, t) => {
    const r = themes[root(t)]!.index;
    merged.set(r, [...(merged.get(r) ?? []), ...theme.members]);
  });
  const out: number[][] = [];
  groups.forEach((members, index) => {
    if (members.length < 2) out.push(members);
    else if (merged.has(index)) out.push(merged.get(index)!.sort((a, b) => a - b));
  });
  return out.sort((a, b) => a[0]! - b[0]!);
}

function unitOf(centre: Centre): Vector {
  const out: Vector = new Map();
  if (centre.norm === 0) return out;
  for (const [stem, w] of centre.sum) out.set(stem, w / centre.norm);
  return out;
}
