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
    throw new JalonError(
      'BAD_INPUT',
      `${source} ${raw}: expected a size in megabytes greater than 0 (such as ${DEFAULT_MAX_IMPORT_MB}).`,
    );
  }
  return Math.round(value * 1024 * 1024);
}
