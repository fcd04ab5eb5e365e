import { JalonError } from '../core/errors.ts';

/**
 * A small, safe XML parser for Office Open XML parts. Why not a general parser: on the seed's
 * 1 MB document.xml, fast-xml-parser took 160–350 ms alone, more than the whole import budget.
 * This one builds a plain element tree in one pass (~15 ms), from pieces of the text as they
 * are inflated, and is safe by construction:
 * a DOCTYPE is refused, only the five predefined entities and numeric character references
 * are decoded, nothing external is ever resolved.
 */
export interface XmlElement {
  name: string;
  attrs: Record<string, string>;
  children: XmlNode[];
}
export type XmlNode = XmlElement | string;

const predefinedEntities: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

/** Decodes predefined entities and character references; unknown entities stay as written. */
export function decodeXmlText(text: string): string {
  if (!text.includes('&')) return text;
  return text.replace(/&(#x[0-9a-fA-F]{1,6}|#[0-9]{1,7}|[a-zA-Z]{2,4});/g, (whole, body: string) => {
    if (body.startsWith('#')) {
      const code =
        body[1] === 'x' || body[1] === 'X' ? parseInt(body.slice(2), 16) : parseInt(body.slice(1), 10);
      return code > 0 && code <= 0x10ffff && !(code >= 0xd800 && code <= 0xdfff)
        ? String.fromCodePoint(code)
        : '';
    }
    return predefinedEntities[body] ?? whole;
  });
}

function isNameEnd(code: number): boolean {
  // whitespace, '/', '>'
  return code === 0x20 || code === 0x09 || code === 0x0a || code === 0x0d || code === 0x2f || code === 0x3e;
}

/**
 * A copy of a string that does not point into the piece of XML it was cut from: V8 keeps a
 * substring's whole parent alive, and the parent here is a quarter-megabyte piece of the part.
 */
function detached(text: string): string {
  return text.length > 12 ? (' ' + text).slice(1) : text;
}

export interface XmlTreeHandlers {
  /** An element has opened: its name and attributes are known, not yet its children. */
  open?(element: XmlElement, ancestors: readonly XmlElement[]): void;
  /**
   * An element has closed, with its whole subtree. Returning true takes it: it is not added to
   * its parent, and the builder holds nothing of it any more.
   */
  close(element: XmlElement, ancestors: readonly XmlElement[]): boolean;
}

export interface XmlTreeLimits {
  /** The most elements and texts the builder may hold at once (not yet taken by `close`). */
  maxHeldNodes?: number;
}

export const defaultMaxHeldXmlNodes = 250_000;
const maxConstructChars = 8 * 1024 * 1024;

/**
 * Builds the element tree of an XML part from pieces of its text, in one pass, handing each
 * element to `close` as soon as it ends: a reader that takes the blocks it wants (a paragraph,
 * a table row) keeps only the one being read, whatever the size of the part. What is not
 * taken stays in the tree that `end` returns. Text is decoded and copied (never a view into a
 * piece), possibly in several strings where a piece ended inside it.
 */
export class XmlTreeBuilder {
  readonly root: XmlElement = { name: '#document', attrs: {}, children: [] };
  private readonly stack: XmlElement[] = [this.root];
  /** Nodes created when each open element opened: its subtree's size is what was created since. */
  private readonly createdAtOpen: number[] = [0];
  private created = 0;
  private released = 0;
  private pending = '';
  private readonly maxHeldNodes: number;
  /** "plan.docx: word/document.xml", for messages. */
  private readonly source: string;
  /** The same in French, without the English colon: "plan.docx (word/document.xml)". */
  private readonly sourceFr: string;

  constructor(
    private readonly file: string,
    part: string,
    private readonly handlers: XmlTreeHandlers = { close: () => false },
    limits: XmlTreeLimits = {},
  ) {
    this.source = `${file}: ${part}`;
    this.sourceFr = `${file} (${part})`;
    this.maxHeldNodes = limits.maxHeldNodes ?? defaultMaxHeldXmlNodes;
  }

  /** Parses the next piece of the part's text. */
  write(text: string): void {
    this.pending = this.pending ? this.pending + text : text;
    this.parse(false);
  }

