import { JalonError } from '../core/errors.ts';

export const DEFAULT_MAX_IMPORT_MB = 50;

/**
 * The largest file an import accepts, in bytes: the megabytes given (`jalon import
 * --max-size`), else the JALON_MAX_IMPORT_MB environment variable (the CLI and the server read
 * it), else 50 MB. A value that is no positive number of megabytes is refused, naming where it
 * came from.
 */
export function importSizeLimit(
  megabytes?: string | number,
  env: Record<string, string | undefined> = process.env,
): number {
  const given = megabytes !== undefined && megabytes !== '';
  const raw = given ? String(megabytes) : env.JALON_MAX_IMPORT_MB?.trim();
  if (raw === undefined || raw === '') return DEFAULT_MAX_IMPORT_MB * 1024 * 1024;
  const value = Number(raw.replace(',', '.'));
  if (!Number.isFinite(value) || value <= 0 || value > 100_000) {
    const source = given ? '--max-size' : 'JALON_MAX_IMPORT_MB';
    throw new JalonError('BAD_INPUT', {
      fr: `${source} ${raw} : une taille en mégaoctets supérieure à 0 est attendue (par exemple ${DEFAULT_MAX_IMPORT_MB}).`,
      en: `${source} ${raw}: expected a size in megabytes greater than 0 (such as ${DEFAULT_MAX_IMPORT_MB}).`,
    });
  }
  return Math.round(value * 1024 * 1024);
}

/**
 * The memory one import may take on the server, over its idle memory, from the upload to the
 * preview answered and stored, and the limits derived from it so that an import within them
 * stays below it (measured by bench/import-memory-bench.ts on the largest files they accept:
 * docs/benchmarks.md, "Import memory"). For the default 512 MB:
 * - 8 MB: what the markup of a Word or Excel file may expand to (pictures aside). The text
 *   read from it ends in the plan, which the server holds as objects, stores as JSON and
 *   answers as JSON: 11 to 16 times its size for one import, about 45 times with what five
 *   in a row leave to the garbage collector. The 2026 reference plan expands to 1 MB.
 * - 50,000 table cells in the document: the bound on the actions and objectives the plan may
 *   get (each row of a plan table one of them), which cost the server a few kilobytes each
 *   while a preview is read, stored and answered. The 2026 reference plan has 1,651 cells; a
 *   plan exported by Jalon to Excel takes about 38 per action (1,300 actions fit).
 * - 256 MB: the heap of the thread a large import is read in. An import that the limits let
 *   through and that would still need more is stopped there.
 * - 128 MB: the files of large imports waiting for their turn, kept in memory meanwhile.
 * Another memory (JALON_IMPORT_MEMORY_MB) scales all four alike.
 */
export const DEFAULT_IMPORT_MEMORY_MB = 512;

export interface ImportMemoryLimits {
  memoryMb: number;
  maxExpandedBytes: number;
  maxCells: number;
  heapMb: number;
  maxWaitingBytes: number;
}

/** The cells a Word or Excel document may hold by default (see importMemoryLimits). */
export const DEFAULT_MAX_IMPORT_CELLS = 50_000;

export function importMemoryLimits(memoryMb = DEFAULT_IMPORT_MEMORY_MB): ImportMemoryLimits {
  const scale = memoryMb / DEFAULT_IMPORT_MEMORY_MB;
  return {
    memoryMb,
    maxExpandedBytes: Math.round(scale * 8 * 1024 * 1024),
    maxCells: Math.round(scale * DEFAULT_MAX_IMPORT_CELLS),
    heapMb: Math.round(scale * 256),
    maxWaitingBytes: Math.round(scale * 128 * 1024 * 1024),
  };
}

/**
 * The import memory of the server: JALON_IMPORT_MEMORY_MB (default 512), refused, naming the
 * variable, when it is no number of megabytes of at least 64.
 */
export function importMemoryFromEnv(
  env: Record<string, string | undefined> = process.env,
): ImportMemoryLimits {
  const raw = env.JALON_IMPORT_MEMORY_MB?.trim();
  if (!raw) return importMemoryLimits();
  const value = Number(raw.replace(',', '.'));
  if (!Number.isFinite(value) || value < 64 || value > 1_000_000) {
    throw new JalonError('BAD_INPUT', {
      fr: `JALON_IMPORT_MEMORY_MB ${raw} : une mémoire en mégaoctets d’au moins 64 est attendue (par exemple ${DEFAULT_IMPORT_MEMORY_MB}).`,
      en: `JALON_IMPORT_MEMORY_MB ${raw}: expected a memory in megabytes of at least 64 (such as ${DEFAULT_IMPORT_MEMORY_MB}).`,
    });
  }
  return importMemoryLimits(value);
}

/** The refusal of a document with more table cells than an import reads. */
export function tooManyCellsError(file: string, maxCells: number): JalonError {
  return new JalonError(
    'FILE_TOO_LARGE',
    {
      fr: `${file} contient plus de ${maxCells.toLocaleString('fr-BE')} cellules de tableau, plus qu’un import n’en lit : divisez le plan en plusieurs fichiers.`,
      en: `${file} holds more than ${maxCells.toLocaleString('en')} table cells, more than an import reads: split the plan into several files.`,
    },
    { location: { file } },
  );
}
