import { describe, expect, it } from 'vitest';
import { planSchema, type Plan } from '../core/plan-schema.ts';
import { suggestLinks } from './link-suggestions.ts';

/** A small plan: two objectives with actions, three recommendations, one of them already answered by reference. */
function smallPlan(): Plan {
  return planSchema.parse({
    title: 'Plan d’action',
    recommendations: [
      {
        id: 'r-stages',
        criterion: '3',
        number: '4',
        text: 'Améliorer l’accompagnement des étudiants dans la recherche de stages.',
      },
      {
        id: 'r-mobilite',
        criterion: '5',
        number: '2',
        text: 'Encourager la mobilité internationale des enseignants.',
      },
      { id: 'r-qualite', criterion: '1', number: '4', text: 'Rendre la démarche qualité plus lisible.' },
    ],
    axes: [
      {
        id: 'axe-1',
        title: 'L’accompagnement des étudiants',
        objectives: [
          {
            id: 'o-stages',
            title: 'Aider les étudiants dans la recherche de stages',
            actions: [
              {
                id: 'a-ateliers',
                text: 'Organiser des ateliers de recherche de stage en B1',
                indicators: ['Nombre d’étudiants ayant trouvé un stage'],
              },
              { id: 'a-base', text: 'Améliorer la base de données des lieux de stage' },
            ],
          },
          {
            id: 'o-erasmus',
            title: 'Soutenir la mobilité des enseignants à l’international',
            actions: [
              {
                id: 'a-erasmus',
                text: 'Soutenir les participations dans le cadre d’Erasmus+',
                expectedResults: ['Plus d’enseignants en mobilité internationale'],
              },
            ],
          },
          {
            id: 'o-qualite',
            title: 'Formaliser la démarche qualité',
            references: ['Critère 1, Recommandation 4'],
            actions: [{ id: 'a-note', text: 'Rédiger une note qui formalise la gestion de la qualité' }],
          },
        ],
      },
    ],
  });
}

describe('suggestLinks', () => {
  it('suggests for each unanswered recommendation the actions and objectives that answer it, with the shared words', () => {
    const { recommendations } = suggestLinks(smallPlan());
    expect(recommendations.map((r) => r.key)).toEqual(['C3-R4', 'C5-R2']);
    const stages = recommendations[0]!;
    expect(stages.suggestions[0]).toMatchObject({ kind: 'objective', id: 'o-stages' });
    expect(stages.suggestions.slice(0, 3).map((s) => s.id)).toContain('a-ateliers');
    expect(stages.suggestions[0]!.sharedTerms).toEqual(expect.arrayContaining(['recherche', 'stages']));
    expect(stages.suggestions.every((s) => s.score > 0 && s.score <= 1)).toBe(true);
    expect(recommendations[1]!.suggestions[0]!.id).toMatch(/erasmus/);
  });

  it('never suggests a pair the coordinator rejected', () => {
    const rejected = [
      { recommendationId: 'r-stages', targetKind: 'objective' as const, targetId: 'o-stages' },
    ];
    const stages = suggestLinks(smallPlan(), { rejected }).recommendations[0]!;
    expect(stages.suggestions.map((s) => s.id)).not.toContain('o-stages');
    expect(
      stages.suggestions
        .slice(0, 2)
        .map((s) => s.id)
        .sort(),
    ).toEqual(['a-ateliers', 'a-base']);
  });

  it('stops suggesting for a recommendation once something answers it', () => {
    const plan = smallPlan();
    plan.axes[0]!.objectives[0]!.actions[0]!.recommendationIds = ['r-stages'];
    expect(suggestLinks(plan).recommendations.map((r) => r.key)).toEqual(['C5-R2']);
  });

  it('suggests recommendations for actions that answer none, but not for those whose objective does', () => {
    const { actions } = suggestLinks(smallPlan());
    expect(actions.map((a) => a.actionId)).not.toContain('a-note');
    const ateliers = actions.find((a) => a.actionId === 'a-ateliers')!;
    expect(ateliers.suggestions[0]).toMatchObject({ recommendationId: 'r-stages', key: 'C3-R4' });
  });

  it('gives the same suggestions for the same plan, in the same order', () => {
    expect(JSON.stringify(suggestLinks(smallPlan()))).toBe(JSON.stringify(suggestLinks(smallPlan())));
  });
});
