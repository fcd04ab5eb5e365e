import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { JalonError } from '../core/errors.ts';
import type { ColumnMapping, ImportReading } from '../core/column-roles.ts';
import type { Plan, PlanWarning } from '../core/plan-schema.ts';
import type { Template } from '../core/plan-template.ts';
import { importMemoryFromEnv, importSizeLimit } from '../import/import-size-limit.ts';
import { ImportQueue, importQueue } from './import-queue.ts';
import { importInWorker } from './import-worker.ts';
import { timeImport } from './metrics.ts';

interface ImportModule {
  importFile(
    input: { name: string; bytes: Uint8Array },
    options?: {
      format?: string;
      maxBytes?: number;
      maxExpandedBytes?: number;
      maxCells?: number;
      mapping?: ColumnMapping;
      remembered?: { mapping: ColumnMapping; institution: string } | null;
      template?: Template | null;
    },
  ): Promise<{ plan: Plan; warnings?: PlanWarning[]; reading: ImportReading }>;
}

interface ZipModule {
  zipExpandsBeyond(bytes: Uint8Array, limit: number): boolean;
}

let importer: Promise<{ module: ImportModule; zip: ZipModule } | null> | null = null;

/** The importers (src/import), loaded on first use so the server starts fast and without them. */
function loadImporter(): Promise<{ module: ImportModule; zip: ZipModule } | null> {
  importer ??= (async () => {
    if (!existsSync(fileURLToPath(new URL('../import/import-file.ts', import.meta.url)))) return null;
    return {
      module: (await import('../import/import-file.ts' as string)) as ImportModule,
      zip: (await import('../import/zip-archive.ts' as string)) as ZipModule,
    };
  })();
  return importer;
}

/**
 * What makes an import large: a file over 2 MB, a text over 256 kB (each separator a cell),
 * or a Word or Excel file whose parts expand to more than 2 MB (counted by inflating, as far
 * as that, since declared sizes can lie). The reference plans are 20–40 kB of Word expanding
 * to 1 MB at most: they stay small, read at once.
 */
export const largeImport = {
  fileBytes: 2 * 1024 * 1024,
  textBytes: 256 * 1024,
  expandedBytes: 2 * 1024 * 1024,
};

function isLargeImport(bytes: Uint8Array, zip: ZipModule): boolean {
  if (bytes.byteLength > largeImport.fileBytes) return true;
  const isZip = bytes[0] === 0x50 && bytes[1] === 0x4b;
  const isPdf = bytes[0] === 0x25 && bytes[1] === 0x50 && bytes[2] === 0x44 && bytes[3] === 0x46;
  if (!isZip && !isPdf) return bytes.byteLength > largeImport.textBytes;
  return isZip && zip.zipExpandsBeyond(bytes, largeImport.expandedBytes);
}

/**
 * Small imports run in this thread, two at a time (reading a Word file yields between its
 * pieces, so more would only add their memory up); large ones wait in `importQueue`.
 */
const smallImports = new ImportQueue(2, Number.POSITIVE_INFINITY);

/** The upload limit the transport enforces: JALON_MAX_IMPORT_MB (default 50 MB), read at start. */
export const MAX_UPLOAD_BYTES = importSizeLimit();

/**
 * Reads an uploaded or pasted plan through the importers: the plan and what the reader warns
 * about. A large import waits for its turn in the process's queue, where `owner` (the user's
 * id) can see its position, and runs in a thread of its own with a capped heap.
 */
export async function importPlanFile(
  input: { name: string; bytes: Uint8Array },
  format?: string,
  columns: {
    mapping?: ColumnMapping | undefined;
    remembered?: { mapping: ColumnMapping; institution: string } | null;
    owner?: string | null;
    /** The institution's template the document is written in: its columns are read into custom fields. */
    template?: Template | null;
  } = {},
): Promise<{ plan: Plan; warnings: PlanWarning[]; reading: ImportReading }> {
  const loaded = await loadImporter();
  if (!loaded) {
    throw new JalonError('UNSUPPORTED_FORMAT', {
      fr: 'L’import de fichiers n’est pas encore disponible sur ce serveur.',
      en: 'File import is not available on this server yet.',
    });
  }
  // JALON_IMPORT_MEMORY_MB sets the expanded size, the cells and the thread's heap together.
  const memory = importMemoryFromEnv();
  const options = {
    ...(format ? { format } : {}),
    // Read on each import, like the CLI: the file is refused by name with the limit in the message.
    maxBytes: importSizeLimit(),
    maxExpandedBytes: memory.maxExpandedBytes,
    maxCells: memory.maxCells,
    ...(columns.mapping ? { mapping: columns.mapping } : {}),
    ...(columns.remembered ? { remembered: columns.remembered } : {}),
    ...(columns.template ? { template: columns.template } : {}),
  };
  const owner = columns.owner ?? null;
  // A file over the limit is refused at once, by the importer's own message, without queueing.
  const large = input.bytes.byteLength <= options.maxBytes && isLargeImport(input.bytes, loaded.zip);
  const result = await timeImport(large ? 'large' : 'small', () =>
    large
      ? importQueue.run(owner, input.bytes.byteLength, () => importInWorker(input, options, memory.heapMb))
      : smallImports.run(owner, input.bytes.byteLength, () => loaded.module.importFile(input, options)),
  );
  return {
    plan: result.plan,
    warnings: result.warnings ?? result.plan.warnings ?? [],
    reading: result.reading,
  };
}
