import { renderToString } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { planSchema } from '../../../src/core/plan-schema.ts';
import { I18nProvider } from '../i18n/i18n-context.tsx';
import { PlanPageContext, type PlanPageValue } from '../plan/plan-page-context.tsx';
import { mergePlanFields } from '../plan/use-plan-document.ts';
import { sameValue } from '../../../src/core/same-value.ts';
import { diffPlanDraft } from './plan-fields-editor.tsx';
import { NodeTools } from './structure-tools.tsx';

const plan = planSchema.parse({
  title: 'Plan 2026',
  version: { label: 'Plan d’action', date: null, kind: null },
  sections: [{ title: 'Préambule', text: 'Texte' }],
  axes: [
    {
      id: 'ax1',
      number: '1',
      title: 'Enseignement',
      subdimensions: [{ id: 'sd1', number: '1.1', title: 'Stages', objectives: [] }],
      objectives: [{ id: 'o1', title: 'Accompagner', objectives: [{ id: 'o2', title: 'Tutorat' }] }],
    },
  ],
});
const noop = () => undefined;
const page: PlanPageValue = {
  planId: 'p1',
  sites: [],
  columns: [],
  permissions: { canEditPlan: true, editableSites: 'all', canComment: true },
  edits: {
    applyAction: noop,
    addAction: noop,
    dropAction: noop,
    relocateAction: noop,
    addNode: noop,
    dropNode: noop,
    reload: async () => undefined,
  },
  revisionOf: () => 1,
  today: '2026-12-01',
  userName: 'Claire',
  listObjectiveOptions: () => [],
  announce: noop,
  baseline: null,
};

const render = (node: Parameters<typeof NodeTools>[0]['target']) =>
  renderToString(
    <I18nProvider initial="fr">
      <PlanPageContext.Provider value={page}>
        <NodeTools target={node} />
      </PlanPageContext.Provider>
    </I18nProvider>,
  );

describe('the plan’s structure tools', () => {
  it('offers what each level may hold, named after the node, and its deletion', () => {
    const axis = render({ kind: 'axis', axis: plan.axes[0]! });
    expect(axis).toContain('aria-label="Ajouter une sous-dimension sous « 1 Enseignement »"');
    expect(axis).toContain('aria-label="Ajouter un objectif sous « 1 Enseignement »"');
    expect(axis).toContain('aria-label="Supprimer l’axe « 1 Enseignement »"');
    const objective = render({ kind: 'objective', objective: plan.axes[0]!.objectives[0]! });
    expect(objective).toContain('Ajouter un objectif opérationnel sous « Accompagner »');
    expect(objective).not.toContain('sous-dimension');
    const sub = render({ kind: 'subdimension', subdimension: plan.axes[0]!.subdimensions[0]! });
    expect(sub).toContain('Supprimer la sous-dimension « 1.1 Stages »');
    expect(render({ kind: 'plan', axes: plan.axes })).toContain('Ajouter un axe');
  });
});

describe('the plan’s own fields', () => {
  const { axes: _axes, ...fields } = plan;
  const draft = {
    title: 'Plan 2026',
    institution: '',
    department: '',
    programme: '',
    versionLabel: 'Plan d’action actualisé',
    versionDate: '',
    periodFrom: '',
    periodTo: '',
    sections: [
      ...plan.sections,
      { title: 'Méthodologie', level: 1, text: ' Revue annuelle. ', footnotes: [] },
    ],
  };

  it('sends only the fields the user changed', () => {
    expect(diffPlanDraft(fields, draft)).toEqual({
      version: { label: 'Plan d’action actualisé', date: null, kind: null },
      sections: [
        { title: 'Préambule', level: 1, text: 'Texte', footnotes: [] },
        { title: 'Méthodologie', level: 1, text: 'Revue annuelle.', footnotes: [] },
      ],
    });
    expect(
      diffPlanDraft(fields, { ...draft, versionLabel: 'Plan d’action', sections: plan.sections }),
    ).toEqual({});
  });

  it('compares values whatever their key order, and keeps what did not change', () => {
    expect(sameValue({ label: 'a', date: null }, { date: null, label: 'a' })).toBe(true);
    expect(sameValue({ label: 'a' }, { label: 'b' })).toBe(false);
    const reordered = JSON.parse(JSON.stringify({ ...fields, title: 'Nouveau titre' })) as typeof fields;
    const merged = mergePlanFields(plan, { ...reordered, sections: reordered.sections.toReversed() });
    expect(merged.title).toBe('Nouveau titre');
    expect(merged.axes).toBe(plan.axes);
    expect(merged.sites).toBe(plan.sites);
    expect(merged.columns).toBe(plan.columns);
  });
});
