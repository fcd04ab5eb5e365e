import { renderToString } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import type { PlanPermissions } from '../../../src/core/api/plans.ts';
import { assignIds } from '../../../src/core/plan-walk.ts';
import { buildPlan } from '../../../test/factories/build-plan.ts';
import { I18nProvider, type Language } from '../i18n/i18n-context.tsx';
import { PlanPageContext, type PlanPageValue } from '../plan/plan-page-context.tsx';
import { ObjectiveSection } from './objective-section.tsx';

const plan = assignIds(buildPlan({ actionCount: 40 }));
const objective = plan.axes[0]!.objectives[0]!.objectives[1]!;
const noop = () => undefined;

function render(
  permissions: PlanPermissions,
  visible: Set<string> | null = null,
  lang: Language = 'fr',
  userName = 'Marie Curie',
) {
  const value: PlanPageValue = {
    planId: 'p1',
    sites: plan.sites,
    columns: plan.columns,
    permissions,
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
    today: '2026-11-23',
    userName,
    listObjectiveOptions: () => [],
    announce: noop,
    baseline: null,
  };
  return renderToString(
    <I18nProvider initial={lang}>
      <PlanPageContext.Provider value={value}>
        <ObjectiveSection objective={objective} level={3} visible={visible} />
      </PlanPageContext.Provider>
    </I18nProvider>,
  );
}

const rowsOf = (html: string) => html.split('<tr id="action-').slice(1);

describe('an objective of the plan page', () => {
  it('lets a campus editor edit their own campus’s actions and shows the others read-only', () => {
    const rows = rowsOf(render({ canEditPlan: false, editableSites: ['LLN'], canComment: true }));
    expect(rows).toHaveLength(objective.actions.length);
    for (const row of rows) {
      const own = row.includes('data-sites="LLN"');
      expect(row.includes('Changer l’état'), row.slice(0, 80)).toBe(own);
      expect(row.includes('Lecture seule')).toBe(!own);
      expect(row.includes('>Supprimer<')).toBe(own);
      expect(row.includes('>Déplacer<')).toBe(false);
    }
  });

  it('lets a contributor change the status of the actions naming them, and nothing else', () => {
    const html = render(
      { canEditPlan: false, editableSites: [], canComment: true },
      null,
      'fr',
      'Coordination pédagogique Mons',
    );
    for (const row of rowsOf(html)) {
      expect(row.includes('Changer l’état')).toBe(row.includes('data-sites="MONS"'));
      expect(row.includes('>Modifier<')).toBe(false);
    }
  });

  it('gives a coordinator every tool, in the plan’s column labels, in English on request', () => {
    const html = render({ canEditPlan: true, editableSites: 'all', canComment: true }, null, 'en');
    expect(html).toContain('Indicateurs de suivi');
    expect(html).toContain('Garant de l&#x27;objectif');
    expect(html).toContain('Change status');
    expect(html).toContain('>Delete<');
    expect(html).not.toContain('Read only');
  });

  it('shows only the actions that pass the filters and hides an objective left empty', () => {
    const kept = objective.actions[0]!.id!;
    expect(
      rowsOf(render({ canEditPlan: true, editableSites: 'all', canComment: true }, new Set([kept]))),
    ).toHaveLength(1);
    expect(render({ canEditPlan: true, editableSites: 'all', canComment: true }, new Set(['none']))).toBe('');
  });
});
