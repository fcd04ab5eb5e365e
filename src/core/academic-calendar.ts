import { z } from 'zod';
import { foldText } from './text.ts';

/**
 * The academic calendar as plans use it: an academic year runs from 1 September to 31 August
 * (the legal year of the Fédération Wallonie-Bruxelles starts on 14 September, but plans say
 * "septembre 2026" for the start of 2026-2027, so the whole of September counts in the new year);
 * the first quadrimester (Q1) runs from September to the end of January, the second (Q2) from
 * February to the end of June (July and August are placed in Q2 on timelines, as plans do).
 */
export const academicYearSchema = z.string().regex(/^\d{4}-\d{4}$/, 'academic year like "2025-2026"');
export type AcademicYear = z.infer<typeof academicYearSchema>;
export const termSchema = z.enum(['Q1', 'Q2']);
export type Term = z.infer<typeof termSchema>;
export const termSlotSchema = z.object({ year: academicYearSchema, term: termSchema });
export type TermSlot = z.infer<typeof termSlotSchema>;

/** A day of the calendar: "2026-02-30" has the right shape but is refused (PostgreSQL would refuse it too). */
export const isoDateSchema = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'jalon:iso-date')
  .refine((text) => {
    const date = new Date(`${text}T00:00:00Z`);
    return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === text;
  }, 'jalon:date-exists');
export const periodSchema = z.object({ from: isoDateSchema.nullable(), to: isoDateSchema.nullable() });
export type Period = z.infer<typeof periodSchema>;

const YEAR_START_MONTH = 9;

export function academicYearOf(isoDate: string): AcademicYear {
  const [y, m] = isoDate.split('-').map(Number) as [number, number];
  const first = m >= YEAR_START_MONTH ? y : y - 1;
  return `${first}-${first + 1}`;
}

export function termOf(isoDate: string): TermSlot {
  const year = academicYearOf(isoDate);
  const m = Number(isoDate.slice(5, 7));
  return { year, term: m >= 2 && m <= 8 ? 'Q2' : 'Q1' };
}

export function academicYearPeriod(year: AcademicYear): { from: string; to: string } {
  const first = Number(year.slice(0, 4));
  return { from: `${first}-09-01`, to: `${first + 1}-08-31` };
}

export function termPeriod(slot: TermSlot): { from: string; to: string } {
  const first = Number(slot.year.slice(0, 4));
  return slot.term === 'Q1'
    ? { from: `${first}-09-01`, to: `${first + 1}-01-31` }
    : { from: `${first + 1}-02-01`, to: `${first + 1}-06-30` };
}

/** Every academic year from `from` to `to` inclusive ("2023-2024" … "2028-2029"). */
export function academicYearsBetween(from: AcademicYear, to: AcademicYear): AcademicYear[] {
  const years: AcademicYear[] = [];
  for (let y = Number(from.slice(0, 4)); y <= Number(to.slice(0, 4)); y++) years.push(`${y}-${y + 1}`);
  return years;
}

/** The term slots a period covers, in order. */
export function termSlotsOf(period: Period): TermSlot[] {
  if (!period.from || !period.to) return [];
  const slots: TermSlot[] = [];
  let cursor = termOf(period.from);
  const last = termOf(period.to);
  for (let guard = 0; guard < 200; guard++) {
    slots.push(cursor);
    if (cursor.year === last.year && cursor.term === last.term) break;
    cursor = nextTerm(cursor);
  }
  return slots;
}

export function nextTerm(slot: TermSlot): TermSlot {
  if (slot.term === 'Q1') return { year: slot.year, term: 'Q2' };
  const first = Number(slot.year.slice(0, 4)) + 1;
  return { year: `${first}-${first + 1}`, term: 'Q1' };
}

/** "2018-19", "18-19", "2018-2019" → "2018-2019"; null when it is not an academic year. */
export function normaliseAcademicYear(text: string): AcademicYear | null {
  const m = /^(\d{2}|\d{4})\s*[-/–]\s*(\d{2}|\d{4})$/.exec(text.trim());
  if (!m) return null;
  const first = expandYear(m[1]!);
  const second = expandYear(m[2]!, first);
  return second === first + 1 ? `${first}-${second}` : null;
}

