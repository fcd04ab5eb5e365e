import { describe, expect, it } from 'vitest';
import {
  academicYearOf,
  academicYearsBetween,
  normaliseAcademicYear,
  parseDeadline,
  termOf,
  termSlotsOf,
} from './academic-calendar.ts';

describe('parseDeadline', () => {
  // Every deadline form found in the two reference plans (step periods, deadline cells, dates in text).
  const seedForms: Array<[string, string | null, string | null]> = [
    [
      'Activer un diagnostic participatif des pratiques existantes (septembre 2026 - décembre 2026)',
      '2026-09-01',
      '2026-12-31',
    ],
    [
      "Co-élaborer/ formaliser un référentiel commun d'harmonisation (novembre 2026 – janvier 2027)",
      '2026-11-01',
      '2027-01-31',
    ],
    [
      'Expérimenter et ajuster le référentiel en contexte réel (février 2027 – avril 2027)',
      '2027-02-01',
      '2027-04-30',
    ],
    [
      'Déployer et accompagner la mise en conformité progressive (mai 2027 – août 2029)',
      '2027-05-01',
      '2029-08-31',
    ],
    [
      "Évaluer, capitaliser et pérenniser la dynamique d'harmonisation (septembre 2029 – Décembre 2029)",
      '2029-09-01',
      '2029-12-31',
    ],
    ['Action réalisée en 2014-2015 et pérenne', '2014-09-01', '2015-08-31'],
    ['Action à planifier en 2016-2017 et pérenne', '2016-09-01', '2017-08-31'],
    ['Action planifiée en janvier 2016', '2016-01-01', '2016-01-31'],
    ['Action à planifier en 2017', '2017-01-01', '2017-12-31'],
    ['Action en cours depuis septembre 2015', '2015-09-01', null],
    ['Action en cours depuis 2015 et pérenne', '2015-01-01', null],
    ['Action terminée en 2021-2022', '2021-09-01', '2022-08-31'],
    ['Action termine en 2022-2023?', '2022-09-01', '2023-08-31'],
    ['Décembre 2015', '2015-12-01', '2015-12-31'],
    ['publication des textes sous forme de livre/brochure (2022-23)', '2022-09-01', '2023-08-31'],
    ['Après la phase diagnostic (18-19)', '2018-09-01', '2019-08-31'],
    [
      'Cahiers des charges finalisés présentés au Conseil de Département en avril 22',
      '2022-04-01',
      '2022-04-30',
    ],
  ];
  it.each(seedForms)('reads %j', (text, from, to) => {
    const parsed = parseDeadline(text);
    expect(parsed.text).toBe(text);
    expect(parsed.period).toEqual({ from, to });
  });

  it.each([
    ['Juin 2026', '2026-06-01', '2026-06-30', null],
    ['janvier 2016', '2016-01-01', '2016-01-31', null],
    ['2016-2017', '2016-09-01', '2017-08-31', null],
    ['Q2 2025-2026', '2026-02-01', '2026-06-30', null],
    ['2025-2026 Q1', '2025-09-01', '2026-01-31', null],
    ['31/03/2026', '2026-03-31', '2026-03-31', '2026-03-31'],
    ['2026-03-31', '2026-03-31', '2026-03-31', '2026-03-31'],
    ['30 juin 2026', '2026-06-30', '2026-06-30', '2026-06-30'],
    ['June 2026', '2026-06-01', '2026-06-30', null],
    ['Sep 2026 - Dec 2026', '2026-09-01', '2026-12-31', null],
  ])('reads the usual form %j', (text, from, to, date) => {
    const parsed = parseDeadline(text);
    expect(parsed.period).toEqual({ from, to });
    expect(parsed.date).toBe(date);
  });

  it('reads "A partir de juin 2015" as a start only', () => {
    expect(parseDeadline('A partir de juin 2015 (en cours)').period).toEqual({
      from: '2015-06-01',
      to: null,
    });
  });

  it('reads "avant fin juin 2026" as an end only', () => {
    expect(parseDeadline('avant juin 2026').period).toEqual({ from: null, to: '2026-06-30' });
  });

  it('marks doubtful dates', () => {
    expect(parseDeadline('Action terminée en 2023?').uncertain).toBe(true);
    expect(parseDeadline('Juin 2026').uncertain).toBe(false);
  });

  it('keeps text without a date, with no period', () => {
    expect(parseDeadline('Action à planifier et pérenne')).toEqual({
      text: 'Action à planifier et pérenne',
      date: null,
      period: null,
      uncertain: false,
    });
  });

  it('does not take counts and page numbers for dates', () => {
    expect(parseDeadline('1) Cartographie analytique (15–20 pages)').period).toBeNull();
    expect(parseDeadline("Constitution d'un GT inter-implantations (6–9 pers.)").period).toBeNull();
  });
});

describe('academic calendar', () => {
  it('starts the academic year on 14 September', () => {
    expect(academicYearOf('2025-08-31')).toBe('2024-2025');
    expect(academicYearOf('2025-09-01')).toBe('2025-2026');
  });
  it('places dates in quadrimesters', () => {
    expect(termOf('2025-10-01')).toEqual({ year: '2025-2026', term: 'Q1' });
    expect(termOf('2026-01-20')).toEqual({ year: '2025-2026', term: 'Q1' });
    expect(termOf('2026-03-01')).toEqual({ year: '2025-2026', term: 'Q2' });
  });
  it('lists the quadrimesters a period covers', () => {
    expect(termSlotsOf({ from: '2026-09-01', to: '2027-04-30' })).toEqual([
      { year: '2026-2027', term: 'Q1' },
      { year: '2026-2027', term: 'Q2' },
    ]);
  });
  it('normalises short academic years', () => {
    expect(normaliseAcademicYear('18-19')).toBe('2018-2019');
    expect(normaliseAcademicYear('2022-23')).toBe('2022-2023');
    expect(normaliseAcademicYear('2099-00')).toBe('2099-2100');
    expect(normaliseAcademicYear('2022-2024')).toBeNull();
  });
  it('lists academic years between two', () => {
    expect(academicYearsBetween('2023-2024', '2026-2027')).toEqual([
      '2023-2024',
      '2024-2025',
      '2025-2026',
      '2026-2027',
    ]);
  });
});
