import { describe, expect, it } from 'vitest';
import { en } from './en.ts';
import { fr } from './fr.ts';
import { translate } from './i18n-context.tsx';

describe('interface texts', () => {
  it('has every French text in English too, with the same placeholders', () => {
    for (const key of Object.keys(fr) as Array<keyof typeof fr>) {
      const placeholders = (text: string) =>
        [...new Set([...text.matchAll(/\{(\w+)[}|]/g)].map((m) => m[1]))].sort();
      expect(placeholders(en[key]), key).toEqual(placeholders(fr[key]));
    }
  });

  it('fills placeholders', () => {
    expect(translate('fr', 'plan.filter.count', { shown: 3, total: 10 })).toBe('3 actions affichées sur 10');
    expect(translate('en', 'plan.filter.count', { shown: 3, total: 10 })).toBe('3 of 10 actions shown');
  });

  it('chooses singular or plural by the count, as each language does', () => {
    const summary = (lang: 'fr' | 'en', n: number) =>
      translate(lang, 'since.summary', { label: 'V1', added: n, changed: 2, removed: 0 });
    expect(summary('fr', 1)).toBe('Depuis la version « V1 » : 1 action nouvelle, 2 modifiées, 0 retirée.');
    expect(summary('fr', 0)).toContain('0 action nouvelle');
    expect(summary('en', 0)).toBe('Since version “V1”: 0 new actions, 2 changed, 0 removed.');
    expect(summary('en', 1)).toContain('1 new action,');
  });
});
