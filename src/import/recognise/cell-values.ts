import { parseDeadline } from '../../core/academic-calendar.ts';
import { parseRecommendationRefs } from '../../core/recommendation-reference.ts';
import { parseStatus, statusSchema, type Status } from '../../core/status.ts';
import { foldText } from '../../core/text.ts';

/**
 * Splits a list cell into items: one per paragraph, and inside a paragraph the typed lists
 * "- a - b", "• a • b" and "1) a 2) b" / "1. a 2. b" (numbered from 1, in order).
 */
export function splitListItems(paragraphs: readonly string[]): string[] {
  const items: string[] = [];
  for (const paragraph of paragraphs) {
    for (const item of splitTypedList(paragraph)) {
      const clean = item.trim();
      if (clean) items.push(clean);
    }
  }
  return items;
}

function splitTypedList(paragraph: string): string[] {
  const text = paragraph.trim();
  if (/^[-–•▪●◦*]\s+/.test(text)) {
    const bullet = text.charAt(0);
    const escaped = bullet.replace(/[-*]/g, '\\$&');
    return text
      .slice(1)
      .split(new RegExp(`\\s+${escaped}\\s+`))
      .map((s) => s.trim());
  }
  const numbered = splitNumberedList(text);
  if (numbered) return numbered;
  return [text];
}

/** "1) a 2) b 3) c" → [a, b, c] when the numbers run 1, 2, 3… in order; null otherwise. */
function splitNumberedList(text: string): string[] | null {
  const marker = /(?:^|\s)(\d{1,2})[).]\s+/g;
  const hits: Array<{ n: number; start: number; end: number }> = [];
  let expected = 1;
  for (const m of text.matchAll(marker)) {
    const n = Number(m[1]);
    if (n !== expected) continue;
    hits.push({ n, start: m.index, end: m.index + m[0].length });
    expected += 1;
  }
  if (hits.length < 2 || hits[0]!.start !== 0) return null;
  return hits.map((hit, i) => text.slice(hit.end, hits[i + 1]?.start ?? text.length).trim());
}

/**
 * Splits a responsibles cell into people or teams: list items, then "+", ";", "," and a spaced
 * hyphen " - " outside parentheses ("Coordination B1 + titulaires", "Direction, inspection").
 * An en dash ("DAE – Directions aux Enseignements") explains an acronym and does not split.
 */
export function splitResponsibles(paragraphs: readonly string[]): string[] {
  const out: string[] = [];
  for (const item of splitListItems(paragraphs)) {
    let depth = 0;
    let current = '';
    for (let i = 0; i < item.length; i++) {
      const ch = item[i]!;
      if (ch === '(' || ch === '[') depth += 1;
      if (ch === ')' || ch === ']') depth = Math.max(0, depth - 1);
      const spacedHyphen = ch === '-' && item[i - 1] === ' ' && item[i + 1] === ' ';
      if (depth === 0 && (ch === '+' || ch === ';' || ch === ',' || spacedHyphen)) {
        if (current.trim()) out.push(current.trim());
        current = '';
        continue;
      }
      current += ch;
    }
    if (current.trim()) out.push(current.trim());
  }
  return out.map((s) => s.replace(/[.\s]+$/, '')).filter(Boolean);
}

/** Stars ("***"), a number 1–3, or a word (haute/moyenne/basse, high/medium/low) → 1–3; null otherwise. */
export function parsePriority(text: string): number | null {
  const clean = text.trim();
  if (!clean) return null;
  const stars = /^([*★☆✱✶]{1,3})$/.exec(clean.replace(/\s+/g, ''));
  if (stars) return stars[1]!.length;
  const folded = foldText(clean);
  const digit = /^(?:p\s*)?([1-3])(?:\s*\/\s*3)?$/.exec(folded);
  if (digit) return Number(digit[1]);
  if (/^(tres )?(haute?|elevee?|forte?|high|urgent|critique|critical|prioritaire)$/.test(folded)) return 3;
  if (/^(moyenne?|normale?|medium|moderee?|moderate)$/.test(folded)) return 2;
  if (/^(basse?|faible|low|minor|mineure?)$/.test(folded)) return 1;
  return null;
}

/**
 * The references a cell names, each as written: "Critère 3, Recommandation 9 Critère 4,
 * Recommandation 6" gives two. Text that names no recommendation in a known form ("Analyse
 * Transversale … p.14") is kept whole, and words left over between references are kept too.
 */
export function parseReferences(paragraphs: readonly string[]): string[] {
  const out: string[] = [];
  for (const paragraph of splitListItems(paragraphs)) {
    const refs = parseRecommendationRefs(paragraph);
    if (refs.length === 0) {
      out.push(paragraph);
      continue;
    }
    // "C1-R2 : Formaliser la politique qualité": one recommendation with its wording, kept whole.
    if (refs.length === 1) {
      out.push(paragraph);
      continue;
    }
    let rest = paragraph;
    for (const ref of refs) {
      out.push(ref.label);
      rest = rest.replace(ref.label, ' ');
    }
    const leftover = rest.replace(/[\s,;:–\-/&+.()]+|\b(et|and)\b/gi, ' ').trim();
    if (/[a-z]{3,}/i.test(leftover))
      out.push(rest.replace(/\s+/g, ' ').replace(/^[\s,;:–\-/&+.]+|[\s,;:–\-/&+]+$/g, ''));
  }
  return out;
}

/** Words that mean "every site" in a site cell. */
const commonSiteWords =
  /^(commun(e|s|es)?|tous|toutes|tous les sites|toutes les implantations|transversal(e)?|inter[- ]?implantations?|all( sites)?|common|shared|global|ensemble|institution(nel)?)$/;

