import type { Command } from 'commander';
import { readFile } from 'node:fs/promises';
import { JalonError } from '../../core/errors.ts';
import { restoreBackup } from '../../db/backup.ts';
import { withDatabase } from '../database.ts';
import { printJson, progress } from '../output.ts';

export function register(program: Command): void {
  program
    .command('restore')
    .description('restore a backup made by `jalon backup` into an empty database (all of it or nothing)')
    .argument('<file>', 'the backup file')
    .option('--replace', 'drop what the database holds first (in the same transaction)')
    .option('--json', 'print the result as JSON')
    .action(async (file: string, options: { replace?: boolean; json?: boolean }) => {
      let bytes: Uint8Array;
      try {
        bytes = await readFile(file);
      } catch (error) {
        const code = (error as NodeJS.ErrnoException).code;
        if (code === 'ENOENT') {
          throw new JalonError(
            'NOT_FOUND',
            { fr: `${file} : fichier introuvable.`, en: `${file}: file not found.` },
            { location: { file }, cause: error },
          );
        }
        // The system's own words are English only: the error code says what happened in both languages.
        const reason = code ?? 'error';
        throw new JalonError(
          'FILE_UNREADABLE',
          { fr: `${file} : lecture impossible (${reason}).`, en: `${file}: cannot be read (${reason}).` },
          { location: { file }, cause: error },
        );
      }
      const started = performance.now();
      let shown = '';
      const result = await withDatabase(({ db }) =>
        restoreBackup(db, bytes, {
          fileName: file,
          replace: options.replace ?? false,
          onProgress: ({ table, rows, total }) => {
            if (options.json || rows !== total || shown === table) return;
            shown = table;
            progress(`  ${table} : ${total} ligne(s)`);
          },
        }),
      );
      const seconds = (performance.now() - started) / 1000;
      if (options.json)
        printJson({ file, seconds, backupCreatedAt: result.createdAt, tables: result.tables });
      else progress(`sauvegarde du ${result.createdAt} restaurée en ${seconds.toFixed(1)} s`);
    });
}
