import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { breakLines, TextMeasure, wouldJoin } from '../../src/export/pdf-line-breaker.ts';
import { buildCellLayout } from '../../src/export/pdf-writer.ts';
import { hostileStrings } from '../factories/build-plan.ts';

const require = createRequire(import.meta.url);
const fontDir = new URL('../../assets/fonts/', import.meta.url).pathname;
const fontFile = (name: string) => readFileSync(`${fontDir}LiberationSans-${name}.ttf`);
const files = {
  normal: fontFile('Regular'),
  bold: fontFile('Bold'),
  italics: fontFile('Italic'),
  bolditalics: fontFile('BoldItalic'),
};
const measure = new TextMeasure(files);
const width = (text: string) => measure.width(text, 7.5, {});

const samples = [
  'LLN : organisation de manière systématique des ateliers « Antidote » pour tous les étudiant-e-s de B1 et de B2 et stimuler la participation pour les étudiant-e-s de B3 en préparation au TFE',
  'Coordination promotion réussite Responsable du Centre de Documentation',
  'Nombre d’étudiant·e·s B1 présents aux ateliers de recherche de stage',
  'https://www.example.org/un/lien/tres/long/sans/espace/qui/depasse/la/largeur/de/la/colonne',
  'Anticonstitutionnellementanticonstitutionnellementanticonstitutionnellement',
  ...hostileStrings,
];

describe('PDF line breaking', () => {
  it('never makes a line wider than its box, and loses no character', () => {
    for (const text of samples) {
      for (const box of [30, 60, 120, 400]) {
        const lines = breakLines(text, box, width);
        for (const line of lines) {
          // A single character wider than the box is the one thing that may stand out.
          if ([...line.trimEnd()].length > 1)
            expect([text, box, line, width(line.trimEnd()) <= box]).toEqual([text, box, line, true]);
        }
        expect(lines.join('').replace(/\s+/g, '')).toBe(text.replace(/\s+/g, ''));
      }
    }
  });

  it('breaks where pdfmake would (spaces, after hyphens), at newlines, and ends every line with a space', () => {
    expect(breakLines('étudiant-e-s de B3', width('étudiant-e-'), width)).toEqual([
      'étudiant-e- ',
      's de B3 ',
    ]);
    expect(breakLines('une ligne\nune autre', 400, width)).toEqual(['une ligne ', 'une autre ']);
    expect(breakLines('', 100, width)).toEqual([' ']);
  });

  it('tells which cut lines pdfmake would glue back onto one line', () => {
    const [head, tail] = breakLines('Partenaire(s)', width('Partenaire(s'), width);
    expect([head, tail]).toEqual(['Partenaire(s ', ') ']);
    // No break opportunity before a closing parenthesis, even after a space: pdfmake would glue.
    expect(wouldJoin(head!, tail!)).toBe(true);
    expect(wouldJoin('en B1 ', '+ création ')).toBe(false);
    expect(wouldJoin('étudiant-e- ', 's de B3 ')).toBe(false);
    expect(wouldJoin('première ligne ', '! seconde ')).toBe(true);
  });

  it('measures without kerning: never narrower than the kerned text pdfkit draws', () => {
    const fontkit = require('fontkit') as {
      create(b: Buffer): { unitsPerEm: number; layout(t: string): { advanceWidth: number } };
    };
    const font = fontkit.create(files.normal);
    for (const text of [...samples, 'AV To Wa Yo LT']) {
      const kerned = (font.layout(text).advanceWidth / font.unitsPerEm) * 7.5;
      expect(width(text)).toBeGreaterThanOrEqual(kerned - 1e-9);
    }
  });

  it('gives each column the text width pdfmake itself computes', () => {
    const columnCalculator = (
      require('pdfmake/js/columnCalculator.js') as {
        default: {
          buildColumnWidths(columns: object[], available: number, offsets: number, node: object): void;
        };
      }
    ).default;
    for (const weights of [
      [2.2, 1.4, 1, 1.3, 2, 3, 1.5, 2, 1],
      [6, 0.55, 0.55, 0.55, 0.55, 0.55, 0.55, 0.55, 0.55, 0.55, 0.55, 0.55, 0.55],
    ]) {
      const total = weights.reduce((a, b) => a + b, 0);
      const columns = weights.map((w) => ({
        width: `${((w / total) * 100).toFixed(2)}%`,
        _minWidth: 0,
        _maxWidth: 0,
      }));
      const tableNode = {
        _layout: { paddingLeft: () => 3, paddingRight: () => 3, vLineWidth: () => 0.5 },
      };
      const offsets = weights.length * 6 + (weights.length + 1) * 0.5;
      const pageContentWidth = 841.89 - 80;
      columnCalculator.buildColumnWidths(columns, pageContentWidth - offsets, offsets, tableNode);
      const ours = buildCellLayout(weights, measure).columns;
      columns.forEach((column, i) => {
        expect(ours[i]).toBeCloseTo(Reflect.get(column, '_calcWidth') as number, 6);
      });
    }
  });
});
