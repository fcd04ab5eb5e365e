import type { Command } from 'commander';
import { createClusterRequestSchema } from '../../core/api/clusters.ts';
import { computeClusterPlanFigures } from '../../core/cluster-stats.ts';
import { JalonError } from '../../core/errors.ts';
import { findClusterByName, listClusters, listPlansOfCluster } from '../../db/repositories/clusters.ts';
import { loadPlan } from '../../db/repositories/plan-tree.ts';
import { createCluster } from '../../server/commands/create-cluster.ts';
import { presentCluster, presentClusterPlanRow } from '../../server/presenters/cluster.ts';
import { validateRequest } from '../../server/validate-request.ts';
import { withDatabase } from '../database.ts';
import { printJson, progress } from '../output.ts';

function percent(part: number, whole: number): string {
  return whole === 0 ? '—' : `${Math.round((100 * part) / whole)} %`;
}

export function register(program: Command): void {
  const cluster = program
    .command('cluster')
    .description('clusters: plans of one programme from several institutions, compared side by side');

  cluster
    .command('create')
    .description('create a cluster; fill it with jalon import --cluster NAME FILES...')
    .argument('<name>', 'its name, e.g. "Assistant social 2025-2026"')
    .option('--programme <programme>', 'the programme evaluated')
    .option('--year <year>', 'the evaluation year, e.g. 2025-2026')
    .option('--owner <body>', 'the agency or body that owns it, e.g. AEQES')
    .option('--json', 'print the cluster as JSON')
    .action(
      async (
        name: string,
        options: { programme?: string; year?: string; owner?: string; json?: boolean },
      ) => {
        const request = validateRequest(createClusterRequestSchema, {
          name,
          programme: options.programme,
          evaluationYear: options.year,
          owner: options.owner,
        });
        const created = await withDatabase(({ db }) => createCluster(db, { actor: null, cluster: request }));
        const shown = presentCluster(created);
        if (options.json) printJson(shown);
        else progress(`Cluster "${shown.name}" created (${shown.id}).`);
      },
    );

  cluster
    .command('list')
    .description('the clusters and how many plans each holds')
    .option('--json', 'print the list as JSON')
    .action(async (options: { json?: boolean }) => {
      const rows = (await withDatabase(({ db }) => listClusters(db, null))).map(presentCluster);
      if (options.json) return printJson({ clusters: rows });
      if (rows.length === 0) process.stdout.write('No cluster.\n');
      for (const c of rows) {
        const about = [c.programme, c.evaluationYear, c.owner].filter(Boolean).join(', ');
        process.stdout.write(`${c.id}  ${c.name}${about ? ` (${about})` : ''}: ${c.planCount} plans\n`);
      }
    });

  cluster
    .command('show')
    .description(
      'one row per plan of the cluster: version, actions, statuses, overdue, recommendations answered',
    )
    .argument('<name>', 'the cluster')
    .option('--json', 'print the rows as JSON')
    .action(async (name: string, options: { json?: boolean }) => {
      const today = new Date().toISOString().slice(0, 10);
      const result = await withDatabase(async ({ db }) => {
        const found = await findClusterByName(db, name);
        if (!found)
          throw new JalonError('NOT_FOUND', {
            fr: `Aucun groupe de plans « ${name} ».`,
            en: `No cluster "${name}".`,
          });
        const plans = [];
        for (const row of await listPlansOfCluster(db, found.id)) {
          const plan = await loadPlan(db, row.planId);
          if (plan) plans.push(presentClusterPlanRow(row, computeClusterPlanFigures(plan, today)));
        }
        return { cluster: presentCluster(found), plans };
      });
      if (options.json) return printJson(result);
      process.stdout.write(`${result.cluster.name}: ${result.plans.length} plans\n`);
      for (const p of result.plans) {
        process.stdout.write(
          `${(p.institution ?? '?').padEnd(30)} ${p.title.slice(0, 40).padEnd(40)} ${String(p.actionCount).padStart(4)} actions, ${p.overdue} overdue, recommendations answered ${percent(p.answered, p.recommendations)}\n`,
        );
      }
    });
}
