import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** A scratch folder per test file, removed by `cleanup`. */
export async function makeScratch(prefix: string): Promise<{ dir: string; cleanup: () => Promise<void> }> {
  const dir = await mkdtemp(path.join(tmpdir(), `jalon-${prefix}-`));
  return { dir, cleanup: () => rm(dir, { recursive: true, force: true }) };
}

/**
 * Converts a file with LibreOffice headless, with a private profile in the scratch folder so
 * that parallel runs do not share (and lock) one user installation. Returns the converted bytes.
 */
export async function convertWithLibreOffice(
  dir: string,
  fileName: string,
  bytes: Uint8Array,
  target: string,
): Promise<Buffer> {
  const input = path.join(dir, fileName);
  await writeFile(input, bytes);
  await run(
    'soffice',
    [
      `-env:UserInstallation=file://${dir}/lo-profile`,
      '--headless',
      '--convert-to',
      target,
      '--outdir',
      dir,
      input,
    ],
    { timeout: 90_000 },
  );
  const extension = target.split(':')[0]!;
  return readFile(path.join(dir, `${path.parse(fileName).name}.${extension}`));
}

/** The text layer of a PDF (poppler's pdftotext), for checking what a reader sees. */
export async function extractPdfText(dir: string, bytes: Uint8Array, name = 'doc.pdf'): Promise<string> {
  const file = path.join(dir, name);
  await writeFile(file, bytes);
  const { stdout } = await run('pdftotext', ['-enc', 'UTF-8', file, '-'], { maxBuffer: 64 * 1024 * 1024 });
  return stdout;
}

/** The fonts a PDF uses and whether each is embedded (poppler's pdffonts). */
export async function listPdfFonts(
  dir: string,
  bytes: Uint8Array,
): Promise<Array<{ name: string; embedded: boolean }>> {
  const file = path.join(dir, 'fonts.pdf');
  await writeFile(file, bytes);
  const { stdout } = await run('pdffonts', [file]);
  return stdout
    .split('\n')
    .slice(2)
    .filter((line) => line.trim())
    .map((line) => {
      const cols = line.trim().split(/\s+/);
      return { name: cols[0]!, embedded: cols.at(-5) === 'yes' };
    });
}

/** Collapses white space and joins words that a line break cut with a hyphen, to compare texts. */
export function normaliseText(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

/**
 * Whether the needle's characters appear in order in the haystack, close together. pdftotext
 * reads a table row line by line, so the lines of one cell come interleaved with the lines of the
 * cells beside it, and it drops the hyphen and spaces where a word wraps; white space and
 * hyphens are ignored and other cells' text may sit between the needle's lines.
 */
export function containsInterleaved(haystack: string, needle: string): boolean {
  const strip = (s: string) => s.replace(/[\s\-‐–—]+/g, '');
  const hay = strip(haystack);
  const target = strip(needle);
  if (!target) return true;
  // A row split over two pages continues after the page foot and the repeated header row.
  const window = target.length * 6 + 2500;
  for (let start = hay.indexOf(target[0]!); start !== -1; start = hay.indexOf(target[0]!, start + 1)) {
    let i = 0;
    for (let j = start; j < hay.length && j < start + window && i < target.length; j++)
      if (hay[j] === target[i]) i++;
    if (i === target.length) return true;
  }
  return false;
}
