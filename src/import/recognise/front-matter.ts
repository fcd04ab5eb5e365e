import type { Plan } from '../../core/plan-schema.ts';
import { foldText } from '../../core/text.ts';
import type { RawParagraph } from '../raw-document.ts';

type Section = Plan['sections'][number];

const monthWords =
  'janvier|fevrier|mars|avril|mai|juin|juillet|aout|septembre|octobre|novembre|decembre|january|february|march|april|may|june|july|august|september|october|november|december';

export type CoverLine =
  | {
      kind: 'title';
      text: string;
      updated: boolean;
      date: string | null;
      years: { from: string; to: string } | null;
    }
  | { kind: 'date'; text: string }
  | { kind: 'department'; text: string }
  | { kind: 'programme'; text: string }
  | { kind: 'campuses'; names: string[] }
  | { kind: 'other'; text: string };

/** Kinds of institution a plan names in its prose: "la Haute Ecole Louvain en Hainaut", "l'Université de Namur". */
const institutionNamePattern =
  /\b((?:Haute[- ][ÉE]cole|Universit[ée]|Institut(?: sup[ée]rieur)?|[ÉE]cole sup[ée]rieure|Conservatoire|Acad[ée]mie|University|College)(?:\s+(?:(?:de|du|des|en|et|la|le|d'|l')\s*)*[A-ZÀ-Ý][\p{L}'’-]*)+)/u;

/**
 * The institution a plan's first paragraphs name, when its cover says none: the first
 * "Haute École …", "Université …", "Institut …" followed by capitalised words. Null otherwise.
 */
export function findInstitutionInProse(paragraphs: readonly string[]): string | null {
  for (const paragraph of paragraphs.slice(0, 12)) {
    const m = institutionNamePattern.exec(paragraph);
    if (m) return m[1]!.replace(/\s+/g, ' ').trim();
  }
  return null;
}

/** What a line of a plan's cover says: its title, date, department, programme, campus list, or something else. */
export function classifyCoverLine(text: string): CoverLine {
  const folded = foldText(text).trim();
  if (
    /\b(plans? d'actions?|action plan|plan de suivi|plan d'amelioration|improvement plan|quality plan|plan qualite)\b/.test(
      folded,
    ) &&
    text.length < 120
  ) {
    const dated = new RegExp(`\\b(${monthWords})\\s+(19|20)\\d{2}\\b`).exec(folded);
    // "Plan 2024-2027" gives the years the plan covers, "Plan actualisé - 2026" its date.
    const range = /\b((?:19|20)\d{2})\s*[-–]\s*((?:19|20)\d{2})\b/.exec(text);
    const year = range ? null : /\b(19|20)\d{2}\b/.exec(text);
    const years =
      range && Number(range[2]) > Number(range[1])
        ? { from: `${range[1]}-${Number(range[1]) + 1}`, to: `${Number(range[2]) - 1}-${range[2]}` }
        : null;
    return {
      kind: 'title',
      text,
      updated: /\b(actualise|mis a jour|mise a jour|update|revise|revised)/.test(folded),
      date: dated ? text.slice(dated.index, dated.index + dated[0].length) : (year?.[0] ?? null),
      years,
    };
  }
  if (new RegExp(`^\\(?((\\d{1,2}\\s+)?(${monthWords})\\s+)?(19|20)\\d{2}\\)?$`).test(folded))
    return { kind: 'date', text };
  if (
    /^(cluster|departement|department|faculte|faculty|school of|pole|domaine|categorie|secteur|division)\b/.test(
      folded,
    )
  ) {
    return { kind: 'department', text };
  }
  const programme = /^(cursus|programme|program|formation|section|filiere)\s*:\s*(.+)$/i.exec(text.trim());
  if (programme) return { kind: 'programme', text: programme[2]!.trim() };
  if (/^(bachelier|bachelor|master|licence|diplome|degree|brevet|specialisation|msc|ba|bsc)\b/.test(folded)) {
    return { kind: 'programme', text: text.trim() };
  }
  // "Implantations : Tournai, Mouscron" names them after a label.
  const list = text.replace(/^\s*(?:campus|implantations?|sites?)\s*:\s*/i, '');
  const parts = list.split(/\s+[-–—|/]\s+|\s*,\s*|\s*·\s*/).map((p) => p.trim());
  if (
    parts.length >= 2 &&
    parts.every((p) => /^[A-ZÀ-Ý][\p{L}'’-]*(?:[ -][\p{L}'’-]+){0,3}$/u.test(p) && p.length <= 40)
  ) {
    return { kind: 'campuses', names: parts };
  }
  return { kind: 'other', text };
}

const superscriptDigits = '⁰¹²³⁴⁵⁶⁷⁸⁹';

/** Footnote marks in a text ("CPEONS¹" → ["1"]). */
export function footnoteMarks(text: string): string[] {
  const marks: string[] = [];
  for (const m of text.matchAll(new RegExp(`[${superscriptDigits}]+`, 'g'))) {
    marks.push([...m[0]].map((c) => String(superscriptDigits.indexOf(c))).join(''));
  }
  return marks;
}

/** A paragraph that is a footnote left in the body ("¹ Etat de Réalisation : …"): its number and text. */
export function readFootnoteParagraph(text: string): { id: string; text: string } | null {
  const m = new RegExp(`^([${superscriptDigits}]+)\\s*(.+)$`).exec(text.trim());
  if (!m) return null;
  return { id: [...m[1]!].map((c) => String(superscriptDigits.indexOf(c))).join(''), text: m[2]!.trim() };
}

/**
 * Numbered headings ("1.2. Méthodologie") are told from numbered list items by following the
 * heading numbering: a heading continues it (1 → 1.1 → 1.2 → 2), a list restarts at 1 and
 * its next items ("2.", "3.") are recognised as the list going on.
 */
export class HeadingNumbering {
  private current: number[] = [];
  private listExpected: number | null = null;

  /** The heading's number parts when the line continues the numbering, else null. */
  accept(text: string): number[] | null {
    const m = /^(\d{1,2}(?:\.\d{1,2})*)\.?\s+(\S.*)$/.exec(text.trim());
    if (!m) return null;
    const parts = m[1]!.split('.').map(Number);
    if (parts.length === 1 && this.listExpected === parts[0]) {
      this.listExpected += 1;
      return null;
    }
    if (text.length > 140 || /[;,]$/.test(text.trim()) || !this.isNext(parts)) {
      if (parts.length === 1 && parts[0] === 1) this.listExpected = 2;
      return null;
    }
    this.current = parts;
    this.listExpected = null;
    return parts;
  }

  private isNext(parts: number[]): boolean {
    if (this.current.length === 0) return parts.every((p, i) => (i === parts.length - 1 ? p === 1 : true));
    for (let depth = 0; depth < parts.length; depth++) {
      const prefixSame = parts.slice(0, depth).every((p, i) => p === (this.current[i] ?? 0));
      if (!prefixSame) return false;
      if (depth === parts.length - 1) {
        const previous = this.current[depth];
        return previous === undefined ? parts[depth] === 1 : parts[depth] === previous + 1;
      }
    }
    return false;
  }
}

/** Collects narrative sections in order; joins a paragraph cut by a page break ("… propre à" / "la section."). */
export class SectionCollector {
  readonly sections: Section[] = [];
  private lastWasCutCandidate = false;

  open(title: string, level: number): void {
    this.sections.push({ title, level: Math.min(6, Math.max(1, level)), text: '', footnotes: [] });
    this.lastWasCutCandidate = false;
  }

  private current(): Section {
    if (this.sections.length === 0) this.open('', 1);
    return this.sections[this.sections.length - 1]!;
  }

  addParagraph(paragraph: Pick<RawParagraph, 'text' | 'listLevel'>): void {
    const section = this.current();
    const text = paragraph.text.trim();
    if (!text) return;
    if (paragraph.listLevel !== undefined) {
      const line = `${'  '.repeat(paragraph.listLevel)}- ${text}`;
      section.text += section.text
        ? (/\n- |^- |\n\s+- /.test(lastBlock(section.text)) ? '\n' : '\n\n') + line
        : line;
      this.lastWasCutCandidate = false;
      return;
    }
    if (this.lastWasCutCandidate && /^[a-zà-ÿ]/.test(text)) {
      section.text += ` ${text}`;
    } else {
      section.text += section.text ? `\n\n${text}` : text;
    }
    this.lastWasCutCandidate = !/[.!?:;»")\]…]$/.test(text);
  }

  addLines(lines: string[]): void {
    const section = this.current();
    const block = lines.join('\n');
    section.text += section.text ? `\n\n${block}` : block;
    this.lastWasCutCandidate = false;
  }

  /** Attaches footnotes to the section that marks them, the rest to the last section. */
  attachFootnotes(footnotes: Array<{ id: string; text: string }>): void {
    for (const note of footnotes) {
      const owner =
        this.sections.find((s) => footnoteMarks(`${s.title} ${s.text}`).includes(note.id)) ??
        this.sections[this.sections.length - 1];
      if (owner) {
        owner.footnotes.push(`${note.id} ${note.text}`);
      } else {
        this.open('Notes', 1);
        this.current().footnotes.push(`${note.id} ${note.text}`);
      }
    }
  }
}

function lastBlock(text: string): string {
  const i = text.lastIndexOf('\n\n');
  return i >= 0 ? text.slice(i + 2) : text;
}

/** A person's name line in a signature block: "HUPEZ Valentine", "Valentine Hupez", "Dr. A. Smith". */
export function isPersonName(text: string): boolean {
  const t = text.trim();
  if (t.length > 60 || /[:;,.!?]$/.test(t)) return false;
  return (
    /^[A-ZÀ-Ý][A-ZÀ-Ý'’-]+(?:\s+[A-ZÀ-Ý][A-ZÀ-Ý'’-]+)*\s+[A-ZÀ-Ý][a-zà-ÿ'’-]+(?:[ -][A-ZÀ-Ý][a-zà-ÿ'’-]+)?$/.test(
      t,
    ) ||
    /^(?:(?:Dr|Mme|M|Mr|Mrs|Ms|Prof)\.?\s+)?[A-ZÀ-Ý][a-zà-ÿ'’-]+(?:[ -][A-ZÀ-Ý][a-zà-ÿ'’-]+)?\s+[A-ZÀ-Ý][A-ZÀ-Ý'’-]+(?:\s+[A-ZÀ-Ý][A-ZÀ-Ý'’-]+)*$/.test(
      t,
    ) ||
    // "J. Smith", "A.-M. Dupont"
    /^(?:[A-ZÀ-Ý]\.[-\s]?){1,3}\s*[A-ZÀ-Ý][\p{L}'’-]+$/u.test(t)
  );
}

/** Reads a closing signature block (role lines followed by names); null when the lines are not one. */
export function readSignatories(lines: string[]): Array<{ role: string; name: string }> | null {
  const named = (line: string) => isPersonName(line) || isPersonName(line.split(':').slice(1).join(':'));
  if (lines.length === 0 || !lines.some(named)) return null;
  const out: Array<{ role: string; name: string }> = [];
  let role = '';
  for (const line of lines) {
    const inline = /^(.{2,60}?)\s*:\s*(.+)$/.exec(line.trim());
    if (inline && isPersonName(inline[2]!)) out.push({ role: inline[1]!.trim(), name: inline[2]!.trim() });
    else if (isPersonName(line)) out.push({ role, name: line.trim() });
    else if (line.trim().length <= 80) role = line.trim();
    else return null;
  }
  return out;
}
