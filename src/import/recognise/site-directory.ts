import type { Site } from '../../core/plan-schema.ts';
import { foldText } from '../../core/text.ts';
import { codeMatchesName, parseSiteCell, siteCodeOf } from './cell-values.ts';

/** "LLN : …", "MONTIGNIES : …": an upper-case token before a colon at the start of a text. */
const colonPrefix = /^([A-ZÀ-Ý][A-ZÀ-Ý0-9'’.-]{1,24}(?:[ -][A-ZÀ-Ý0-9'’-]{2,24}){0,2})\s*:\s*([\s\S]*)$/u;
/** "Mons : …": a capitalised place name before a colon. */
const namedPrefix = /^([A-ZÀ-Ý][\p{L}'’-]+(?:[ -][\p{L}'’-]+){0,3})\s*:\s*([\s\S]*)$/u;

/**
 * Words and abbreviations written in capitals before a colon that are no campus: notes
 * ("NB : …"), headings, and the genre's usual acronyms of bodies and documents (domain.md).
 */
const notSiteWords = new Set(
  (
    'NB N.B. N.B PS P.S. NOTE NOTA REMARQUE REMARQUES RQ ATTENTION IMPORTANT RAPPEL INFO INFOS URGENT ' +
    'TODO OK FAQ OBJECTIF OBJECTIFS ACTION ACTIONS ETAPE ÉTAPE ETAPES PHASE BUT BUTS QUI QUOI QUAND ' +
    'COMMENT POURQUOI RESULTAT RÉSULTAT RESULTATS RÉSULTATS INDICATEUR INDICATEURS STATUT ETAT ÉTAT ' +
    'DAE DD MDP MFP MA MDS CAR CAP RI CERSO HJ HD ECTS UE AA TFE EI AEQES ASBL FWB ARES SPF CPAS ' +
    'ONE TOUS TOUTES COMMUN COMMUNS ENSEMBLE GLOBAL TOTAL DIRECTION DIRECTIONS COORDINATION QUALITE ' +
    'QUALITÉ CONSEIL COMITE COMITÉ CELLULE SERVICE SECRETARIAT SECRÉTARIAT JURY COURS STAGE STAGES ' +
    'ETUDIANTS ÉTUDIANTS ENSEIGNANTS BACHELIER MASTER BLOC EXEMPLE PROJET CONTEXTE DESCRIPTION'
  ).split(' '),
);

/**
 * An upper-case prefix that reads as a place even the first time it is met ("TOURNAI : …"):
 * at least four letters with a vowel, no digit nor full stop, and not a known non-site word.
 */
function looksLikePlace(token: string): boolean {
  if (notSiteWords.has(token) || /[\d.]/.test(token)) return false;
  const letters = foldText(token).replace(/[^a-z]/g, '');
  return letters.length >= 4 && /[aeiouy]/.test(letters);
}

/**
 * The plan's sites (implantations): collected from the campus line of the cover, the site
 * cells, and the campus prefixes of local actions, each with a code and a name. A prefix
 * counts as a site when it names a campus of the cover or of a site cell, a site already
 * met, comes back at least twice, or reads as a place name written in capitals; a note
 * ("NB : …", "Remarque : …") or an acronym of the genre ("CERSO : …") never does.
 */
export class SiteDirectory {
  private readonly campusNames: string[];
  /** Names written in site cells (noted before the tables are read): campuses too, in no cover order. */
  private readonly cellNames: string[] = [];
  private readonly prefixCounts = new Map<string, number>();
  private readonly sites: Site[] = [];

  constructor(campusNames: string[]) {
    this.campusNames = campusNames;
  }

  /** Counts the colon prefixes of action texts, before reading the tables. */
  notePrefix(text: string): void {
    const m = colonPrefix.exec(text.trim());
    if (m) this.prefixCounts.set(m[1]!, (this.prefixCounts.get(m[1]!) ?? 0) + 1);
  }