function expandYear(text: string, near?: number): number {
  if (text.length === 4) return Number(text);
  const base = near !== undefined ? Math.floor(near / 100) * 100 : 2000;
  const value = base + Number(text);
  return near !== undefined && value < near ? value + 100 : value;
}

const months: Record<string, number> = {
  janvier: 1,
  janv: 1,
  january: 1,
  jan: 1,
  fevrier: 2,
  fevr: 2,
  fev: 2,
  february: 2,
  feb: 2,
  mars: 3,
  march: 3,
  mar: 3,
  avril: 4,
  avr: 4,
  april: 4,
  apr: 4,
  mai: 5,
  may: 5,
  juin: 6,
  june: 6,
  jun: 6,
  juillet: 7,
  juil: 7,
  july: 7,
  jul: 7,
  aout: 8,
  august: 8,
  aug: 8,
  septembre: 9,
  sept: 9,
  september: 9,
  sep: 9,
  octobre: 10,
  oct: 10,
  october: 10,
  novembre: 11,
  nov: 11,
  november: 11,
  decembre: 12,
  dec: 12,
  december: 12,
};
const monthNames = Object.keys(months)
  .sort((a, b) => b.length - a.length)
  .join('|');

export interface ParsedDeadline {
  /** The original text, trimmed. */
  text: string;
  /** An ISO date when the text names one day. */
  date: string | null;
  /** The period the text covers; `from` alone for "depuis septembre 2015", `to` alone for "avant juin 2026". */
  period: Period | null;
  /** The source marks the date as doubtful ("2022-2023?"). */
  uncertain: boolean;
}

interface Span {
  from: string;
  to: string;
  index: number;
  length: number;
}

const pad = (n: number) => String(n).padStart(2, '0');
const lastDay = (y: number, m: number) => new Date(Date.UTC(y, m, 0)).getUTCDate();
const iso = (y: number, m: number, d: number) => `${y}-${pad(m)}-${pad(d)}`;

