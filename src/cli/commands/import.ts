import type { Command } from 'commander';
import { describeLocation, JalonError } from '../../core/errors.ts';
import { listActions, listObjectives } from '../../core/plan-walk.ts';
import type { Plan } from '../../core/plan-schema.ts';
import { statusLabel } from '../../core/status.ts';
import { importFile, importFormats, type ImportFormat, type ImportResult } from '../../import/import-file.ts';
import { DEFAULT_MAX_IMPORT_MB, importSizeLimit } from '../../import/import-size-limit.ts';
import { printJson, progress } from '../output.ts';

interface ImportCommandOptions {
  format: string;
  maxSize?: string;
  json?: boolean;
  save?: boolean;
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

export function register(program: Command): void {
  program
    .command('import')
    .description('read a plan file and print its summary, or the plan in the Jalon format (--json)')
    .argument('<file>', 'the plan: docx, xlsx, csv, tsv, txt (pasted Word text), md, pdf or json')
    .option('--format <format>', `auto|${importFormats.join('|')}`, 'auto')
    .option('--json', 'print the plan in the Jalon plan format (JSON)')
    .option(
      '--max-size <MB>',
      `largest file accepted, in megabytes (default: JALON_MAX_IMPORT_MB, else ${DEFAULT_MAX_IMPORT_MB})`,
    )
    .option('--save', 'store the plan in the database (DATABASE_URL, or the embedded one in JALON_DATA)')
    .action(async (file: string, options: ImportCommandOptions) => {
      const format = options.format.toLowerCase();
      if (format !== 'auto' && !importFormats.includes(format as ImportFormat)) {
        throw new JalonError(
          'UNSUPPORTED_FORMAT',
          `--format ${options.format}: use auto or one of ${importFormats.join(', ')}.`,
        );
      }
      const maxBytes = importSizeLimit(options.maxSize);
      const result = await importFile(file, { format: format as ImportFormat | 'auto', maxBytes });
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
