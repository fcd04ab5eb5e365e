import { describe, expect, it } from 'vitest';
import { jsonErrorOffset, jsonSyntaxProblem, locateJsonError } from './json-syntax.ts';

function parses(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}

describe('jsonErrorOffset (our own scan of a text JSON.parse refused)', () => {
  it('finds no error in valid JSON, however nested', () => {
    const samples = [
      '{}',
      ' [ ] ',
      '{"a": [1, -2.5e+3, true, false, null, "x\\n\\u00e9\\"y"], "b": {"c": {}}}',
      '"é"',
      '0',
      '['.repeat(5000) + ']'.repeat(5000),
    ];
    for (const text of samples) {
      expect(parses(text), text.slice(0, 40)).toBe(true);
      expect(jsonErrorOffset(text), text.slice(0, 40)).toBeUndefined();
    }
  });

  it('points at the character where the text stops being JSON', () => {
    expect(jsonErrorOffset('{"a": }')).toBe(6);
    expect(jsonErrorOffset('{a:1}')).toBe(1);
    expect(jsonErrorOffset('[1,2,]')).toBe(5);
    expect(jsonErrorOffset('{"a":1}x')).toBe(7);
    expect(jsonErrorOffset('{"a":"x\ny"}')).toBe(7);
    expect(jsonErrorOffset('[01]')).toBe(2);
    expect(jsonErrorOffset('[tru]')).toBe(4);
    expect(jsonErrorOffset('"\\q"')).toBe(2);
    expect(jsonErrorOffset('{"a":1')).toBe(6);
    expect(jsonErrorOffset('')).toBe(0);
  });

  it('agrees with JSON.parse on whether a text is JSON, over mutations of a plan', () => {
    const plan = JSON.stringify(
      { title: 'Plan « qualité »', axes: [{ title: 'Axe 1', objectives: [{ n: 1.5, ok: true, x: null }] }] },
      null,
      2,
    );
    const pieces = ['', ',', ':', '"', '{', '}', '[', ']', 'x', '1', '-', '.', 'e', '\\', ' ', '\n', 't'];
    let state = 7;
    const random = (n: number) => {
      state = (state * 1103515245 + 12345) % 2147483648;
      return (state >>> 8) % n;
    };
    for (let round = 0; round < 3000; round++) {
      const at = random(plan.length + 1);
      const cut = random(3);
      const text = plan.slice(0, at) + pieces[random(pieces.length)]! + plan.slice(at + cut);
      expect(jsonErrorOffset(text) === undefined, text).toBe(parses(text));
    }
  });
});

describe('locateJsonError and jsonSyntaxProblem', () => {
  it('give the line and column, 1-based, in both languages', () => {
    const text = '{\n  "title": "P",\n  "axes": [,]\n}\n';
    expect(locateJsonError(text)).toEqual({ line: 3, column: 12, atEnd: false });
    expect(jsonSyntaxProblem(text)).toEqual({
      fr: 'erreur de syntaxe à la ligne 3, colonne 12',
      en: 'syntax error at line 3, column 12',
    });
  });

  it('say when the text ends before the JSON does', () => {
    expect(locateJsonError('{\n"title": \n\n')).toMatchObject({ atEnd: true });
    expect(jsonSyntaxProblem('{"title": ').en).toBe(
      'the text ends before the JSON does, at line 1 (file cut short?)',
    );
  });
});
