import type { LocalizedText } from '../core/errors.ts';

/** Where a JSON text stops being JSON: 1-based line and column, and whether it ended too early. */
export interface JsonSyntaxError {
  line: number;
  column: number;
  /** The text ends before the JSON value does (a file cut short). */
  atEnd: boolean;
}

const numberPattern = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
const escapes = new Set(['"', '\\', '/', 'b', 'f', 'n', 'r', 't']);

/**
 * The offset of the first character that makes `text` invalid JSON (text.length when it ends
 * too early), or undefined when it is valid. Our own scan, iterative (any nesting depth), so
 * that an import can say where the error is in its own words, in French and in English,
 * whatever wording and position the JavaScript engine's JSON.parse message has.
 */
export function jsonErrorOffset(text: string): number | undefined {
  const n = text.length;
  let i = 0;
  const stack: Array<'{' | '['> = [];
  let state: 'value' | 'valueOrEnd' | 'key' | 'keyOrEnd' | 'after' = 'value';
  const skipSpace = (): void => {
    while (i < n) {
      const c = text.charCodeAt(i);
      if (c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d) i += 1;
      else break;
    }
  };
  /** Reads a string from its opening quote; returns the offset of an error, or undefined. */
  const scanString = (): number | undefined => {
    i += 1;
    while (i < n) {
      const c = text.charCodeAt(i);
      if (c === 0x22) {
        i += 1;
        return undefined;
      }
      if (c < 0x20) return i;
      if (c === 0x5c) {
        const next = text[i + 1];
        if (next === undefined) return n;
        if (next === 'u') {
          for (let k = 2; k < 6; k++) {
            if (i + k >= n) return n;
            if (!/[0-9a-fA-F]/.test(text[i + k]!)) return i + k;
          }
          i += 6;
        } else if (escapes.has(next)) i += 2;
        else return i + 1;
        continue;
      }
      i += 1;
    }
    return n;
  };
  for (;;) {
    skipSpace();
    if (state === 'after') {
      const top = stack[stack.length - 1];
      if (top === undefined) return i < n ? i : undefined;
      if (i >= n) return n;
      const c = text[i];
      if (c === ',') {
        i += 1;
        state = top === '{' ? 'key' : 'value';
      } else if ((c === '}' && top === '{') || (c === ']' && top === '[')) {
        i += 1;
        stack.pop();
      } else return i;
      continue;
    }
    if (i >= n) return n;
    const c = text[i];
    if (state === 'key' || state === 'keyOrEnd') {
      if (state === 'keyOrEnd' && c === '}') {
        i += 1;
        stack.pop();
        state = 'after';
        continue;
      }
      if (c !== '"') return i;
      const failed = scanString();
      if (failed !== undefined) return failed;
      skipSpace();
      if (i >= n) return n;
      if (text[i] !== ':') return i;
      i += 1;
      state = 'value';
      continue;
    }
    if (state === 'valueOrEnd' && c === ']') {
      i += 1;
      stack.pop();
      state = 'after';
      continue;
    }
    if (c === '{' || c === '[') {
      stack.push(c);
      i += 1;
      state = c === '{' ? 'keyOrEnd' : 'valueOrEnd';
      continue;
    }
    if (c === '"') {
      const failed = scanString();
      if (failed !== undefined) return failed;
      state = 'after';
      continue;
    }
    const literal = ['true', 'false', 'null'].find((word) => word[0] === c);
    if (literal) {
      for (let k = 0; k < literal.length; k++) {
        if (i + k >= n) return n;
        if (text[i + k] !== literal[k]) return i + k;
      }
      i += literal.length;
      state = 'after';
      continue;
    }
    numberPattern.lastIndex = i;
    const number = numberPattern.exec(text);
    if (!number) return i;
    i += number[0].length;
    state = 'after';
  }
}

/** Where `text` stops being JSON, as a line and a column, or undefined when it is valid. */
export function locateJsonError(text: string): JsonSyntaxError | undefined {
  const offset = jsonErrorOffset(text);
  if (offset === undefined) return undefined;
  const before = text.slice(0, offset);
  const lineStart = before.lastIndexOf('\n') + 1;
  return {
    line: before.split('\n').length,
    column: offset - lineStart + 1,
    atEnd: offset >= text.trimEnd().length,
  };
}

/**
 * What is wrong with a text JSON.parse refused, in our words in both languages: where it
 * stops being JSON ("line 3, column 14"), or that it ends too early. JSON.parse's own message
 * (English, worded differently by each engine) belongs in the error's details, for the logs.
 */
export function jsonSyntaxProblem(text: string): LocalizedText {
  const found = locateJsonError(text);
  if (!found) return { fr: 'le texte n’est pas du JSON valide', en: 'the text is not valid JSON' };
  if (found.atEnd)
    return {
      fr: `le texte s’arrête avant la fin du JSON, à la ligne ${found.line} (fichier tronqué ?)`,
      en: `the text ends before the JSON does, at line ${found.line} (file cut short?)`,
    };
  return {
    fr: `erreur de syntaxe à la ligne ${found.line}, colonne ${found.column}`,
    en: `syntax error at line ${found.line}, column ${found.column}`,
  };
}
