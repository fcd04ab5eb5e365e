import { describe, expect, it } from 'vitest';
import type { PlanChange } from '../../../src/core/api/plans.ts';
import { translate, type Language } from '../i18n/i18n-context.tsx';
import { changeTarget, describeChange, mergeChangeFeeds, type ChangeFeed } from './recent-changes.ts';

const change = (id: number, at: string, overrides: Partial<PlanChange> = {}): PlanChange => ({
  id: String(id),
  at,
  user: { id: 'u1', name: 'Luc Lenoir' },
  action: 'update',
  objectType: 'action',
  objectId: `a${id}`,
  label: `Action ${id}`,
  fields: [],
  status: null,
  ...overrides,
});

const words = (lang: Language, c: PlanChange) => {
  const t = (key: Parameters<typeof translate>[1], params?: Record<string, string | number>) =>
    translate(lang, key, params);
  const w = describeChange(t, lang, c);
  return w.sentence.replace('{object}', [w.noun, w.label ? `« ${w.label} »` : ''].filter(Boolean).join(' '));
};

describe('recent changes on the home page', () => {
  it('says who did what to which object, in French and in English', () => {
    const status = change(1, '2026-11-30T10:00:00Z', {
      action: 'status',
      status: { from: 'planned', to: 'in_progress' },
    });
    expect(words('fr', status)).toBe(
      'Luc Lenoir a fait passer l’action « Action 1 » de «\u00a0À venir\u00a0» à «\u00a0En cours\u00a0»',
    );
    expect(words('en', status)).toBe(
      'Luc Lenoir moved the action « Action 1 » from “Planned” to “In progress”',
    );
    const edit = change(2, '2026-11-30T10:00:00Z', { fields: ['deadline', 'responsibles'] });
    expect(describeChange((k, p) => translate('fr', k, p), 'fr', edit).fields).toEqual([
      'Échéance',
      'Responsables',
    ]);
    const axis = change(3, '2026-11-30T10:00:00Z', {
      action: 'create',
      objectType: 'axis',
      label: '4 Recherche',
    });
    expect(words('fr', axis)).toBe('Luc Lenoir a ajouté l’axe « 4 Recherche »');
    const imported = change(4, '2026-11-30T10:00:00Z', { action: 'import', objectType: 'plan', user: null });
    expect(words('fr', imported)).toBe('Jalon a importé le plan');
    const deletedAccount = change(5, '2026-11-30T10:00:00Z', {
      action: 'comment',
      user: { id: 'u9', name: 'compte supprimé' },
    });
    expect(words('fr', deletedAccount)).toBe('compte supprimé a commenté l’action « Action 5 »');
    const rejected = change(6, '2026-11-30T10:00:00Z', {
      action: 'link-suggestion.reject',
      objectType: 'recommendation',
      label: 'Recommandation 3 : Simplifier les documents de stage',
    });
    expect(words('fr', rejected)).toBe(
      'Luc Lenoir a rejeté un lien suggéré pour « Recommandation 3 : Simplifier les documents de stage »',
    );
    expect(words('en', rejected)).toBe(
      'Luc Lenoir rejected a suggested link for « Recommandation 3 : Simplifier les documents de stage »',
    );
  });

  it('links to the object while the plan still has it, never to a deleted one', () => {
    const entry = { ...change(1, '2026-11-30T10:00:00Z'), planId: 'p1', planTitle: 'Plan' };
    expect(changeTarget(entry, new Set(['a1']))).toBe('/plans/p1#action-a1');
    expect(changeTarget(entry, new Set())).toBeNull();
    expect(changeTarget({ ...entry, action: 'delete' }, new Set(['a1']))).toBeNull();
    expect(changeTarget({ ...entry, objectType: 'subdimension' }, new Set(['a1']))).toBe(
      '/plans/p1#sub-block-a1',
    );
    expect(changeTarget({ ...entry, objectType: 'recommendation' }, null)).toBe('/plans/p1/recommendations');
  });

  it('merges several plans newest first and holds back what an unread older page could still precede', () => {
    const feeds: ChangeFeed[] = [
      {
        planId: 'p1',
        planTitle: 'Plan 1',
        changes: [change(9, '2026-11-30T12:00:00Z'), change(8, '2026-11-29T12:00:00Z')],
        nextBefore: '8',
      },
      {
        planId: 'p2',
        planTitle: 'Plan 2',
        changes: [
          change(7, '2026-11-30T08:00:00Z'),
          change(6, '2026-11-28T08:00:00Z'),
          change(5, '2026-11-01T08:00:00Z'),
        ],
        nextBefore: null,
      },
    ];
    const merged = mergeChangeFeeds(feeds);
    // Plan 1 may have more changes between 29 and 28 November: its own page ends there.
    expect(merged.entries.map((e) => e.id)).toEqual(['9', '7', '8']);
    expect(merged.limitedBy).toEqual(['p1']);
    const complete = mergeChangeFeeds([{ ...feeds[0]!, nextBefore: null }, feeds[1]!]);
    expect(complete.entries.map((e) => `${e.planId}:${e.id}`)).toEqual([
      'p1:9',
      'p2:7',
      'p1:8',
      'p2:6',
      'p2:5',
    ]);
    expect(complete.limitedBy).toEqual([]);
  });
});
