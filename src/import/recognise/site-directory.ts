import type { Site } from '../../core/plan-schema.ts';
import { foldText } from '../../core/text.ts';
import { codeMatchesName, siteCodeOf } from './cell-values.ts';

/** "LLN : …", "MONTIGNIES : …": an upper-case token before a colon at the start of a text. */
const colonPrefix = /^([A-ZÀ-Ý][A-ZÀ-Ý0-9'’.-]{1,24}(?:[ -][A-ZÀ-Ý0-9'’-]{2,24}){0,2})\s*:\s*([\s\S]*)$/u;
/** "Mons : …": a capitalised place name before a colon. */
const namedPrefix = /^([A-ZÀ-Ý][\p{L}'’-]+(?:[ -][\p{L}'’-]+){0,3})\s*:\s*([\s\S]*)$/u;

/**
 * The plan's sites (implantations): collected from the campus line of the cover, the campus
 * prefixes of local actions and the site cells, each with a code and a name. A prefix counts
 * as a site when it names a campus of the cover or comes back at least twice, so that a single
 * "NB : …" is not taken for a campus.
 */
export class SiteDirectory {
  private readonly campusNames: string[];
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

  private isKnownCode(token: string): boolean {
    return (
      (this.prefixCounts.get(token) ?? 0) >= 2 ||
      this.campusNames.some((name) => codeMatchesName(token, name))
    );
  }

  /** The site a text starts with, and the text without it; null when it names none. */
  matchPrefix(text: string): { code: string; rest: string } | null {
    const trimmed = text.trim();
    const colon = colonPrefix.exec(trimmed);
    if (colon && this.isKnownCode(colon[1]!))
      return { code: this.register(colon[1]!), rest: colon[2]!.trim() };
    const named = namedPrefix.exec(trimmed);
    if (named) {
      const name = this.campusNames.find((n) => foldText(n) === foldText(named[1]!));
      if (name) return { code: this.register(siteCodeOf(name), name), rest: named[2]!.trim() };
    }
    // "LLN Invitation des ancien-ne-s …": a known code followed by the text, colon forgotten.
    const bare = /^([A-ZÀ-Ý]{2,24})\s+(?=[A-ZÀ-Ý])([\s\S]*)$/u.exec(trimmed);
    if (
      bare &&
      ((this.prefixCounts.get(bare[1]!) ?? 0) >= 1 ||
        this.campusNames.some((n) => codeMatchesName(bare[1]!, n)))
    ) {
      if (this.sites.some((s) => s.code === bare[1]) || this.isKnownCode(bare[1]!)) {
        return { code: this.register(bare[1]!), rest: bare[2]!.trim() };
      }
    }
    return null;
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
    const campus = name ?? this.campusNames.find((n) => codeMatchesName(code, n)) ?? code;
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
