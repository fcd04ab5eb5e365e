import type { Command } from 'commander';
import { describeLocation, JalonError } from '../../core/errors.ts';
import { listActions, listObjectives } from '../../core/plan-walk.ts';
import type { Plan } from '../../core/plan-schema.ts';
import { statusLabel } from '../../core/status.ts';
import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import type { ColumnMapping, ColumnReason, ColumnRole, ImportReading } from '../../core/column-roles.ts';
import { parseMappingEntries, parseMappingFile } from '../../import/column-mapping.ts';
import {
  importFile,
  importFormats,
  type ImportFormat,
  type ImportOptions,
  type ImportResult,
} from '../../import/import-file.ts';
import {
  DEFAULT_MAX_IMPORT_MB,
  importMemoryFromEnv,
  importSizeLimit,
} from '../../import/import-size-limit.ts';
import { printJson, progress } from '../output.ts';

interface ImportCommandOptions {
  format: string;
  maxSize?: string;
  json?: boolean;
  save?: boolean;
  map: string[];
  mapFile?: string;
  cluster?: string;
  institution: string[];
}

/** The roles as the summary names them. */
const roleNames: Record<ColumnRole, string> = {
  axis: 'axis',
  subdimension: 'sub-dimension',
  generalObjective: 'general objective',
  objective: 'objective',
  text: 'action text',
  step: 'step',
  sites: 'sites',
  references: 'references',
  steeringLevel: 'steering level',
  guarantor: 'guarantor',
  expectedResults: 'expected results',
  responsibles: 'responsibles',
  indicators: 'indicators',
  status: 'status',
  deadline: 'deadline',
  statusDeadline: 'status and deadline',
  priority: 'priority',
  conditions: 'conditions',
  tasks: 'tasks',
  notes: 'notes',
  identifier: 'number',
  actionReferences: "action's references",
  actionSteeringLevel: "action's steering level",
  actionGuarantor: "action's guarantor",
  actionExpectedResults: "action's expected results",
  kind: 'row type',
  statusCode: 'status code',
  periodStart: 'period start',
  periodEnd: 'period end',
  actionId: 'Jalon id',
  parentObjective: 'parent objective',
  scope: 'scope',
  isNew: 'new',
  completionNote: 'completion note',
  timelineSlot: 'quadrimester',
  extra: 'extra field',
};

function rows(min: number, max: number): string {
  return min === max ? `${min} rows` : `${min}–${max} rows`;
}

/** A reason as the summary words it: "merged over 3–5 rows", "header 'Owner'". */
export function describeReason(reason: ColumnReason): string {
  switch (reason.code) {
    case 'header':
      return `header "${reason.label}"`;
    case 'unknown-header':
      return `header "${reason.label}" is no known field`;
    case 'merged':
      return `merged over ${rows(reason.min, reason.max)}`;
    case 'repeated':
      return `same value over ${rows(reason.min, reason.max)}`;
    case 'group-starts':
      return `filled at the start of groups of ${rows(reason.min, reason.max)}`;
    case 'nested':
      return `groups within "${reason.within}"`;
    case 'varies':
      return 'changes from row to row';
    case 'position':
      return 'unlabelled first column';
    case 'site-marks':
      return `marks the actions of ${reason.site}`;
    case 'mapping':
      return 'chosen with --map';
    case 'remembered':
      return `remembered for ${reason.institution || 'the institution'}`;
  }
}

/** How each table's columns were read, for the summary. */
export function readingLines(reading: ImportReading): string[] {
  const lines: string[] = [];
  for (const table of reading.tables) {
    const name = typeof table.table === 'number' ? `table ${table.table}` : `sheet "${table.table}"`;
    const more = table.continuedIn.length ? `, continued in ${table.continuedIn.length} more` : '';
    lines.push(
      `Columns of ${name}${table.headerRow !== null ? ` (header on row ${table.headerRow})` : ''}${more}:`,
    );
    for (const column of table.columns) {
      const label = column.label || `(column ${column.column + 1})`;
      const why = column.reasons.map(describeReason).join('; ');
      lines.push(
        `  ${label.slice(0, 34).padEnd(34)} → ${roleNames[column.role].padEnd(18)} ${column.confidence.padEnd(6)} ${why}`,
      );
    }
  }
  for (const level of reading.levels) {
    lines.push(
      `Levels: ${level.count} ${roleNames[level.role]}${level.count > 1 ? 's' : ''} from ${level.source} (${level.examples.map((e) => `"${e}"`).join(', ')})`,
    );
  }
  return lines;
}

