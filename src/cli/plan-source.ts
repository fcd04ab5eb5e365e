import { existsSync } from 'node:fs';
import path from 'node:path';
import { JalonError } from '../core/errors.ts';
import { planSchema, type Plan } from '../core/plan-schema.ts';
import { foldText } from '../core/text.ts';
import { findPlanVersion, listPlanVersions } from '../db/repositories/follow-up.ts';
import { loadPlan } from '../db/repositories/plan-tree.ts';
import { listPlanSummaries } from '../db/repositories/plans.ts';
import { notFoundText } from '../server/object-names.ts';
import { withDatabase } from './database.ts';

export interface PlanSource {
  plan: Plan;
  /** How to name it in a report: the file name, or the plan's version label. */
  label: string;
}

/**
 * A plan named on the command line: a file to import (any importable format), or a plan stored
 * in the database — its id or its exact title — optionally at a frozen version:
 * "PLAN@VERSION", the version by id or label ("Plan d'action 2015").
 */
export async function loadPlanSource(source: string): Promise<PlanSource> {
  if (existsSync(source)) {
    const { importFile } = await import('../import/index.ts');
    return { plan: (await importFile(source)).plan, label: path.basename(source) };
  }
  const at = source.lastIndexOf('@');
  const planRef = at > 0 ? source.slice(0, at) : source;
  const versionRef = at > 0 ? source.slice(at + 1) : null;
  return withDatabase(async ({ db }) => {
    const summaries = await listPlanSummaries(db, {
      all: true,
      planIds: [],
      programmeIds: [],
      institutionIds: [],
    });
    const wanted = foldText(planRef).trim();
    const matches = summaries.filter((p) => p.id === planRef || foldText(p.title).trim() === wanted);
    if (matches.length === 0) {
      throw new JalonError('NOT_FOUND', {
        fr: `« ${planRef} » n’est ni un fichier ni un plan de la base : \`jalon plans\` liste les plans enregistrés.`,
        en: `"${planRef}" is neither a file nor a plan of the database: \`jalon plans\` lists the stored plans.`,
      });
    }
    if (matches.length > 1) {
      throw new JalonError('BAD_INPUT', {
        fr: `Plusieurs plans s’intitulent « ${planRef} » : donnez l’identifiant de celui que vous voulez (${matches.map((m) => m.id).join(', ')}).`,
        en: `Several plans are titled "${planRef}": give the id of the one you mean (${matches.map((m) => m.id).join(', ')}).`,
      });
    }
    const summary = matches[0]!;
    if (versionRef) {
      const versions = await listPlanVersions(db, summary.id);
      const folded = foldText(versionRef).trim();
      const version = versions.find((v) => v.id === versionRef || foldText(v.label).trim() === folded);
      const row = version ? await findPlanVersion(db, summary.id, version.id) : null;
      if (!row) {
        const labels = versions.map((v) => v.label).join(', ');
        throw new JalonError('NOT_FOUND', {
          fr: `Le plan « ${summary.title} » n’a pas de version « ${versionRef} » (${versions.length ? `versions : ${labels}` : 'aucune version figée'}).`,
          en: `The plan "${summary.title}" has no version "${versionRef}" (${versions.length ? `versions: ${labels}` : 'no frozen version'}).`,
        });
      }
      return { plan: planSchema.parse(row.snapshot), label: row.label };
    }
    const plan = await loadPlan(db, summary.id);
    if (!plan) throw new JalonError('NOT_FOUND', notFoundText('plan', summary.id));
    return { plan, label: plan.version.label ?? summary.title };
  });
}
