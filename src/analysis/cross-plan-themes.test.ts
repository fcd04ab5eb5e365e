import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { planSchema, type Plan } from '../core/plan-schema.ts';
import { analyseCrossPlanThemes, type ThemePlanInput } from './cross-plan-themes.ts';

interface LabelledAction {
  id: string;
  theme: string;
  institution: string;
  objective: string;
  objectiveReferences: string[];
  text: string;
  expectedResults: string[];
  status: string | null;
  source: string;
}

const labelled: LabelledAction[] = JSON.parse(
  readFileSync(
    new URL('../../test/fixtures/cross-plan-themes/labelled-actions.json', import.meta.url),
    'utf8',
  ),
).items;

/** One plan per institution of the labelled set, each action under its objective as the source has it. */
function labelledPlans(order: (items: LabelledAction[]) => LabelledAction[] = (x) => x): ThemePlanInput[] {
  const byInstitution = new Map<string, LabelledAction[]>();
  for (const item of order(labelled))
    byInstitution.set(item.institution, [...(byInstitution.get(item.institution) ?? []), item]);
  return [...byInstitution].map(([institution, items], p) => {
    const objectives = new Map<string, LabelledAction[]>();
    for (const item of items)
      objectives.set(item.objective, [...(objectives.get(item.objective) ?? []), item]);
    const plan: Plan = planSchema.parse({
      title: `Plan d’action ${institution}`,
      institution,
      axes: [
        {
          id: `axis-${p}`,
          title: 'Axe 1',
          objectives: [...objectives].map(([title, actions], o) => ({
            id: `obj-${p}-${o}`,
            title,
            references: actions[0]!.objectiveReferences,
            actions: actions.map((a) => ({
              id: a.id,
              text: a.text,
              expectedResults: a.expectedResults,
              status: a.status,
              // Internal notes must never weigh in the analysis.
              notes: 'stage stage stage numérique mobilité écriture',
            })),
          })),
        },
      ],
    });
    return { planId: `plan-${institution}`, institution, plan };
  });
}

const themeLabel = (id: string) => labelled.find((l) => l.id === id)!.theme;

