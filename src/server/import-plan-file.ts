import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { JalonError } from '../core/errors.ts';
import type { ColumnMapping, ImportReading } from '../core/column-roles.ts';
import type { Plan, PlanWarning } from '../core/plan-schema.ts';
import { importSizeLimit } from '../import/import-size-limit.ts';

interface ImportModule {
  importFile(
    input: { name: string; bytes: Uint8Array },
    options?: {
      format?: string;
      maxBytes?: number;
      mapping?: ColumnMapping;
      remembered?: { mapping: ColumnMapping; institution: string } | null;
    },
  ): Promise<{ plan: Plan; warnings?: PlanWarning[]; reading: ImportReading }>;
}

let importer: Promise<ImportModule | null> | null = null;

/** The importers (src/import), loaded on first use so the server starts fast and without them. */
function loadImporter(): Promise<ImportModule | null> {
  importer ??= (async () => {
    if (!existsSync(fileURLToPath(new URL('../import/import-file.ts', import.meta.url)))) return null;
    return (await import('../import/import-file.ts' as string)) as ImportModule;
  })();
  return importer;
}

/** The upload limit the transport enforces: JALON_MAX_IMPORT_MB (default 50 MB), read at start. */
export const MAX_UPLOAD_BYTES = importSizeLimit();

/** Reads an uploaded or pasted plan through the importers: the plan and what the reader warns about. */
export async function importPlanFile(
  input: { name: string; bytes: Uint8Array },
  format?: string,
  columns: {
    mapping?: ColumnMapping | undefined;
    remembered?: { mapping: ColumnMapping; institution: string } | null;
  } = {},
): Promise<{ plan: Plan; warnings: PlanWarning[]; reading: ImportReading }> {
  const module = await loadImporter();
  if (!module) {
    throw new JalonError('UNSUPPORTED_FORMAT', {
      fr: 'L’import de fichiers n’est pas encore disponible sur ce serveur.',
      en: 'File import is not available on this server yet.',
    });
  }
  const result = await module.importFile(input, {
    ...(format ? { format } : {}),
    // Read on each import, like the CLI: the file is refused by name with the limit in the message.
    maxBytes: importSizeLimit(),
    ...(columns.mapping ? { mapping: columns.mapping } : {}),
    ...(columns.remembered ? { remembered: columns.remembered } : {}),
  });
  return {
    plan: result.plan,
    warnings: result.warnings ?? result.plan.warnings ?? [],
    reading: result.reading,
  };
}
