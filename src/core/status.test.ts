import { describe, expect, it } from 'vitest';
import { parseStatus, statusLabel } from './status.ts';

describe('parseStatus', () => {
  // Every status form found in the two reference plans, with the canonical status a coordinator expects.
  const seedForms: Array<[string, string | null]> = [
    // seed 000, "Etat de réalisation"
    ['En cours', 'in_progress'],
    ['Implémenté', 'implemented'],
    ['Réalisé', 'done'],
    ["Plus d'actualité", 'dropped'],
    ['Reporté', 'postponed'],
    ['Réalisé et implémenté', 'implemented'],
    ['Réalisé pour B1-B2 Implémenté pour B3', 'implemented'],
    ["Réalisé Plus d'actualité", 'dropped'],
    ['À venir', 'planned'],
    ['', null],
    // seed 000, synthesis timeline completion notes
    ['Action terminée en 2021-2022', 'done'],
    ['Action termine en 2022-2023?', 'done'],
    ['Action terminée en 2023?', 'done'],
    ['Action terminée en 2022?', 'done'],
    // seed 002, "Degré de réalisation / Échéance(s)"
    ['Action en cours et pérenne', 'in_progress'],
    ['Action en cours depuis septembre 2015', 'in_progress'],
    ['Action en cours depuis 2015 et pérenne', 'in_progress'],
    ['Action réalisée en 2014-2015 et pérenne', 'implemented'],
    ['Action à planifier en 2016-2017 et pérenne', 'planned'],
    ['Action à planifier et pérenne', 'planned'],
    ['Action en cours et pérenne pour le cursus', 'in_progress'],
    ['Action en cours', 'in_progress'],
    ['Action planifiée en janvier 2016', 'planned'],
    ['Action à planifier en 2017', 'planned'],
  ];
  it.each(seedForms)('reads %j as %s, keeping the label', (label, expected) => {
    const parsed = parseStatus(label);
    expect(parsed.status).toBe(expected);
    expect(parsed.label).toBe(label);
  });

  it.each([
    ['Done', 'done'],
    ['Completed', 'done'],
    ['In progress', 'in_progress'],
    ['Ongoing', 'in_progress'],
    ['Not started', 'planned'],
    ['Planned for Q2', 'planned'],
    ['Postponed to 2027', 'postponed'],
    ['On hold', 'postponed'],
    ['Cancelled', 'dropped'],
    ['No longer relevant', 'dropped'],
    ['Implemented', 'implemented'],
    ['Non réalisé', 'planned'],
    ['REPORTÉ', 'postponed'],
    ['abandonnée', 'dropped'],
    ['A partir de juin 2015 (en cours)', 'in_progress'],
  ])('reads the usual form %j as %s', (label, expected) => {
    expect(parseStatus(label).status).toBe(expected);
  });

  it('keeps each part of a scoped status with its scope', () => {
    const parsed = parseStatus('Réalisé pour B1-B2 Implémenté pour B3');
    expect(parsed.parts.map((p) => [p.status, p.scope])).toEqual([
      ['done', 'b1-b2'],
      ['implemented', 'b3'],
    ]);
  });

  it('notes that an action lasts ("pérenne")', () => {
    expect(parseStatus('Action en cours et pérenne').lasting).toBe(true);
    expect(parseStatus('Action en cours').lasting).toBe(false);
  });

  it('leaves text that names no status without one', () => {
    expect(parseStatus('Voir le rapport').status).toBeNull();
  });

  it('labels statuses in French and English', () => {
    expect(statusLabel('dropped', 'fr')).toBe("Plus d'actualité");
    expect(statusLabel('in_progress', 'en')).toBe('In progress');
    expect(statusLabel(null, 'fr')).toBe('Sans statut');
  });
});