  /** Parses what is left (an unfinished construct is read as far as it goes) and returns the tree. */
  end(): XmlElement {
    this.parse(true);
    return this.root;
  }

  private count(): void {
    this.created += 1;
    if (this.created - this.released > this.maxHeldNodes) {
      throw new JalonError(
        'FILE_TOO_LARGE',
        {
          fr: `${this.sourceFr} : un même bloc contient plus de ${this.maxHeldNodes.toLocaleString('fr-BE')} éléments XML, plus qu’un import n’en lit à la fois`,
          en: `${this.source}: one block holds more than ${this.maxHeldNodes.toLocaleString('en')} XML elements, more than an import reads at once`,
        },
        { location: { file: this.file } },
      );
    }
  }

  private addText(text: string): void {
    if (!text) return;
    this.count();
    this.stack[this.stack.length - 1]!.children.push(detached(decodeXmlText(text)));
  }

  private closeTop(): void {
    const element = this.stack.pop()!;
    const openedAt = this.createdAtOpen.pop()!;
    const parent = this.stack[this.stack.length - 1]!;
    if (this.handlers.close(element, this.stack)) {
      this.released += this.created - openedAt;
      // The element was pushed into its parent when it opened: it is the parent's last child.
      if (parent.children[parent.children.length - 1] === element) parent.children.pop();
    }
  }

  private parse(final: boolean): void {
    const xml = this.pending;
    const length = xml.length;
    let position = 0;
    while (position < length) {
      const open = xml.indexOf('<', position);
      if (open === -1) {
        // Text up to the end of the piece: keep an entity the next piece may finish (the
        // longest, "&#x10FFFF;", has ten characters).
        const amp = final ? -1 : xml.lastIndexOf('&');
        const cut = amp >= position && amp > length - 12 && xml.indexOf(';', amp) === -1 ? amp : length;
        this.addText(xml.slice(position, cut));
        position = cut;
        break;
      }
      if (open > position) this.addText(xml.slice(position, open));
      position = open;
      const next = xml.charCodeAt(open + 1);
      if (Number.isNaN(next) && !final) break;
      if (next === 0x3f /* ? */) {
        const end = xml.indexOf('?>', open + 2);
        if (end === -1 && !final) break;
        position = end === -1 ? length : end + 2;
        continue;
      }
      if (next === 0x21 /* ! */) {
        if (open + 9 > length && !final) break;
        if (xml.startsWith('<!--', open)) {
          const end = xml.indexOf('-->', open + 4);
          if (end === -1 && !final) break;
          position = end === -1 ? length : end + 3;
          continue;
        }
        if (xml.startsWith('<![CDATA[', open)) {
          const end = xml.indexOf(']]>', open + 9);
          if (end === -1 && !final) break;
          const stop = end === -1 ? length : end;
          this.count();
          this.stack[this.stack.length - 1]!.children.push(detached(xml.slice(open + 9, stop)));
          position = end === -1 ? length : end + 3;
          continue;
        }
        throw new JalonError(
          'FILE_UNREADABLE',
          {
            fr: `${this.sourceFr} contient une déclaration DOCTYPE, ce qu’un fichier Office n’a jamais : refusé (risque d’expansion d’entités XML)`,
            en: `${this.source} contains a DOCTYPE declaration, which Office files never have: refused (XML entity expansion risk)`,
          },
          { location: { file: this.file } },
        );
      }
      if (next === 0x2f /* / */) {
        const end = xml.indexOf('>', open + 2);
        if (end === -1 && !final) break;
        const name = xml.slice(open + 2, end === -1 ? length : end).trim();
        for (let depth = this.stack.length - 1; depth > 0; depth--) {
          if (this.stack[depth]!.name === name) {
            while (this.stack.length > depth) this.closeTop();
            break;
          }
        }
        position = end === -1 ? length : end + 1;
        continue;
      }
      const tag = readStartTag(xml, open, final);
      if (!tag) break;
      this.count();
      const parent = this.stack[this.stack.length - 1]!;
      parent.children.push(tag.element);
      this.handlers.open?.(tag.element, this.stack);
      this.stack.push(tag.element);
      this.createdAtOpen.push(this.created - 1);
      if (tag.selfClosing) this.closeTop();
      position = tag.end;
    }
    this.pending = position < length ? xml.slice(position) : '';
    if (this.pending.length > maxConstructChars) {
      // Waiting longer would read the same text again at every piece: no Office part has a
      // tag, comment or CDATA section this long.
      throw new JalonError(
        'FILE_UNREADABLE',
        {
          fr: `${this.sourceFr} contient une balise ou un commentaire de plus de ${maxConstructChars / (1024 * 1024)} Mo : ce n’est pas un document Office`,
          en: `${this.source} has a tag or comment longer than ${maxConstructChars / (1024 * 1024)} MB: not an Office document`,
        },
        { location: { file: this.file } },
      );
    }
    if (final) {
      this.pending = '';
      while (this.stack.length > 1) this.closeTop();
    }
  }
}

