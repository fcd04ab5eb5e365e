import { createRequire } from 'node:module';

/**
 * Line breaking of table text for the PDF writer, done before pdfmake sees it.
 *
 * pdfmake turns every word into an inline that it styles (some twenty style lookups), measures,
 * and then draws with its own text operators: for a 1,000-action plan that is some 100,000
 * inlines. Given whole lines that it must not wrap again, it handles one inline per line instead.
 * The break opportunities are the Unicode ones pdfmake itself uses (the `linebreak` package);
 * widths are the fonts' advance widths without kerning, which can only make a line narrower than
 * measured here, never wider, so no line overflows its cell.
 */

/** The little of fontkit and linebreak (pdfkit's and pdfmake's own libraries) used here. */
interface FontkitFont {
  unitsPerEm: number;
  glyphForCodePoint(codePoint: number): { advanceWidth: number };
}
type LineBreakerConstructor = new (text: string) => {
  nextBreak(): { position: number; required: boolean } | null;
};
const require = createRequire(import.meta.url);
const fontkit = require('fontkit') as { create(file: Buffer): FontkitFont };
const LineBreaker = require('linebreak') as LineBreakerConstructor;

export interface FontVariants<T> {
  normal: T;
  bold: T;
  italics: T;
  bolditalics: T;
}

interface GlyphWidths {
  unitsPerEm: number;
  widths: Map<number, number>;
  font: FontkitFont;
}

export class TextMeasure {
  private readonly fonts: FontVariants<GlyphWidths>;

  constructor(files: FontVariants<Buffer>) {
    const load = (file: Buffer): GlyphWidths => {
      const font = fontkit.create(file);
      return { unitsPerEm: font.unitsPerEm, widths: new Map(), font };
    };
    this.fonts = {
      normal: load(files.normal),
      bold: load(files.bold),
      italics: load(files.italics),
      bolditalics: load(files.bolditalics),
    };
  }

  /** Width in points of `text` at `size` points. */
  width(text: string, size: number, style: { bold?: boolean; italic?: boolean }): number {
    const variant = style.bold
      ? style.italic
        ? 'bolditalics'
        : 'bold'
      : style.italic
        ? 'italics'
        : 'normal';
    const font = this.fonts[variant];
    let units = 0;
    for (const char of text) {
      const codePoint = char.codePointAt(0)!;
      let width = font.widths.get(codePoint);
      if (width === undefined) {
        width = font.font.glyphForCodePoint(codePoint).advanceWidth;
        font.widths.set(codePoint, width);
      }
      units += width;
    }
    return (units / font.unitsPerEm) * size;
  }
}

/**
 * The lines of one paragraph in a box `maxWidth` points wide: as many break-separated pieces per
 * line as fit, trailing spaces not counted; a word wider than the box is cut between characters.
 * Every line ends with a space, which pdfmake does not draw or count: without one, pdfmake would
 * glue two lines that read as one word ("B1" then "+ création") back onto one line.
 */
export function breakLines(text: string, maxWidth: number, measure: (part: string) => number): string[] {
  const lines: string[] = [];
  let line = '';
  const breaker = new LineBreaker(text);
  let last = 0;
  for (let next = breaker.nextBreak(); next; next = breaker.nextBreak()) {
    const piece = text.slice(last, next.position).replace(/[\r\n]+$/, '');
    last = next.position;
    if (line && measure(`${line}${piece}`.trimEnd()) > maxWidth) {
      lines.push(line);
      line = '';
    }
    line += piece;
    while (measure(line.trimEnd()) > maxWidth && [...line.trimEnd()].length > 1) {
      const { head, tail } = cutToWidth(line, maxWidth, measure);
      lines.push(head);
      line = tail;
    }
    if (next.required) {
      lines.push(line);
      line = '';
    }
  }
  if (line || lines.length === 0) lines.push(line);
  return lines.map((cut) => (/\s$/.test(cut) ? cut : `${cut} `));
}

/** The pieces of `text` between its break opportunities, as pdfmake splits words. */
function splitPieces(text: string): string[] {
  const pieces: string[] = [];
  const breaker = new LineBreaker(text);
  let last = 0;
  for (let next = breaker.nextBreak(); next; next = breaker.nextBreak()) {
    pieces.push(text.slice(last, next.position));
    last = next.position;
  }
  return pieces;
}

/**
 * Whether pdfmake would glue `next` onto the line of `previous`: it does when the last word of one
 * and the first word of the other read as one word, with no break opportunity between them. Lines
 * cut at break opportunities never do; a line cut inside a word, or a paragraph that starts with
 * a closing mark (")", "!", "/"…), can.
 */
export function wouldJoin(previous: string, next: string): boolean {
  const lastWord = splitPieces(previous).at(-1) ?? '';
  const firstWord = splitPieces(next)[0] ?? '';
  return splitPieces(lastWord + firstWord).length === 1;
}

/** The longest start of `text` that fits (at least one character), and the rest. */
function cutToWidth(text: string, maxWidth: number, measure: (part: string) => number) {
  const chars = [...text];
  let count = 1;
  while (count < chars.length && measure(chars.slice(0, count + 1).join('')) <= maxWidth) count++;
  return { head: chars.slice(0, count).join(''), tail: chars.slice(count).join('') };
}