/** The readable summary of an imported plan: what a coordinator checks before saving it. */
export function summaryLines(result: ImportResult): string[] {
  const { plan } = result;
  const actions = listActions(plan);
  const lines: string[] = [];
  lines.push(`${plan.title}  (${result.file}, read as ${result.format})`);
  for (const [label, value] of [
    ['Institution', plan.institution],
    ['Department', plan.department],
    ['Programme', plan.programme],
    ['Version', [plan.version.label, plan.version.date].filter(Boolean).join(', ')],
    [
      'Sites',
      plan.sites.map((s) => (s.name && s.name !== s.code ? `${s.code} (${s.name})` : s.code)).join(', '),
    ],
    ['Timeline years', plan.timelineYears.join(', ')],
  ] as const) {
    if (value) lines.push(`${label}: ${value}`);
  }
  lines.push(
    `${plan.axes.length} axes, ${listObjectives(plan).length} objectives, ${actions.length} actions` +
      `, ${plan.sections.length} narrative sections, ${plan.signatories.length} signatories`,
  );
  for (const axis of plan.axes) {
    const inAxis = actions.filter((a) => a.axis === axis);
    const objectives = listObjectives(plan).filter((o) => o.axis === axis).length;
    const subs = axis.subdimensions.length ? `, ${axis.subdimensions.length} sub-dimensions` : '';
    lines.push(
      `  Axe ${axis.number ?? '-'} ${axis.title}: ${objectives} objectives${subs}, ${inAxis.length} actions`,
    );
  }
  const perSite = new Map<string, number>();
  for (const { action } of actions) {
    const keys = action.sites.length ? action.sites : ['(all sites)'];
    for (const key of keys) perSite.set(key, (perSite.get(key) ?? 0) + 1);
  }
  lines.push(`Actions per site: ${[...perSite].map(([site, n]) => `${site} ${n}`).join(', ')}`);
  const statuses = new Map<string, number>();
  for (const { action } of actions) {
    const key = action.status ? statusLabel(action.status, 'fr') : 'sans statut';
    statuses.set(key, (statuses.get(key) ?? 0) + 1);
  }
  lines.push(`Statuses: ${[...statuses].map(([s, n]) => `${s} ${n}`).join(', ')}`);
  lines.push(...readingLines(result.reading));
  lines.push(`Warnings: ${plan.warnings.length}`);
  for (const warning of plan.warnings) {
    const where = describeLocation(warning.location);
    lines.push(`  [${warning.code}] ${warning.message}${where ? ` (${where})` : ''}`);
  }
  return lines;
}

/** Stores the plan in the database named by DATABASE_URL / JALON_DATA, as `jalon serve` would find it. */
async function savePlan(plan: Plan): Promise<{ planId: string; location: string }> {
  const { withDatabase } = await import('../database.ts');
  const { storeNewPlan } = await import('../../server/commands/store-plan.ts');
  return withDatabase(async (handle) => {
    const stored = await storeNewPlan(handle.db, { actor: null, plan });
    return { planId: stored.planId, location: handle.location };
  });
}

/** `--institution NAME` for every file, `--institution FILE=NAME` for the file of that name (or path). */
function institutionFallback(entries: string[]): (file: string) => string | undefined {
  const byFile = new Map<string, string>();
  let everyFile: string | undefined;
  for (const entry of entries) {
    const split = entry.indexOf('=');
    if (split > 0) byFile.set(entry.slice(0, split).trim(), entry.slice(split + 1).trim());
    else everyFile = entry.trim();
  }
  return (file) => byFile.get(file) ?? byFile.get(basename(file)) ?? everyFile;
}

/**
 * `--cluster`: every file (folders expanded) stored in the cluster on its own, progress on
 * stderr, the report on stdout (JSON with --json); exit code 1 when any file failed.
 */
async function importIntoCluster(
  paths: string[],
  options: ImportCommandOptions,
  importOptions: ImportOptions,
): Promise<void> {
  const { withDatabase } = await import('../database.ts');
  const { expandPlanPaths, importFilesIntoCluster, bulkReportLines } = await import('../cluster-import.ts');
  const files = await expandPlanPaths(paths);
  const report = await withDatabase(({ db }) =>
    importFilesIntoCluster(db, {
      clusterName: options.cluster!,
      files,
      institution: institutionFallback(options.institution),
      importOptions,
      showProgress: true,
    }),
  );
  if (options.json) printJson(report);
  else process.stdout.write(`${bulkReportLines(report).join('\n')}\n`);
  if (report.failed > 0) process.exitCode = 1;
}