describe('cross-plan themes on the labelled set (test/fixtures/cross-plan-themes)', () => {
  const analysis = analyseCrossPlanThemes(labelledPlans());
  const themeOfAction = new Map<string, string>();
  for (const theme of analysis.themes)
    for (const key of theme.actionKeys) themeOfAction.set(key.split(':')[1]!, theme.id);

  it('finds each labelled theme as one theme, never mixes two labels, and themes most labelled actions', () => {
    const described = analysis.themes.map((t) => ({
      name: t.name,
      labels: t.actionKeys.map((k) => themeLabel(k.split(':')[1]!)),
    }));
    for (const theme of described) expect(new Set(theme.labels).size, JSON.stringify(theme)).toBe(1);
    for (const label of ['stage', 'ecrit', 'numerique', 'mobilite']) {
      const members = labelled.filter((l) => l.theme === label);
      const themes = new Set(members.map((m) => themeOfAction.get(m.id)).filter((t) => t !== undefined));
      expect(themes.size, `${label}: ${JSON.stringify(described)}`).toBe(1);
    }
    expect(analysis.themes).toHaveLength(4);
    for (const other of labelled.filter((l) => l.theme === 'other'))
      expect(themeOfAction.get(other.id), other.text).toBeUndefined();
    // Left alone: actions sharing a single word with their theme ("stage", "mobilité"), a word
    // that 8 of these 19 actions hold and BM25 weighs low (a10, a13, a16).
    const themed = labelled.filter((l) => l.theme !== 'other' && themeOfAction.has(l.id));
    expect(themed.length / labelled.filter((l) => l.theme !== 'other').length).toBeGreaterThanOrEqual(0.8);
    expect(analysis.unthemed).toBe(labelled.length - themed.length);
  });

  it('names themes by their top terms as written, accents kept, and counts institutions, actions and statuses', () => {
    const stage = analysis.themes.find((t) => t.actionKeys.some((k) => k.endsWith(':a11')))!;
    expect(stage.terms).toContain('stage');
    const members = labelled.filter((l) => stage.actionKeys.includes(`plan-${l.institution}:${l.id}`));
    expect(members.every((m) => m.theme === 'stage')).toBe(true);
    expect(stage.actionCount).toBe(members.length);
    const institutions = [...new Set(members.map((m) => m.institution))].sort();
    expect(stage.institutionCount).toBe(institutions.length);
    expect(stage.institutions.map((i) => i.institution)).toEqual(institutions);
    for (const status of ['in_progress', 'implemented', 'done'] as const)
      expect(stage.byStatus[status]).toBe(members.filter((m) => m.status === status).length);
    expect(stage.byStatus.none).toBe(members.filter((m) => m.status === null).length);
    // Each institution with its own example actions, closest to the theme first.
    const montignies = stage.institutions.find((i) => i.institution === 'HELHa Montignies')!;
    expect(montignies.actionCount).toBe(members.filter((m) => m.institution === 'HELHa Montignies').length);
    expect(montignies.examples.length).toBe(2);
    expect(montignies.examples[0]!.score).toBeGreaterThanOrEqual(montignies.examples[1]!.score);
    expect(montignies.examples.every((e) => e.planId === 'plan-HELHa Montignies')).toBe(true);
    // Themes spanning more institutions first.
    const spans = analysis.themes.map((t) => t.institutionCount);
    expect(spans).toEqual([...spans].sort((a, b) => b - a));

    const digital = analysis.themes.find((t) => t.actionKeys.some((k) => k.endsWith(':a02')))!;
    expect(digital.terms).toContain('numériques');
    expect(digital.institutionCount).toBe(3);
    const writing = analysis.themes.find((t) => t.actionKeys.some((k) => k.endsWith(':a06')))!;
    expect(writing.terms).toContain('écriture');
    expect(writing.terms).toContain('écrit');
  });

  it('groups actions by the AEQES criterion their objectives reference', () => {
    expect(analysis.byCriterion.map((c) => c.criterion)).toEqual(['3', '4', '5']);
    const c3 = analysis.byCriterion.find((c) => c.criterion === '3')!;
    // Four writing actions (criteria 3 and 4) and four internship actions (criterion 3).
    expect(c3.actionCount).toBe(8);
    expect(c3.institutions).toEqual([
      { institution: 'HELHa Louvain-la-Neuve', actionCount: 2 },
      { institution: 'HELHa Mons', actionCount: 1 },
      { institution: 'HELHa Montignies', actionCount: 5 },
    ]);
    // The writing theme holds the four writing actions; the internship theme those of its actions citing criterion 3.
    const stage = analysis.themes.find((t) => t.actionKeys.some((k) => k.endsWith(':a11')))!;
    const stageC3 = stage.actionKeys.filter((k) => ['a09', 'a10', 'a11', 'a12'].includes(k.split(':')[1]!));
    expect(c3.themes.map((t) => t.actionCount)).toEqual([4, stageC3.length]);
    const c5 = analysis.byCriterion.find((c) => c.criterion === '5')!;
    expect(c5.actionCount).toBe(3);
    expect(c5.byStatus).toMatchObject({ implemented: 1, in_progress: 2 });
    expect(analysis.withoutCriterion).toBe(labelled.length - 11);
  });

  it('gives the same themes whatever order the plans and their actions come in', () => {
    const reference = JSON.stringify(analysis);
    let seed = 7;
    const random = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    for (let run = 0; run < 5; run++) {
      const shuffle = <T>(list: T[]) => {
        const copy = [...list];
        for (let i = copy.length - 1; i > 0; i--) {
          const j = Math.floor(random() * (i + 1));
          [copy[i], copy[j]] = [copy[j]!, copy[i]!];
        }
        return copy;
      };
      const plans = shuffle(labelledPlans(shuffle));
      expect(JSON.stringify(analyseCrossPlanThemes(plans))).toBe(reference);
    }
  });

  it('gives the same themes whatever ids the plans and actions were given (new ones at each import)', () => {
    const wordsOf = (result: ReturnType<typeof analyseCrossPlanThemes>) =>
      result.themes.map((theme) => ({
        name: theme.name,
        actions: theme.institutions
          .flatMap((i) => i.examples.map((e) => `${i.institution}: ${e.text}`))
          .sort(),
      }));
    const renamed = labelledPlans().map((input, index) => ({
      ...input,
      planId: `z-${9 - index}`,
      plan: {
        ...input.plan,
        axes: input.plan.axes.map((axis) => ({
          ...axis,
          objectives: axis.objectives.map((objective) => ({
            ...objective,
            actions: objective.actions.map((action) => ({
              ...action,
              id: `x-${(action.id ?? '').split('').toReversed().join('')}`,
            })),
          })),
        })),
      },
    }));
    expect(wordsOf(analyseCrossPlanThemes(renamed))).toEqual(wordsOf(analysis));
  });
});
