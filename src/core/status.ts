import { z } from 'zod';
import { foldText } from './text.ts';

/** The canonical statuses every plan's free-text status is mapped to. */
export const statusValues = [
  'planned',
  'in_progress',
  'done',
  'implemented',
  'postponed',
  'dropped',
] as const;
export const statusSchema = z.enum(statusValues);
export type Status = z.infer<typeof statusSchema>;

export const statusLabels: Record<Status, { fr: string; en: string }> = {
  planned: { fr: 'À venir', en: 'Planned' },
  in_progress: { fr: 'En cours', en: 'In progress' },
  done: { fr: 'Réalisé', en: 'Done' },
  implemented: { fr: 'Implémenté', en: 'Implemented' },
  postponed: { fr: 'Reporté', en: 'Postponed' },
  dropped: { fr: "Plus d'actualité", en: 'Dropped' },
};

/** Whether a status counts as finished work (for progress and overdue computations). */
export function isClosedStatus(status: Status | null | undefined): boolean {
  return status === 'done' || status === 'implemented' || status === 'dropped';
}

/**
 * Patterns on folded text (lower case, no accents). Order inside a status does not matter;
 * a match's position decides the order of the parts found.
 */
const statusPatterns: Array<[Status, RegExp]> = [
  [
    'dropped',
    /\b(plus d'?\s?actualite|n'est plus d'actualite|abandonnee?s?|annulee?s?|supprimee?s?|sans objet|cancell?ed|dropped|abandoned|obsolete|no longer relevant|withdrawn)\b/g,
  ],
  [
    'postponed',
    /\b(reportee?s?|differee?s?|suspendue?s?|en attente|retardee?s?|postponed|deferred|delayed|on hold|rescheduled)\b/g,
  ],
  [
    'implemented',
    /\b(implementee?s?|implemente|perennisee?s?|generalisee?s?|institutionnalisee?s?|implemented|embedded|institutionali[sz]ed|mainstreamed)\b/g,
  ],
  [
    'done',
    /\b(realisee?s?|realise|terminee?s?|termine|achevee?s?|accomplie?s?|cloturee?s?|finalisee?s?|done|completed?|finished|achieved|closed)\b/g,
  ],
  [
    'in_progress',
    /\b(en cours|commencee?s?|demarree?s?|entamee?s?|lancee?s?|en bonne voie|in progress|on-?going|underway|under way|started|partially|on track|on schedule)\b/g,
  ],
  [
    'planned',
    /(\ba venir\b|\ba planifier\b|\bplanifiee?s?\b|\bprevue?s?\b|\bprogrammee?s?\b|\ba lancer\b|\ba mettre en place\b|\bnon (commencee?s?|demarree?s?|realisee?s?|entamee?s?|lancee?s?|debutee?s?)\b|\bpas (encore )?(commencee?s?|demarree?s?|realisee?s?|entamee?s?|lancee?s?)\b|\ba (demarrer|commencer|initier|entamer|programmer)\b|\bnot yet due\b|\bto start\b|\bnot (yet )?started\b|\bplanned\b|\bto do\b|\btodo\b|\bscheduled\b|\bupcoming\b|\bnot done\b)/g,
  ],
];

export interface StatusPart {
  status: Status;
  /** The words that named it in the source. */
  matched: string;
  /** What the part applies to when the text scopes it ("pour B1-B2"). */
  scope: string | null;
}

export interface ParsedStatus {
  status: Status | null;
  label: string;
  parts: StatusPart[];
  /** The source adds that the action lasts ("pérenne", "ongoing practice"). */
  lasting: boolean;
}

/**
 * Reads a free-text status in French or English ("Action réalisée en 2014-2015 et pérenne",
 * "Réalisé pour B1-B2 Implémenté pour B3") into a canonical status, keeping the original label.
 *
 * When several statuses are named, the last one wins (a later state is written after an
 * earlier one: "Réalisé Plus d'actualité"; statuses in parentheses count only when none is named
 * outside them), except that done together with implemented, or done
 * and lasting ("pérenne"), means implemented: implemented is done and now routine practice.
 */
export function parseStatus(text: string | null | undefined): ParsedStatus {
  const label = (text ?? '').replace(/\s+/g, ' ').trim();
  const folded = foldText(label);
  const found: Array<StatusPart & { index: number }> = [];
  for (const [status, pattern] of statusPatterns) {
    for (const match of folded.matchAll(pattern)) {
      found.push({ status, matched: match[0], scope: null, index: match.index ?? 0 });
    }
  }
  found.sort((a, b) => a.index - b.index);
  // A status named in parentheses after one named outside them is a remark on the past ("Plus
  // d'actualité (prévu en 2024-2025)"): the one outside counts.
  const inParentheses = (index: number) => {
    const before = folded.slice(0, index);
    return before.lastIndexOf('(') > before.lastIndexOf(')');
  };
  if (found.some((p) => !inParentheses(p.index)) && found.some((p) => inParentheses(p.index))) {
    for (let i = found.length - 1; i >= 0; i--) if (inParentheses(found[i]!.index)) found.splice(i, 1);
  }
  // A longer match wins over a shorter one inside it: "non réalisé" is planned, not done.
  const parts = found
    .filter(
      (part) => !found.some((other) => overlaps(other, part) && other.matched.length > part.matched.length),
    )
    .map((part, i, all) => {
      const end = all[i + 1]?.index ?? folded.length;
      const scopeMatch = /\bpour (.+)$/.exec(folded.slice(part.index + part.matched.length, end).trim());
      return { status: part.status, matched: part.matched, scope: scopeMatch?.[1]?.trim() ?? null };
    });
  const lasting = /\b(perenne|perennes|perennisee?|ongoing practice|permanent)\b/.test(folded);
  return { status: chooseCanonical(parts, lasting), label, parts, lasting };
}

function overlaps(a: { index: number; matched: string }, b: { index: number; matched: string }): boolean {
  return a.index < b.index + b.matched.length && b.index < a.index + a.matched.length;
}

function chooseCanonical(parts: StatusPart[], lasting: boolean): Status | null {
  if (parts.length === 0) return null;
  const statuses = new Set(parts.map((p) => p.status));
  if (
    statuses.has('implemented') &&
    statuses.has('done') &&
    ![...statuses].some((s) => s !== 'done' && s !== 'implemented')
  ) {
    return 'implemented';
  }
  const last = parts[parts.length - 1]!.status;
  if (last === 'done' && lasting) return 'implemented';
  return last;
}

/** Display label of a canonical status in the given language. */
export function statusLabel(status: Status | null | undefined, lang: 'fr' | 'en' = 'fr'): string {
  if (!status) return lang === 'fr' ? 'Sans statut' : 'No status';
  return statusLabels[status][lang];
}
