/**
 * A cell that starts with = + - @ (or a tab or carriage return, which some spreadsheets skip
 * before reading a formula) can run as a formula when a CSV is opened or a cell is edited
 * ("CSV injection"). Such texts get a leading apostrophe, which spreadsheets show as text.
 * Jalon's own readers remove that apostrophe again (docs/export-formats.md).
 */
const formulaStart = /^[=+\-@\t\r]/;

export function neutraliseFormula(text: string): string {
  return formulaStart.test(text) ? `'${text}` : text;
}

/** Whether a text would have been neutralised: for warnings and tests. */
export function looksLikeFormula(text: string): boolean {
  return formulaStart.test(text);
}
