import { renderToString } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import type { DiffResponse } from '../../../src/core/api/follow-up.ts';
import { I18nProvider } from '../i18n/i18n-context.tsx';
import { PlanDiffView } from './plan-diff-view.tsx';

const where = { sites: ['LLN'], axis: 'Axe 1', objective: 'Renforcer les stages' };
const diff: DiffResponse['diff'] = {
  actions: {
    added: [{ id: 'a3', text: 'Journée portes ouvertes', ...where }],
    removed: [{ id: 'a4', text: 'Ancien atelier', ...where }],
    statusChanges: [
      {
        id: 'a1',
        text: 'Guide du stagiaire',
        ...where,
        from: 'in_progress',
        to: 'done',
        fromLabel: null,
        toLabel: null,
      },
    ],
    changed: [
      {
        id: 'a2',
        text: 'Ateliers Antidote',
        ...where,
        changes: [
          { field: 'deadline', before: 'juin 2026', after: 'juin 2027' },
          { field: 'responsibles', before: ['DAE'], after: ['DAE', 'Direction'] },
        ],
      },
    ],
    unchanged: 40,
  },
  objectives: { added: [], removed: [], changed: [] },
};

const render = (lang: 'fr' | 'en', linkToCurrent = true) =>
  renderToString(
    <I18nProvider initial={lang}>
      <PlanDiffView planId="p1" diff={diff} linkToCurrent={linkToCurrent} />
    </I18nProvider>,
  );

describe('the diff between two versions', () => {
  it('shows status then → now, added and removed actions, and changed fields by their French names', () => {
    const html = render('fr');
    expect(html).toContain('Actions : 1 ajoutée, 1 retirée, 1 changement d’état, 1 modifiée, 40 inchangées.');
    expect(html).toMatch(/data-action-id="a1".*En cours.*Réalisé/s);
    expect(html).toContain('Actions ajoutées (1)');
    expect(html).toContain('Actions retirées (1)');
    expect(html).toContain('<th scope="row">Échéance</th>');
    expect(html).toContain('<th scope="row">Responsables</th>');
    expect(html).toContain('href="/plans/p1#action-a2"');
  });

  it('speaks English on the switch, and links nothing when comparing two frozen versions', () => {
    const html = render('en', false);
    expect(html).toContain('Status changes');
    expect(html).toContain('<th scope="row">Deadline</th>');
    expect(html).not.toContain('href=');
  });
});