/**
 * A start tag at `open`: name, attributes with quote-aware scanning ('>' may appear inside
 * values), and where it ends; null when the piece ends inside it and more text is coming.
 */
function readStartTag(
  xml: string,
  open: number,
  final: boolean,
): { element: XmlElement; selfClosing: boolean; end: number } | null {
  const length = xml.length;
  let cursor = open + 1;
  while (cursor < length && !isNameEnd(xml.charCodeAt(cursor))) cursor++;
  if (cursor >= length && !final) return null;
  const element: XmlElement = { name: xml.slice(open + 1, cursor), attrs: {}, children: [] };
  let selfClosing = false;
  while (true) {
    if (cursor >= length) {
      if (!final) return null;
      break;
    }
    const code = xml.charCodeAt(cursor);
    if (code === 0x3e /* > */) {
      cursor++;
      break;
    }
    if (code === 0x2f /* / */ && cursor + 1 >= length && !final) return null;
    if (code === 0x2f /* / */ && xml.charCodeAt(cursor + 1) === 0x3e) {
      selfClosing = true;
      cursor += 2;
      break;
    }
    if (code === 0x20 || code === 0x09 || code === 0x0a || code === 0x0d || code === 0x2f) {
      cursor++;
      continue;
    }
    const equals = xml.indexOf('=', cursor);
    if (equals === -1) {
      if (!final) return null;
      cursor = length;
      break;
    }
    const attrName = xml.slice(cursor, equals).trim();
    let quoteAt = equals + 1;
    while (quoteAt < length && xml.charCodeAt(quoteAt) <= 0x20) quoteAt++;
    if (quoteAt >= length && !final) return null;
    const quote = xml[quoteAt];
    if (quote !== '"' && quote !== "'") {
      // Malformed attribute: skip to the end of the tag.
      const end = xml.indexOf('>', cursor);
      if (end === -1 && !final) return null;
      cursor = end === -1 ? length : end + 1;
      break;
    }
    const close = xml.indexOf(quote, quoteAt + 1);
    if (close === -1 && !final) return null;
    const valueEnd = close === -1 ? length : close;
    element.attrs[attrName] = detached(decodeXmlText(xml.slice(quoteAt + 1, valueEnd)));
    cursor = valueEnd + 1;
  }
  return { element, selfClosing, end: cursor };
}

/** Direct child elements, optionally only those with the given name. */
export function childElements(element: XmlElement, name?: string): XmlElement[] {
  const result: XmlElement[] = [];
  for (const child of element.children) {
    if (typeof child !== 'string' && (name === undefined || child.name === name)) result.push(child);
  }
  return result;
}

/** The first direct child element with that name. */
export function firstChild(element: XmlElement | undefined, name: string): XmlElement | undefined {
  if (!element) return undefined;
  for (const child of element.children) {
    if (typeof child !== 'string' && child.name === name) return child;
  }
  return undefined;
}

/** The first element with that name anywhere below (depth first). */
export function findDescendant(element: XmlElement, name: string): XmlElement | undefined {
  for (const child of element.children) {
    if (typeof child === 'string') continue;
    if (child.name === name) return child;
    const found = findDescendant(child, name);
    if (found) return found;
  }
  return undefined;
}
