import type { Command } from 'commander';
import { readFileSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { writeBackup } from '../../db/backup.ts';
import { withDatabase } from '../database.ts';
import { printJson, progress } from '../output.ts';

const pkg = JSON.parse(readFileSync(new URL('../../../package.json', import.meta.url), 'utf8')) as {
  version: string;
};

export function register(program: Command): void {
  program
    .command('backup')
    .description('save the whole database (plans, versions, history, users, evidence) to a file')
    .argument(
      '<file>',
      'the backup file to write (gzipped JSON lines, e.g. jalon-2026-12-01.jalon-backup.gz)',
    )
    .option('--json', 'print the result as JSON')
    .action(async (file: string, options: { json?: boolean }) => {
      const started = performance.now();
      const counts: Record<string, number> = {};
      const bytes = await withDatabase(({ db }) =>
        writeBackup(db, {
          jalonVersion: pkg.version,
          onProgress: ({ table, rows, total }) => {
            counts[table] = total;
            if (!options.json && rows === total) progress(`  ${table} : ${total} ligne(s)`);
          },
        }),
      );
      await writeFile(file, bytes);
      const seconds = (performance.now() - started) / 1000;
      if (options.json)
        printJson({ file: path.resolve(file), bytes: bytes.byteLength, seconds, tables: counts });
      else progress(`sauvegarde écrite : ${file} (${bytes.byteLength} octets, ${seconds.toFixed(1)} s)`);
    });
}
