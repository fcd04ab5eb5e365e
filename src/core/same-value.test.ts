import { describe, expect, it } from 'vitest';
import { sameValue } from './same-value.ts';

describe('sameValue', () => {
  it('sees the same data whatever the key order (an object read back from jsonb), and real differences', () => {
    expect(
      sameValue({ from: '2026-06-01', to: '2026-06-30' }, { to: '2026-06-30', from: '2026-06-01' }),
    ).toBe(true);
    expect(sameValue([{ year: '2025-2026', term: 'Q1' }], [{ term: 'Q1', year: '2025-2026' }])).toBe(true);
    expect(sameValue(null, undefined)).toBe(true);
    expect(sameValue({ a: 1, b: undefined }, { a: 1 })).toBe(true);
    expect(sameValue(['DAE', 'DD'], ['DD', 'DAE'])).toBe(false);
    expect(sameValue({ label: 'En cours' }, { label: 'Réalisé' })).toBe(false);
  });
});
