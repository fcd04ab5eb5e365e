import { readdir, stat } from 'node:fs/promises';
import { extname, join } from 'node:path';
import cliProgress from 'cli-progress';
import type { BulkImportFileReport, BulkImportReport } from '../core/api/clusters.ts';
import { describeLocation, JalonError } from '../core/errors.ts';
import { listActions } from '../core/plan-walk.ts';
import type { Database } from '../db/connection.ts';
import { findClusterByName } from '../db/repositories/clusters.ts';
import { importFile, type ImportOptions } from '../import/import-file.ts';
import { institutionOfImport, storePlanInCluster } from '../server/commands/store-plan-in-cluster.ts';

/** Extensions a folder is searched for; files named one by one are tried whatever their name. */
const planExtensions = new Set([
  '.docx',
  '.docm',
  '.xlsx',
  '.xlsm',
  '.csv',
  '.tsv',
  '.tab',
  '.txt',
  '.md',
  '.pdf',
  '.json',
]);

/** The files named, with each folder replaced by the plan files in it (and its sub-folders), by name. */
export async function expandPlanPaths(paths: string[]): Promise<string[]> {
  const files: string[] = [];
  for (const path of paths) {
    const info = await stat(path).catch(() => null);
    if (info?.isDirectory()) {
      const entries = await readdir(path, { recursive: true, withFileTypes: true });
      const found = entries
        .filter((e) => e.isFile() && planExtensions.has(extname(e.name).toLowerCase()))
        .map((e) => join(e.parentPath, e.name))
        .sort((a, b) => a.localeCompare(b));
      if (found.length === 0)
        throw new JalonError(
          'BAD_INPUT',
          { fr: `${path} ne contient aucun fichier de plan.`, en: `${path} holds no plan file.` },
          { location: { file: path } },
        );
      files.push(...found);
    } else {
      // A missing file is reported with the others, as that file's error.
      files.push(path);
    }
  }
  return files;
}

/** Shows which file is being read: a bar in a terminal, one line a file otherwise (logs, CI). */
function progressDisplay(total: number) {
  if (process.stderr.isTTY) {
    const bar = new cliProgress.SingleBar(
      { format: 'Import [{bar}] {value}/{total} {file}', stream: process.stderr, hideCursor: true },
      cliProgress.Presets.shades_classic,
    );
    bar.start(total, 0, { file: '' });
    return {
      start: (index: number, file: string) => bar.update(index, { file }),
      done: (index: number, _line: string) => bar.update(index + 1),
      stop: () => bar.stop(),
    };
  }
  return {
    start: (index: number, file: string) => process.stderr.write(`[${index + 1}/${total}] ${file}…\n`),
    done: (_index: number, line: string) => process.stderr.write(`      ${line}\n`),
    stop: () => {},
  };
}

function locationOf(error: unknown): BulkImportFileReport['error'] {
  const jalon = error instanceof JalonError ? error : null;
  const location = jalon?.location;
  return {
    code: jalon?.code ?? 'INTERNAL',
    message: error instanceof Error ? error.message : String(error),
    location: location
      ? {
          ...(location.file !== undefined ? { file: location.file } : {}),
          ...(location.table !== undefined ? { table: location.table } : {}),
          ...(location.row !== undefined ? { row: location.row } : {}),
          ...(location.column !== undefined ? { column: location.column } : {}),
          ...(location.page !== undefined ? { page: location.page } : {}),
        }
      : null,
  };
}

/**
 * Imports each file on its own into the cluster: read, find its institution, store it in one
 * transaction. A file that fails is reported with its error and where it is, and the next one
 * is read all the same.
 */
export async function importFilesIntoCluster(
  db: Database,
  input: {
    clusterName: string;
    files: string[];
    /** The institution of a file whose document names none. */
    institution: (file: string) => string | undefined;
    importOptions: ImportOptions;
    showProgress: boolean;
  },
): Promise<BulkImportReport> {
  const cluster = await findClusterByName(db, input.clusterName);
  if (!cluster)
    throw new JalonError('NOT_FOUND', {
      fr: `Aucun groupe de plans « ${input.clusterName} » : créez-le avec jalon cluster create.`,
      en: `No cluster "${input.clusterName}": create it with jalon cluster create.`,
    });
  const display = input.showProgress ? progressDisplay(input.files.length) : null;
  const reports: BulkImportFileReport[] = [];
  for (const [index, file] of input.files.entries()) {
    display?.start(index, file);
    const report: BulkImportFileReport = {
      file,
      ok: false,
      planId: null,
      title: null,
      institution: null,
      institutionFrom: null,
      format: null,
      actions: 0,
      warnings: [],
      error: null,
    };
    try {
      const result = await importFile(file, input.importOptions);
      report.format = result.format;
      report.title = result.plan.title;
      report.actions = listActions(result.plan).length;
      report.warnings = result.plan.warnings;
      const { institution, from } = institutionOfImport(result.plan, file, input.institution(file), {
        fr: 'indiquez-la avec --institution.',
        en: 'give it with --institution.',
      });
      report.institution = institution;
      report.institutionFrom = from;
      const stored = await storePlanInCluster(db, {
        actor: null,
        clusterId: cluster.id,
        plan: { ...result.plan, institution },
      });
      report.planId = stored.planId;
      report.ok = true;
    } catch (error) {
      report.error = locationOf(error);
    }
    reports.push(report);
    display?.done(
      index,
      report.ok
        ? `stored: ${report.actions} actions, ${report.warnings.length} warnings`
        : `FAILED: ${report.error!.message}`,
    );
  }
  display?.stop();
  const stored = reports.filter((r) => r.ok).length;
  return {
    cluster: { id: cluster.id, name: cluster.name },
    files: reports,
    stored,
    failed: reports.length - stored,
  };
}

/** The per-file report as people read it. */
export function bulkReportLines(report: BulkImportReport): string[] {
  const lines = [`Cluster "${report.cluster.name}": ${report.stored} stored, ${report.failed} failed.`];
  for (const file of report.files) {
    if (file.ok) {
      const from = file.institutionFrom === 'fallback' ? ' (from --institution)' : '';
      lines.push(
        `OK      ${file.file}  → plan ${file.planId}, ${file.institution}${from}, ${file.actions} actions, ${file.warnings.length} warnings (read as ${file.format})`,
      );
      for (const warning of file.warnings) {
        const where = describeLocation(warning.location);
        lines.push(`          [${warning.code}] ${warning.message}${where ? ` (${where})` : ''}`);
      }
    } else {
      const where = describeLocation(file.error?.location ?? undefined);
      const message = file.error?.message ?? '';
      lines.push(
        `FAILED  ${file.file}  [${file.error?.code}] ${message}${where && !message.includes(where) ? ` (${where})` : ''}`,
      );
    }
  }
  return lines;
}
