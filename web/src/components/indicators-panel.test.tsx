import { renderToString } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { actionSchema } from '../../../src/core/plan-schema.ts';
import { I18nProvider } from '../i18n/i18n-context.tsx';
import { PlanPageContext, type PlanPageValue } from '../plan/plan-page-context.tsx';
import { layoutIndicator, niceScale } from './indicator-chart.tsx';
import IndicatorsPanel, { listIndicators } from './indicators-panel.tsx';

const action = actionSchema.parse({
  id: 'a1',
  text: 'Ateliers Antidote pour les B1 et B2',
  indicators: ['Taux de participation', 'Nombre d’ateliers'],
  measures: [
    {
      indicator: 'Taux de participation',
      unit: '%',
      target: 75,
      values: [
        { date: '2026-01-31', value: 62, comment: 'Après la relance' },
        { date: '2025-10-15', value: 48 },
      ],
    },
    { indicator: 'Satisfaction', unit: null, target: null, values: [{ date: '2026-02-01', value: 3.5 }] },
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
  today: '2026-03-01',
  userName: 'Claire',
  listObjectiveOptions: () => [],
  announce: noop,
  baseline: null,
};

const render = (canMeasure: boolean, lang: 'fr' | 'en' = 'fr') =>
  renderToString(
    <I18nProvider initial={lang}>
      <PlanPageContext.Provider value={page}>
        <IndicatorsPanel action={action} canMeasure={canMeasure} />
      </PlanPageContext.Provider>
    </I18nProvider>,
  );

describe('an action’s indicators', () => {
  it('lists the named indicators, followed or not, then those followed without being named', () => {
    expect(listIndicators(action).map((m) => [m.indicator, m.values.length])).toEqual([
      ['Taux de participation', 2],
      ['Nombre d’ateliers', 0],
      ['Satisfaction', 1],
    ]);
  });

  it('draws values in date order on round axes, with the target as a line', () => {
    expect(niceScale(0, 75)).toEqual({ low: 0, high: 80, ticks: [0, 20, 40, 60, 80] });
    expect(niceScale(-3, 4).ticks).toEqual([-4, -2, 0, 2, 4]);
    const geometry = layoutIndicator(listIndicators(action)[0]!);
    expect(geometry.points.map((p) => p.date)).toEqual(['2025-10-15', '2026-01-31']);
    expect(geometry.points[0]!.x).toBeLessThan(geometry.points[1]!.x);
    // Higher values sit higher (smaller y); the target line is above both values.
    expect(geometry.points[1]!.y).toBeLessThan(geometry.points[0]!.y);
    expect(geometry.targetY!).toBeLessThan(geometry.points[1]!.y);
  });

  it('shows each chart with its numbers in a table, and the form only to who may measure', () => {
    const html = render(true);
    expect(html.match(/<svg/g)).toHaveLength(2);
    expect(html).toContain('aria-label="Taux de participation : 2 valeurs mesurées ; dernière 62 % le');
    expect(html).toContain('<td class="number">48 %</td>');
    expect(html).toContain('Aucune valeur mesurée.');
    expect(html).toContain('Ajouter une valeur mesurée');
    expect(render(false)).not.toContain('Ajouter une valeur mesurée');
    expect(render(false, 'en')).toContain('Measured values: Taux de participation');
  });
});
