import { describe, expect, it } from 'vitest';
import { en } from './en.ts';
import { fr } from './fr.ts';
import { translate } from './i18n-context.tsx';

describe('interface texts', () => {
  it('has every French text in English too, with the same placeholders', () => {
    for (const key of Object.keys(fr) as Array<keyof typeof fr>) {
      const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
      expect(placeholders(en[key]), key).toEqual(placeholders(fr[key]));
    }
  });

  it('fills placeholders', () => {
    expect(translate('fr', 'plan.filter.count', { shown: 3, total: 10 })).toBe('3 actions affichées sur 10');
    expect(translate('en', 'plan.filter.count', { shown: 3, total: 10 })).toBe('3 of 10 actions shown');
  });
});
