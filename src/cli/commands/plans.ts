import type { Command } from 'commander';
import { JalonError } from '../../core/errors.ts';
import { findPlanVersion, listPlanVersions } from '../../db/repositories/follow-up.ts';
import { listPlanSummaries } from '../../db/repositories/plans.ts';
import { freezeVersion } from '../../server/commands/freeze-version.ts';
import { publishVersion } from '../../server/commands/publish-version.ts';
import { notFoundText } from '../../server/object-names.ts';
import { withDatabase } from '../database.ts';
import { printJson, progress } from '../output.ts';

const everyPlan = { all: true, planIds: [], programmeIds: [], institutionIds: [] };

export function register(program: Command): void {
  const plans = program
    .command('plans')
    .description('the plans stored in the database, and their versions')
    .option('--json', 'print the list as JSON')
    .action(async (options: { json?: boolean }) => {
      const rows = await withDatabase(async ({ db }) => {
        const summaries = await listPlanSummaries(db, everyPlan);
        return Promise.all(
          summaries.map(async (p) => ({
            id: p.id,
            title: p.title,
            versionLabel: p.versionLabel,
            actions: Number(p.actionCount),
            versions: (await listPlanVersions(db, p.id)).map((v) => ({
              id: v.id,
              label: v.label,
              publicPath: v.publicSlug ? `/public/${v.publicSlug}` : null,
            })),
          })),
        );
      });
      if (options.json) {
        printJson({ plans: rows });
        return;
      }
      if (rows.length === 0) process.stdout.write('Aucun plan enregistré.\n');
      for (const p of rows) {
        process.stdout.write(
          `${p.id}  ${p.title}${p.versionLabel ? ` — ${p.versionLabel}` : ''} (${p.actions} actions)\n`,
        );
        for (const v of p.versions)
          process.stdout.write(
            `    version ${v.id}  ${v.label}${v.publicPath ? `  publiée : ${v.publicPath}` : ''}\n`,
          );
      }
    });

  plans
    .command('freeze')
    .description('freeze a plan as a named version; with --next, the living plan becomes the next version')
    .argument('<plan>', 'the plan id')
    .requiredOption('--label <label>', 'name of the frozen version ("Plan d\'action 2015")')
    .option('--date <date>', 'date of the version as the document gives it')
    .option(
      '--next <label>',
      'label of the next version the living plan becomes ("Plan d\'action actualisé 2020")',
    )
    .option('--json', 'print the result as JSON')
    .action(
      async (planId: string, options: { label: string; date?: string; next?: string; json?: boolean }) => {
        const result = await withDatabase(({ db }) =>
          freezeVersion(db, null, planId, {
            label: options.label,
            ...(options.date ? { versionDate: options.date } : {}),
            ...(options.next ? { next: { label: options.next } } : {}),
          }),
        );
        if (options.json) printJson({ versionId: result.id });
        else progress(`version « ${options.label} » figée : ${result.id}`);
      },
    );

  plans
    .command('publish')
    .description('publish a frozen version at a public address (or withdraw it with --withdraw)')
    .argument('<plan>', 'the plan id')
    .argument('<version>', 'the version id')
    .option('--withdraw', 'withdraw the publication')
    .option('--json', 'print the result as JSON')
    .action(async (planId: string, versionId: string, options: { withdraw?: boolean; json?: boolean }) => {
      const version = await withDatabase(async ({ db }) => {
        await publishVersion(db, null, planId, versionId, !options.withdraw);
        return findPlanVersion(db, planId, versionId);
      });
      if (!version) throw new JalonError('NOT_FOUND', notFoundText('version', versionId));
      const publicPath = version.publicSlug ? `/public/${version.publicSlug}` : null;
      if (options.json) printJson({ versionId, publicPath });
      else progress(publicPath ? `publiée à ${publicPath}` : 'publication retirée');
    });
}