  /** Notes a site cell's names ("Tournai + Mouscron"), before reading the tables. */
  noteSiteCell(text: string): void {
    for (const name of parseSiteCell(text) ?? []) {
      if (!this.cellNames.some((n) => foldText(n) === foldText(name))) this.cellNames.push(name.trim());
    }
  }

  private knownNames(): string[] {
    return [...this.campusNames, ...this.cellNames, ...this.sites.map((s) => s.name)];
  }

  private namesSite(token: string): boolean {
    return (
      this.sites.some((s) => s.code === token) ||
      this.knownNames().some((name) => codeMatchesName(token, name))
    );
  }

  private isKnownCode(token: string): boolean {
    if (notSiteWords.has(token)) return false;
    return (this.prefixCounts.get(token) ?? 0) >= 2 || this.namesSite(token);
  }

  /**
   * The site a text starts with, and the text without it; null when it names none. `guessed`
   * says that nothing but its look made the prefix a campus (a capitalised place used once).
   */
  matchPrefix(text: string): { code: string; rest: string; guessed: boolean } | null {
    const trimmed = text.trim();
    const colon = colonPrefix.exec(trimmed);
    if (colon && colon[2]!.trim()) {
      const token = colon[1]!;
      if (this.isKnownCode(token))
        return { code: this.register(token), rest: colon[2]!.trim(), guessed: false };
      if (looksLikePlace(token)) {
        const code = this.register(token);
        return { code, rest: colon[2]!.trim(), guessed: true };
      }
    }
    const named = namedPrefix.exec(trimmed);
    if (named) {
      const name = this.knownNames().find((n) => foldText(n) === foldText(named[1]!));
      if (name)
        return { code: this.register(this.codeOfName(name), name), rest: named[2]!.trim(), guessed: false };
    }
    // "LLN Invitation des ancien-ne-s …": a known code followed by the text, colon forgotten.
    const bare = /^([A-ZÀ-Ý]{2,24})\s+(?=[A-ZÀ-Ý])([\s\S]*)$/u.exec(trimmed);
    if (
      bare &&
      !notSiteWords.has(bare[1]!) &&
      ((this.prefixCounts.get(bare[1]!) ?? 0) >= 1 ||
        this.campusNames.some((n) => codeMatchesName(bare[1]!, n)))
    ) {
      if (this.sites.some((s) => s.code === bare[1]) || this.isKnownCode(bare[1]!)) {
        return { code: this.register(bare[1]!), rest: bare[2]!.trim(), guessed: false };
      }
    }
    return null;
  }

  /** The code of a known name: the site already registered under it, else one made from it. */
  private codeOfName(name: string): string {
    return this.sites.find((s) => foldText(s.name) === foldText(name))?.code ?? siteCodeOf(name);
  }

  /** Registers a site named in a site cell ("Tournai") and returns its code. */
  registerName(name: string): string {
    const existing = this.sites.find(
      (s) => foldText(s.name) === foldText(name) || foldText(s.code) === foldText(name),
    );
    if (existing) return existing.code;
    const campus = this.campusNames.find((n) => codeMatchesName(name, n));
    return this.register(siteCodeOf(name), campus ?? name.trim());
  }

  private register(code: string, name?: string): string {
    const existing = this.sites.find((s) => s.code === code);
    if (existing) return existing.code;
    const campus =
      name ?? [...this.campusNames, ...this.cellNames].find((n) => codeMatchesName(code, n)) ?? code;
    this.sites.push({ code, name: campus });
    return code;
  }

  count(): number {
    return this.sites.length;
  }

  /** The sites found, campus-line order first when the cover gives one. */
  list(): Site[] {
    const rank = (site: Site) => {
      const i = this.campusNames.findIndex((n) => foldText(n) === foldText(site.name));
      return i < 0 ? this.campusNames.length + this.sites.indexOf(site) : i;
    };
    return [...this.sites].sort((a, b) => rank(a) - rank(b));
  }
}