/** --map-file, then the --map entries over it. */
async function readMapping(options: ImportCommandOptions): Promise<ColumnMapping | null> {
  let mapping: ColumnMapping = {};
  if (options.mapFile) {
    let text: string;
    try {
      text = await readFile(options.mapFile, 'utf8');
    } catch (error) {
      throw new JalonError(
        'NOT_FOUND',
        {
          fr: `--map-file ${options.mapFile} : fichier introuvable.`,
          en: `--map-file ${options.mapFile}: no such file.`,
        },
        { location: { file: options.mapFile }, cause: error },
      );
    }
    mapping = parseMappingFile(text, options.mapFile);
  }
  mapping = { ...mapping, ...parseMappingEntries(options.map) };
  return Object.keys(mapping).length > 0 ? mapping : null;
}

export function register(program: Command): void {
  program
    .command('import')
    .description(
      'read a plan file and print its summary, or the plan in the Jalon format (--json); with --cluster, store many plans in a cluster',
    )
    .argument(
      '<files...>',
      'the plan: docx, xlsx, csv, tsv, txt (pasted Word text), md, pdf or json; with --cluster, any number of files and folders',
    )
    .option('--format <format>', `auto|${importFormats.join('|')}`, 'auto')
    .option('--json', 'print the plan in the Jalon plan format (JSON)')
    .option(
      '--max-size <MB>',
      `largest file accepted, in megabytes (default: JALON_MAX_IMPORT_MB, else ${DEFAULT_MAX_IMPORT_MB})`,
    )
    .option(
      '--map <header=role>',
      'read the column with this header as this role, e.g. --map "Axe/Objectif=objective" --map "KPI=indicators" (repeatable)',
      (value: string, previous: string[]) => [...previous, value],
      [],
    )
    .option(
      '--map-file <file>',
      'column roles from a file: JSON {"header": "role"} or one header=role a line',
    )
    .option('--save', 'store the plan in the database (DATABASE_URL, or the embedded one in JALON_DATA)')
    .option(
      '--cluster <name>',
      'store every file as a plan of this cluster, each on its own (one failing file does not stop the others); prints a report per file',
    )
    .option(
      '--institution <name>',
      'the institution of plans whose document does not name one; FILE=NAME for one file (by its name), repeatable',
      (value: string, previous: string[]) => [...previous, value],
      [],
    )
    .action(async (files: string[], options: ImportCommandOptions) => {
      const format = options.format.toLowerCase();
      if (format !== 'auto' && !importFormats.includes(format as ImportFormat)) {
        throw new JalonError('UNSUPPORTED_FORMAT', {
          fr: `--format ${options.format} : choisissez auto ou l’un de ${importFormats.join(', ')}.`,
          en: `--format ${options.format}: use auto or one of ${importFormats.join(', ')}.`,
        });
      }
      const maxBytes = importSizeLimit(options.maxSize);
      // The expanded size and the cells follow JALON_IMPORT_MEMORY_MB, as on the server.
      const { maxExpandedBytes, maxCells } = importMemoryFromEnv();
      const mapping = await readMapping(options);
      if (options.cluster !== undefined) {
        await importIntoCluster(files, options, {
          format: format as ImportFormat | 'auto',
          maxBytes,
          maxExpandedBytes,
          maxCells,
          ...(mapping ? { mapping } : {}),
        });
        return;
      }
      if (files.length > 1)
        throw new JalonError('BAD_INPUT', {
          fr: `${files.length} fichiers donnés : importez-les dans un groupe de plans avec --cluster NOM, ou un à la fois.`,
          en: `${files.length} files given: import them into a cluster with --cluster NAME, or one at a time.`,
        });
      const file = files[0]!;
      const result = await importFile(file, {
        format: format as ImportFormat | 'auto',
        maxBytes,
        maxExpandedBytes,
        maxCells,
        ...(mapping ? { mapping } : {}),
      });
      const fallback = institutionFallback(options.institution)(file);
      if (!result.plan.institution?.trim() && fallback) result.plan.institution = fallback;
      let saved: { planId: string; location: string } | null = null;
      if (options.save) saved = await savePlan(result.plan);
      if (options.json) {
        printJson(saved ? { ...result.plan, id: saved.planId } : result.plan);
      } else {
        process.stdout.write(`${summaryLines(result).join('\n')}\n`);
      }
      if (saved) progress(`Saved as plan ${saved.planId} in ${saved.location}.`);
    });
}