/** Reads a site cell: null for "every site", else the site names it lists. */
export function parseSiteCell(text: string): string[] | null {
  const folded = foldText(text).trim();
  if (!folded || commonSiteWords.test(folded)) return null;
  return text
    .split(/\s*(?:\+|,|;|\/|&|\bet\b|\band\b|\n)\s*/i)
    .map((s) => s.trim())
    .filter((s) => /[\p{L}\p{N}]/u.test(s));
}

/** A stable code for a site name: "Tournai" → "TOURNAI", "Louvain-la-Neuve" → "LOUVAIN-LA-NEUVE". */
export function siteCodeOf(name: string): string {
  return (
    foldText(name)
      .toUpperCase()
      .replace(/[^A-Z0-9-]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 40) || 'SITE'
  );
}

/** Whether a site code abbreviates a place name: "LLN" ↔ "Louvain-la-Neuve", "MONS" ↔ "Mons", "MONTIGNIES" ↔ "Montignies-sur-Sambre". */
export function codeMatchesName(code: string, name: string): boolean {
  const c = foldText(code).replace(/[^a-z0-9]/g, '');
  const words = foldText(name)
    .split(/[^a-z0-9]+/)
    .filter(Boolean);
  const joined = words.join('');
  if (!c || words.length === 0) return false;
  if (joined === c || (c.length >= 3 && joined.startsWith(c)) || words[0] === c) return true;
  const initials = words.map((w) => w[0]).join('');
  const significantInitials = words
    .filter((w) => !/^(la|le|les|de|du|des|sur|sous|en|lez|les|the|of|on|upon)$/.test(w))
    .map((w) => w[0])
    .join('');
  return c.length >= 2 && (initials === c || significantInitials === c);
}

/**
 * A status cell: the core vocabulary first, then marks spreadsheets use ("100 %", "✓", "OK",
 * "Oui", RAG colours), so that a progress column filled with percentages still gives a status.
 */
export function readStatusCell(text: string): ReturnType<typeof parseStatus> {
  const parsed = parseStatus(text);
  if (parsed.status) return parsed;
  const folded = foldText(text).trim();
  const percent = /^(\d{1,3})(?:[.,]\d+)?\s*%$/.exec(folded);
  let status: ReturnType<typeof parseStatus>['status'] = null;
  if (percent)
    status = Number(percent[1]) >= 100 ? 'done' : Number(percent[1]) === 0 ? 'planned' : 'in_progress';
  else if (/^(✓|✔|☑|ok|oui|yes|fait|x)$/.test(folded)) status = 'done';
  else if (/^(non|no|☐|-)$/.test(folded)) status = 'planned';
  // RAG ratings: green is on track and amber at risk (both under way), red is off track, blue complete.
  else if (/^(green|amber|vert|orange|yellow|jaune)$/.test(folded)) status = 'in_progress';
  else if (/^(red|rouge)$/.test(folded)) status = 'postponed';
  else if (/^(blue|bleu)$/.test(folded)) status = 'done';
  return status ? { ...parsed, status } : parsed;
}

/** A footnote that lists the status vocabulary ("¹ Etat de Réalisation : Réalisé; Implémenté; …"). */
export function isStatusLegend(text: string): boolean {
  const folded = foldText(text);
  return /\b(etat|degre|statut|status|avancement)\b/.test(folded) && parseStatus(text).parts.length >= 2;
}

/** A "Type" cell: "action" or "étape" / "step" (Jalon's flat sheets); null for any other word. */
export function parseActionKind(text: string): 'action' | 'step' | null {
  const folded = foldText(text).trim();
  if (/^actions?$/.test(folded)) return 'action';
  if (/^(etapes?|steps?)$/.test(folded)) return 'step';
  return null;
}

/** A "Code statut" cell: a canonical status ("in_progress"), or a status word; null otherwise. */
export function parseStatusCode(text: string): Status | null {
  const clean = text.trim();
  const code = statusSchema.safeParse(clean.toLowerCase());
  return code.success ? code.data : parseStatus(clean).status;
}

/**
 * A "Début" or "Fin" cell: an ISO day (a spreadsheet date reads as one, maybe with a time), or
 * any date the deadline parser reads ("septembre 2026" starts on the 1st, ends on the 30th).
 */
export function parsePeriodEdge(text: string, edge: 'from' | 'to'): string | null {
  const clean = text.trim();
  const iso = /^(\d{4}-\d{2}-\d{2})(?:[ T]\d{2}:\d{2}(?::\d{2})?)?$/.exec(clean);
  if (iso) return iso[1]!;
  return parseDeadline(clean).period?.[edge] ?? null;
}

/** A "Portée" cell of an objective: all sites or some ("Toutes les implantations", "Certaines implantations"). */
export function parseScope(text: string): 'all' | 'some' | null {
  const folded = foldText(text).trim();
  if (/^(toutes?( les)?( implantations| sites)?|tous( les sites)?|all( sites)?|every site)$/.test(folded))
    return 'all';
  if (/^(certaines?( implantations)?|certains?( sites)?|some( sites)?|partielle?)$/.test(folded))
    return 'some';
  return null;
}

/** "oui" / "non" and their forms; null for anything else. */
export function parseYesNo(text: string): boolean | null {
  const folded = foldText(text).trim();
  if (/^(oui|yes|vrai|true|x|✓|✔|1)$/.test(folded)) return true;
  if (/^(non|no|faux|false|0|-)$/.test(folded)) return false;
  return null;
}