/** Finds every date expression in folded text, each as the period it covers. */
function findSpans(folded: string): Span[] {
  const spans: Span[] = [];
  const taken: boolean[] = [];
  const add = (from: string, to: string, index: number, length: number) => {
    for (let i = index; i < index + length; i++) if (taken[i]) return;
    for (let i = index; i < index + length; i++) taken[i] = true;
    spans.push({ from, to, index, length });
  };
  const validDate = (y: number, m: number, d: number) => m >= 1 && m <= 12 && d >= 1 && d <= lastDay(y, m);
  // ISO dates: 2026-03-31
  for (const m of folded.matchAll(/\b(\d{4})-(\d{2})-(\d{2})\b/g)) {
    const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
    if (validDate(y, mo, d)) add(iso(y, mo, d), iso(y, mo, d), m.index, m[0].length);
  }
  // Numeric dates: 31/03/2026, 31.03.26
  for (const m of folded.matchAll(/\b(\d{1,2})[/.](\d{1,2})[/.](\d{4}|\d{2})\b/g)) {
    const y = expandYear(m[3]!);
    const [mo, d] = [Number(m[2]), Number(m[1])];
    if (validDate(y, mo, d)) add(iso(y, mo, d), iso(y, mo, d), m.index, m[0].length);
  }
  // Day month year: 30 juin 2026, 1er septembre 2026
  for (const m of folded.matchAll(
    new RegExp(`\\b(\\d{1,2})(?:er|st|nd|rd|th)?\\s+(${monthNames})\\.?\\s+(\\d{4})\\b`, 'g'),
  )) {
    const [y, mo, d] = [Number(m[3]), months[m[2]!]!, Number(m[1])];
    if (validDate(y, mo, d)) add(iso(y, mo, d), iso(y, mo, d), m.index, m[0].length);
  }
  // Quadrimesters: Q2 2025-2026, 2025-2026 Q1, Q1 2025-26
  const yearRe = '(\\d{4}\\s*[-/–]\\s*(?:\\d{4}|\\d{2}))';
  for (const re of [
    new RegExp(`\\bq([12])\\s+${yearRe}`, 'g'),
    new RegExp(`${yearRe}\\s*[,(]?\\s*q([12])\\b`, 'g'),
  ]) {
    for (const m of folded.matchAll(re)) {
      const termFirst = m[1]!.length === 1;
      const year = normaliseAcademicYear(termFirst ? m[2]! : m[1]!);
      const term = (termFirst ? m[1] : m[2]) === '1' ? 'Q1' : 'Q2';
      if (year) {
        const p = termPeriod({ year, term });
        add(p.from, p.to, m.index, m[0].length);
      }
    }
  }
  // Month year: juin 2026, sept. 2026, avril 22
  for (const m of folded.matchAll(new RegExp(`\\b(${monthNames})\\.?\\s+(\\d{4}|\\d{2})\\b`, 'g'))) {
    const y = expandYear(m[2]!);
    const mo = months[m[1]!]!;
    add(iso(y, mo, 1), iso(y, mo, lastDay(y, mo)), m.index, m[0].length);
  }
  // Academic years: 2016-2017, 2022-23, (18-19)
  for (const m of folded.matchAll(/\b(\d{4}|\d{2})\s*[-/–]\s*(\d{4}|\d{2})\b/g)) {
    const year = normaliseAcademicYear(m[0]);
    if (year && (m[1]!.length === 4 || /^\d{2}$/.test(m[1]!))) {
      const p = academicYearPeriod(year);
      add(p.from, p.to, m.index, m[0].length);
    }
  }
  // Month/year: 09/20 (month 1-12, two-digit year)
  for (const m of folded.matchAll(/\b(\d{1,2})\/(\d{2}|\d{4})\b/g)) {
    const mo = Number(m[1]);
    if (mo >= 1 && mo <= 12) {
      const y = expandYear(m[2]!);
      add(iso(y, mo, 1), iso(y, mo, lastDay(y, mo)), m.index, m[0].length);
    }
  }
  // A year alone: 2017
  for (const m of folded.matchAll(/\b(19\d{2}|20\d{2})\b/g)) {
    const y = Number(m[1]);
    add(iso(y, 1, 1), iso(y, 12, 31), m.index, m[0].length);
  }
  return spans.sort((a, b) => a.index - b.index);
}

/**
 * Reads a deadline in any form plans use ("septembre 2026 - décembre 2026", "Juin 2026",
 * "2016-2017", "Q2 2025-2026", "31/03/2026", "Action planifiée en janvier 2016",
 * "depuis septembre 2015", "A partir de juin 2015") into the period it covers.
 * Text without any date gives a null period; the text itself is always kept.
 */
export function parseDeadline(text: string | null | undefined): ParsedDeadline {
  const original = (text ?? '').replace(/\s+/g, ' ').trim();
  const folded = foldText(original);
  const uncertain = /\d\s*\?/.test(folded) || /\?\s*$/.test(folded);
  const spans = findSpans(folded);
  if (spans.length === 0) return { text: original, date: null, period: null, uncertain };
  const first = spans[0]!;
  const last = spans[spans.length - 1]!;
  const before = folded.slice(0, first.index);
  const since =
    /\b(depuis|a partir d[eu']|des|since|from|starting)\s*$/.test(before.trimEnd() + ' ') ||
    /\b(depuis|a partir d[eu']?|since|starting)\b[^0-9]*$/.test(before);
  const until = /\b(avant|au plus tard|d'ici|jusqu'|by|before|until|no later than)\b[^0-9]*$/.test(before);
  let period: Period;
  if (spans.length === 1 && since) period = { from: first.from, to: null };
  else if (spans.length === 1 && until) period = { from: null, to: first.to };
  else period = { from: first.from, to: last.to };
  const single = spans.length === 1 && first.from === first.to ? first.from : null;
  return { text: original, date: single, period, uncertain };
}
